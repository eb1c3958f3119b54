using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Verifier.Shared.Numbers;
using Verifier.Reformulation;

namespace Verifier.Exact.Mip;

/// <summary>The node recursion of <see cref="FarkasBranchingSearch"/>: per-depth buffers, propagation, the choice of the
/// branching cut, the sub-problem question, and the children.</summary>
internal sealed partial class FarkasBranchingSearch
{
    /// <summary>Per-depth buffers, reused by every node at that depth (siblings run one after another), so a node
    /// allocates nothing unless it calls the sub-problem. The node at depth t finds its inputs in <c>Scratch(t)</c>: <see cref="Blocked"/>,
    /// <see cref="Excluded"/> and <see cref="Open"/>.</summary>
    private sealed class DepthScratch(int words, int cutWords, int levels)
    {
        /// <summary>The groups of the families in use.</summary>
        public readonly ulong[] Blocked = new ulong[words];
        /// <summary>The groups excluded by earlier branches (and by propagation above).</summary>
        public readonly ulong[] Excluded = new ulong[words];
        /// <summary>Mask over cuts: the known cuts below the node's scan position that its selection does not hit. Bits
        /// at or beyond the scan position, and words from <see cref="OpenWords"/> on, are zero.</summary>
        public ulong[] Open = new ulong[cutWords];
        public int OpenWords;
        public readonly ulong[] Admissible = new ulong[words];
        public readonly ulong[] Dropped = new ulong[words];
        public readonly ulong[] MustHit = new ulong[levels * words]; // level r at [r·words, (r + 1)·words)
        public readonly ulong[] AdmissibleAt = new ulong[levels * words];
        public readonly bool[] Constrained = new bool[levels];
        public readonly ulong[] LocalExcluded = new ulong[words];
        public readonly ulong[] BranchOn = new ulong[words];
    }

    private DepthScratch Scratch(int depth)
    {
        while (_scratch.Count <= depth) _scratch.Add(new DepthScratch(_words, _cutWords, _maxCost + 1));
        return _scratch[depth];
    }

    /// <summary>
    /// One node: selection <paramref name="chosen"/> (also as <paramref name="chosenMask"/>), budget left, inputs in
    /// <c>Scratch(chosen.Count)</c>; <paramref name="scanned"/> is the number of cuts its open mask accounts for.
    /// </summary>
    /// <remarks>Propagation, to a fixpoint: mustHit[r] is the intersection of the open cuts whose admissible groups all
    /// cost more than r. A group k with mustHit[budget − cost(k)] not containing k is in no solution below this node: the
    /// rest of such a solution costs at most budget − cost(k), so it cannot hit a cut of that intersection that k misses.
    /// Such groups are dropped (and excluded below this node), which may empty a cut (prune) or drop more groups.</remarks>
    private (List<int> Selection, ConeSubproblem.Outcome Outcome)? Branch(List<int> chosen, ulong[] chosenMask, int budget, int scanned,
        CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var here = Scratch(chosen.Count);
        if (chosen.Count == _splitDepth)
        {
            _tasks!.Add(new DeferredNode([.. chosen], (ulong[])here.Blocked.Clone(), (ulong[])here.Excluded.Clone(), budget));
            return null;
        }
        Nodes++;
        if (_pool.Count > _cutCount) ImportCuts(); // cuts found by other workers
        var admissible = here.Admissible;
        var affordable = _affordable[Math.Min(budget, _affordable.Length - 1)];
        for (int w = 0; w < _words; w++) admissible[w] = affordable[w] & ~here.Excluded[w] & ~here.Blocked[w];
        // Hit cuts stay hit in every descendant, so a node inherits its parent's open cuts (less those the last group
        // hits) and scans only the cuts found since.
        scanned = ExtendOpen(here, scanned, chosenMask);
        if (!Propagate(here, budget)) return null; // an open cut without affordable repair: no reachable superset within budget
        int best = FewestRepairsCut(here);
        ulong[] branchOn;
        if (best >= 0)
        {
            branchOn = here.BranchOn; // a copy: the cut store may grow while the children run
            CutAt(best).CopyTo(branchOn);
        }
        else if (Ask(chosen, chosenMask, out branchOn) is { } reached)
        {
            if (_collect is null) return reached;
            _collect(reached.Selection, reached.Outcome); // enumerating (RunAll): no superset within the budget is needed
            return null;
        }
        return Children(chosen, chosenMask, budget, scanned, here, branchOn, cancellation);
    }

    /// <summary>Propagation at a node, to a fixpoint (see <see cref="Branch"/>): drops from <c>node.Admissible</c> (into
    /// <c>node.Dropped</c>) every group that is in no solution below the node; false when an open cut has no affordable
    /// repair left (prune).</summary>
    private bool Propagate(DepthScratch here, int budget)
    {
        var admissible = here.Admissible;
        int levels = Math.Min(budget, _maxCost) + 1;
        var dropped = here.Dropped;
        Array.Clear(dropped);
        var mustHit = here.MustHit;
        var constrained = here.Constrained;
        // admissibleAt[r]: the admissible groups of cost ≤ r (nested in r; the last level is every admissible group).
        var admissibleAt = here.AdmissibleAt;
        while (true)
        {
            for (int r = 0; r < levels; r++)
            {
                var level = admissibleAt.AsSpan(r * _words, _words);
                admissible.CopyTo(level);
                WordMasks.AndInto(level, _affordable[r]);
            }
            Array.Clear(constrained, 0, levels);
            bool repairable = _words == WordMasks.Block && Vector512.IsHardwareAccelerated && !ForceWordByWordPropagation
                ? ScanOpenCutsOneBlock(here, levels)
                : ScanOpenCuts(here, levels);
            if (!repairable) return false;
            bool changed = false;
            for (int r = 0; r < levels; r++)
            {
                if (!constrained[r] || budget - r >= _costIs.Length) continue;
                var withCost = _costIs[budget - r];
                for (int w = 0; w < _words; w++)
                {
                    ulong drop = admissible[w] & withCost[w] & ~mustHit[r * _words + w];
                    if (drop == 0) continue;
                    admissible[w] &= ~drop;
                    dropped[w] |= drop;
                    changed = true;
                }
            }
            if (!changed) return true;
        }
    }

    /// <summary>The open cut with the fewest admissible groups (the first on ties), or −1 when the selection hits every
    /// known cut.</summary>
    private int FewestRepairsCut(DepthScratch here)
    {
        var admissible = here.Admissible;
        int best = -1, bestCount = int.MaxValue;
        for (int ow = 0; ow < here.OpenWords; ow++)
        {
            ulong openBits = here.Open[ow];
            while (openBits != 0)
            {
                int c = ow * 64 + BitOperations.TrailingZeroCount(openBits);
                openBits &= openBits - 1;
                int count = WordMasks.CountAnd(CutAt(c), admissible);
                if (count < bestCount) { best = c; bestCount = count; }
            }
        }
        return best;
    }

    /// <summary>The selection hits every known cut: asks the sub-problem. Returns the selection with its exact witness when
    /// y is reachable; otherwise <paramref name="branchOn"/> is the new exact cut (added to the pool and the certificate),
    /// or every group after a numerical failure (the search is then <see cref="Uncertain"/>).</summary>
    private (List<int> Selection, ConeSubproblem.Outcome Outcome)? Ask(List<int> chosen, ulong[] chosenMask, out ulong[] branchOn)
    {
        SubproblemCalls++;
        var outcome = _sub.Solve(_groups, chosen);
        if (outcome.Weights is not null)
        {
            branchOn = [];
            return (new List<int>(chosen), outcome);
        }
        if (outcome.Pi is not null)
        {
            var cut = _cutOf(outcome.Pi);
            if (cut.Groups.Any(k => Get(chosenMask, k)))
                throw new InvalidOperationException("an exact Farkas cut does not separate its own selection");
            _addCut(cut);
            branchOn = MaskOf(cut.Groups);
            _pool.Add(branchOn);
            ImportCuts();
        }
        else
        {
            // Numerical trouble: S itself may reach y, so exhaustion is no longer a proof; keep searching supersets.
            Uncertain = true;
            branchOn = Enumerable.Repeat(ulong.MaxValue, _words).ToArray();
        }
        return null;
    }

    /// <summary>Branch i adds the i-th admissible group h_i of <paramref name="branchOn"/> and excludes h_1, …, h_{i−1}
    /// (and the groups propagation dropped); the first reachable selection found below is returned.</summary>
    private (List<int> Selection, ConeSubproblem.Outcome Outcome)? Children(List<int> chosen, ulong[] chosenMask, int budget, int scanned,
        DepthScratch here, ulong[] branchOn, CancellationToken cancellation)
    {
        var admissible = here.Admissible;
        var dropped = here.Dropped;
        var localExcluded = here.LocalExcluded;
        for (int w = 0; w < _words; w++) localExcluded[w] = here.Excluded[w] | dropped[w];
        var next = Scratch(chosen.Count + 1);
        for (int w = 0; w < _words; w++)
        {
            ulong bits = branchOn[w] & admissible[w];
            while (bits != 0)
            {
                int k = w * 64 + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                var family = _familyMask[k];
                for (int v = 0; v < _words; v++) next.Blocked[v] = here.Blocked[v] | family[v];
                Array.Copy(localExcluded, next.Excluded, _words);
                scanned = ExtendOpen(here, scanned, chosenMask); // cuts found at this node or in earlier branches
                // The child's open cuts: ours less those containing k (arrays re-read: a new cut may have grown them).
                int openWords = WordMasks.Padded(here.OpenWords); // words beyond OpenWords are zero
                WordMasks.AndNot(here.Open, _cutsWith[k], next.Open.AsSpan(0, openWords));
                if (next.OpenWords > openWords) Array.Clear(next.Open, openWords, next.OpenWords - openWords);
                next.OpenWords = here.OpenWords;
                chosen.Add(k);
                Set(chosenMask, k);
                var found = Branch(chosen, chosenMask, budget - _groups[k].Cost, scanned, cancellation);
                chosen.RemoveAt(chosen.Count - 1);
                Clear(chosenMask, k);
                if (found is not null) return found;
                Set(localExcluded, k);
            }
        }
        return null;
    }
}
