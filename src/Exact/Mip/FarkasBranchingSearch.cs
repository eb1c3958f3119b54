using System.Numerics;
using Verifier.Shared.Numbers;

namespace Verifier.Exact.Mip;

/// <summary>
/// The depth-first master of <see cref="CombinatorialBendersSolver"/> (<c>--master dfs</c>): an exhaustive search for a
/// reachable selection of block groups of total cost ≤ b, driven by exact Farkas cuts (a DPLL-style hitting-set search).
/// </summary>
/// <remarks>
/// <para>A node is a selection S (at most one group per (pattern, sign) family), a set E of excluded groups and the
/// budget left. Among the known cuts that S does not hit, take the one with the fewest admissible repair groups (not
/// in E, family unused by S, affordable); none admissible means no reachable superset within budget: prune. If S hits
/// every known cut, decide y ∈ cone(S) with the <see cref="ConeSubproblem"/>: reachable ends the search; otherwise
/// its exact Farkas vector π is a new cut ("pick a group with a generator g, π·g &gt; 0").</para>
/// <para>Branching on a cut with admissible groups h_1, …, h_m: branch i adds h_i and excludes h_1, …, h_{i−1}. Every
/// reachable selection T ⊇ S of cost ≤ b avoiding E must hit the cut (π certifies that S and all groups outside the
/// cut cannot reach y), so it contains a first h_i and lies in branch i. Hence an exhausted search proves that no
/// selection of cost ≤ b reaches y; the proof rests only on the cuts, each of which is an exact Farkas vector that
/// <see cref="BendersCertificate.VerifyCuts"/> re-checks. If the sub-problem fails numerically (no exact witness, no
/// exact π), the node branches over every admissible group and the search is marked <see cref="Uncertain"/>: S itself
/// might reach y, so no lower bound is claimed from then on.</para>
/// <para>Group sets are bit masks, so a node costs a few word operations per known cut. Measured against the CP-SAT
/// master on the benchmark's random d = 2 data, parameters objective: see docs/mip-benchmark.md.</para>
/// </remarks>
internal sealed class FarkasBranchingSearch
{
    private readonly IReadOnlyList<BlockGroup> _groups;
    private readonly ConeSubproblem _sub;
    private readonly Func<Rational[], FarkasCut> _cutOf;
    private readonly Action<FarkasCut> _addCut;
    private readonly int _words;
    private readonly ulong[][] _familyMask;   // per group: the groups of its family
    private readonly ulong[][] _affordable;   // per budget b: the groups of cost ≤ b
    private readonly List<ulong[]> _cuts = [];

    public long Nodes { get; private set; }
    public int SubproblemCalls { get; private set; }

    /// <summary>True once a sub-problem failed numerically (neither an exact witness nor an exact Farkas vector): that
    /// selection might reach y, so an exhausted search no longer proves anything.</summary>
    public bool Uncertain { get; private set; }

    /// <param name="cutOf">Builds the cut of an exact Farkas vector (the groups having a generator g with π·g &gt; 0).</param>
    /// <param name="addCut">Receives every cut this search creates (for the certificate).</param>
    public FarkasBranchingSearch(IReadOnlyList<BlockGroup> groups, ConeSubproblem sub, IEnumerable<FarkasCut> initialCuts,
        Func<Rational[], FarkasCut> cutOf, Action<FarkasCut> addCut)
    {
        _groups = groups;
        _sub = sub;
        _cutOf = cutOf;
        _addCut = addCut;
        _words = (groups.Count + 63) / 64;
        var byFamily = new Dictionary<int, ulong[]>();
        foreach (var (g, k) in groups.Select((g, k) => (g, k)))
        {
            if (!byFamily.TryGetValue(g.Family, out var mask)) byFamily[g.Family] = mask = new ulong[_words];
            Set(mask, k);
        }
        _familyMask = groups.Select(g => byFamily[g.Family]).ToArray();
        int maxCost = groups.Count == 0 ? 0 : groups.Max(g => g.Cost);
        int budgetCap = groups.Sum(g => g.Cost) + 1;
        _affordable = new ulong[Math.Min(budgetCap, 4096) + 1][];
        for (int b = 0; b < _affordable.Length; b++)
        {
            _affordable[b] = new ulong[_words];
            for (int k = 0; k < groups.Count; k++) if (groups[k].Cost <= b) Set(_affordable[b], k);
        }
        foreach (var cut in initialCuts) _cuts.Add(MaskOf(cut.Groups));
    }

    /// <summary>A selection of cost ≤ <paramref name="budget"/> whose cone reaches y (with its exact witness), or null
    /// when none exists (proven by exhaustion). Throws <see cref="OperationCanceledException"/> when cancelled.</summary>
    public (List<int> Selection, ConeSubproblem.Outcome Outcome)? Run(int budget, CancellationToken cancellation)
    {
        var chosen = new List<int>();
        return Branch(chosen, new ulong[_words], new ulong[_words], new ulong[_words], budget, cancellation);
    }

    private (List<int>, ConeSubproblem.Outcome)? Branch(List<int> chosen, ulong[] chosenMask, ulong[] blocked, ulong[] excluded,
        int budget, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        Nodes++;
        var admissible = new ulong[_words];
        var affordable = _affordable[Math.Min(budget, _affordable.Length - 1)];
        for (int w = 0; w < _words; w++) admissible[w] = affordable[w] & ~excluded[w] & ~blocked[w];

        int best = -1, bestCount = int.MaxValue;
        for (int c = 0; c < _cuts.Count; c++)
        {
            var cut = _cuts[c];
            if (Intersects(cut, chosenMask)) continue; // already hit: this cut does not exclude the selection
            int count = CountAnd(cut, admissible);
            if (count < bestCount) { best = c; bestCount = count; }
            if (count == 0) return null; // no affordable repair: no reachable superset within budget
        }
        ulong[] branchOn;
        if (best >= 0) branchOn = _cuts[best];
        else
        {
            SubproblemCalls++;
            var outcome = _sub.Solve(_groups, chosen);
            if (outcome.Weights is not null) return (new List<int>(chosen), outcome);
            if (outcome.Pi is not null)
            {
                var cut = _cutOf(outcome.Pi);
                if (cut.Groups.Any(k => Get(chosenMask, k)))
                    throw new InvalidOperationException("an exact Farkas cut does not separate its own selection");
                _addCut(cut);
                branchOn = MaskOf(cut.Groups);
                _cuts.Add(branchOn);
            }
            else
            {
                // Numerical trouble: S itself may reach y, so exhaustion is no longer a proof; keep searching supersets.
                Uncertain = true;
                branchOn = Enumerable.Repeat(ulong.MaxValue, _words).ToArray();
            }
        }

        var localExcluded = (ulong[])excluded.Clone();
        for (int w = 0; w < _words; w++)
        {
            ulong bits = branchOn[w] & admissible[w];
            while (bits != 0)
            {
                int k = w * 64 + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                chosen.Add(k);
                Set(chosenMask, k);
                var childBlocked = (ulong[])blocked.Clone();
                var family = _familyMask[k];
                for (int v = 0; v < _words; v++) childBlocked[v] |= family[v];
                var found = Branch(chosen, chosenMask, childBlocked, localExcluded, budget - _groups[k].Cost, cancellation);
                chosen.RemoveAt(chosen.Count - 1);
                Clear(chosenMask, k);
                if (found is not null) return found;
                Set(localExcluded, k);
            }
        }
        return null;
    }

    private ulong[] MaskOf(IEnumerable<int> groups)
    {
        var mask = new ulong[_words];
        foreach (int k in groups) Set(mask, k);
        return mask;
    }

    private static void Set(ulong[] mask, int k) => mask[k >> 6] |= 1UL << (k & 63);
    private static void Clear(ulong[] mask, int k) => mask[k >> 6] &= ~(1UL << (k & 63));
    private static bool Get(ulong[] mask, int k) => (mask[k >> 6] >> (k & 63) & 1) != 0;

    private static bool Intersects(ulong[] a, ulong[] b)
    {
        for (int w = 0; w < a.Length; w++) if ((a[w] & b[w]) != 0) return true;
        return false;
    }

    private static int CountAnd(ulong[] a, ulong[] b)
    {
        int count = 0;
        for (int w = 0; w < a.Length; w++) count += BitOperations.PopCount(a[w] & b[w]);
        return count;
    }
}
