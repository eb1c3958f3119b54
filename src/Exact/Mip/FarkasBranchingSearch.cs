using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Verifier.Shared.Numbers;
using Verifier.Reformulation;

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
/// <para>Propagation at each node (see <see cref="Branch"/>) drops groups that can be in no solution below it, given the
/// budget: this empties more cuts, so most nodes close without children.</para>
/// <para>Group sets are bit masks over groups; the open cuts of a node are a bit mask over cuts, and each group keeps
/// the mask of the cuts containing it, so a child's open cuts are one masked copy (<see cref="WordMasks"/>, 512 bits at a
/// time). With several threads the nodes at depth 2 are deferred to workers that share one pool of cuts (see
/// <see cref="Run"/>). Measured on the benchmark's random d = 2 data: see docs/mip-benchmark.md.</para>
/// </remarks>
internal sealed class FarkasBranchingSearch
{
    private readonly IReadOnlyList<BlockGroup> _groups;
    private readonly ConeSubproblem _sub;
    private readonly Func<Rational[], FarkasCut> _cutOf;
    private readonly Action<FarkasCut> _addCut;
    private readonly CutPool _pool;           // every known cut; this search mirrors it by index (_cutCount ≤ pool count)
    private readonly int _threads;
    private readonly Func<ConeSubproblem>? _newSubproblem;
    private int _splitDepth = -1;             // ≥ 0: nodes at this depth are recorded as tasks instead of explored
    private List<DeferredNode>? _tasks;
    private readonly int _words;              // words of a mask over groups
    private readonly ulong[][] _familyMask;   // per group: the groups of its family
    private readonly ulong[][] _affordable;   // per budget b: the groups of cost ≤ b
    private readonly ulong[][] _costIs;       // per cost c: the groups of cost exactly c
    private readonly int _maxCost;
    private ulong[] _cutBits = new ulong[1024]; // the known cuts as masks over groups, cut c at [c·words, (c + 1)·words)
    private int _cutCount;
    private int _cutWords = WordMasks.Block;  // words of a mask over cuts (capacity: 64·_cutWords cuts; whole blocks)
    private readonly ulong[][] _cutsWith;     // per group: the mask of the known cuts containing it
    private readonly List<DepthScratch> _scratch = [];

    public long Nodes { get; private set; }

    /// <summary>Tests only: take the word-by-word propagation pass even where the vector one applies (this thread).</summary>
    [ThreadStatic] internal static bool ForceWordByWordPropagation;
    public int SubproblemCalls { get; private set; }

    /// <summary>True once a sub-problem failed numerically (neither an exact witness nor an exact Farkas vector): that
    /// selection might reach y, so an exhausted search no longer proves anything.</summary>
    public bool Uncertain { get; private set; }

    /// <param name="cutOf">Builds the cut of an exact Farkas vector (the groups having a generator g with π·g &gt; 0).
    /// Called from worker threads when <paramref name="threads"/> &gt; 1 (it must be thread-safe).</param>
    /// <param name="addCut">Receives every cut this search creates (for the certificate); calls are serialised.</param>
    /// <param name="threads">Workers per budget. One: the plain depth-first search, reproducible node for node. More:
    /// the nodes at a small depth become tasks that the workers take in order, each with its own sub-problem (from
    /// <paramref name="newSubproblem"/>) and sharing every cut found; the verdict is the same, the witness found and the
    /// counts may vary between runs.</param>
    public FarkasBranchingSearch(IReadOnlyList<BlockGroup> groups, ConeSubproblem sub, IEnumerable<FarkasCut> initialCuts,
        Func<Rational[], FarkasCut> cutOf, Action<FarkasCut> addCut, int threads = 1, Func<ConeSubproblem>? newSubproblem = null)
    {
        if (threads > 1 && newSubproblem is null) throw new ArgumentException("parallel workers need their own sub-problems", nameof(newSubproblem));
        _groups = groups;
        _sub = sub;
        _cutOf = cutOf;
        _addCut = addCut;
        _threads = threads;
        _newSubproblem = newSubproblem;
        _words = WordMasks.Padded((groups.Count + 63) / 64); // zero words pad masks to whole vector blocks
        var byFamily = new Dictionary<int, ulong[]>();
        foreach (var (g, k) in groups.Select((g, k) => (g, k)))
        {
            if (!byFamily.TryGetValue(g.Family, out var mask)) byFamily[g.Family] = mask = new ulong[_words];
            Set(mask, k);
        }
        _familyMask = groups.Select(g => byFamily[g.Family]).ToArray();
        _maxCost = groups.Count == 0 ? 0 : groups.Max(g => g.Cost);
        int budgetCap = groups.Sum(g => g.Cost) + 1;
        _affordable = new ulong[Math.Min(budgetCap, 4096) + 1][];
        for (int b = 0; b < _affordable.Length; b++)
            _affordable[b] = MaskOf(Enumerable.Range(0, groups.Count).Where(k => groups[k].Cost <= b));
        _costIs = new ulong[_maxCost + 1][];
        for (int c = 0; c <= _maxCost; c++) _costIs[c] = MaskOf(Enumerable.Range(0, groups.Count).Where(k => groups[k].Cost == c));
        _cutsWith = groups.Select(_ => new ulong[_cutWords]).ToArray();
        _pool = new CutPool();
        foreach (var cut in initialCuts) _pool.Add(MaskOf(cut.Groups));
        ImportCuts();
    }

    /// <summary>A worker of a parallel run: shares the data, the masks and the cut pool of <paramref name="main"/>, with
    /// its own buffers, mirror of the pool and sub-problem.</summary>
    private FarkasBranchingSearch(FarkasBranchingSearch main, ConeSubproblem sub)
    {
        _groups = main._groups;
        _sub = sub;
        _cutOf = main._cutOf;
        _addCut = main._addCut;
        _threads = 1;
        _words = main._words;
        _familyMask = main._familyMask;
        _maxCost = main._maxCost;
        _affordable = main._affordable;
        _costIs = main._costIs;
        _cutsWith = _groups.Select(_ => new ulong[_cutWords]).ToArray();
        _pool = main._pool;
        ImportCuts();
    }

    /// <summary>The cuts known to all workers, as masks over groups, in the order they were found (append only).</summary>
    private sealed class CutPool
    {
        private readonly List<ulong[]> _masks = [];
        private int _count;
        public readonly object CertificateLock = new();
        public int Count => Volatile.Read(ref _count);

        public void Add(ulong[] mask)
        {
            lock (_masks)
            {
                _masks.Add(mask);
                Volatile.Write(ref _count, _masks.Count);
            }
        }

        public List<ulong[]> Range(int from)
        {
            lock (_masks) return _masks.GetRange(from, _masks.Count - from);
        }
    }

    /// <summary>A node deferred to a worker: its selection, blocked families, exclusions and budget left.</summary>
    private sealed record DeferredNode(int[] Chosen, ulong[] Blocked, ulong[] Excluded, int Budget);

    /// <summary>A selection of cost ≤ <paramref name="budget"/> whose cone reaches y (with its exact witness), or null
    /// when none exists (proven by exhaustion). Throws <see cref="OperationCanceledException"/> when cancelled.</summary>
    public (List<int> Selection, ConeSubproblem.Outcome Outcome)? Run(int budget, CancellationToken cancellation)
    {
        if (_threads <= 1) return RunFrom([], new ulong[_words], new ulong[_words], budget, cancellation);

        // Parallel: the nodes at depth 2 become tasks (a node deferred counts as exhausted for its siblings' exclusions,
        // which is exactly what its task will establish); the workers take them in order.
        _splitDepth = 2;
        _tasks = [];
        try
        {
            if (RunFrom([], new ulong[_words], new ulong[_words], budget, cancellation) is { } early) return early;
        }
        finally { _splitDepth = -1; }
        var tasks = _tasks;
        _tasks = null;
        int next = 0;
        (List<int>, ConeSubproblem.Outcome)? found = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var workers = Enumerable.Range(0, _threads).Select(_ => new FarkasBranchingSearch(this, _newSubproblem!())).ToList();
        Exception? failure = null;
        try
        {
            // A worker stops when another found a selection, at the time limit, or when another failed (its exception
            // is rethrown below as it was, not wrapped).
            Parallel.ForEach(workers, new ParallelOptions { MaxDegreeOfParallelism = _threads }, worker =>
            {
                try
                {
                    for (int t; (t = Interlocked.Increment(ref next) - 1) < tasks.Count && !stop.IsCancellationRequested;)
                    {
                        var task = tasks[t];
                        if (worker.RunFrom(task.Chosen, task.Blocked, task.Excluded, task.Budget, stop.Token) is not { } hit) continue;
                        lock (workers) found ??= hit;
                        stop.Cancel();
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
                catch (Exception e)
                {
                    lock (workers) failure ??= e;
                    stop.Cancel();
                }
            });
        }
        finally
        {
            foreach (var w in workers)
            {
                Nodes += w.Nodes;
                SubproblemCalls += w.SubproblemCalls;
                WorkerLps += w._sub.LpCalls;
                WorkerCalls += w._sub.Calls;
                Uncertain |= w.Uncertain;
            }
            ImportCuts();
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        if (found is not null) return found; // a selection found before a cancellation is still a (checked) result
        cancellation.ThrowIfCancellationRequested();
        return null;
    }

    /// <summary>LPs solved, and questions asked, by the sub-problems of parallel workers (the main sub-problem counts
    /// its own).</summary>
    public int WorkerLps { get; private set; }
    public int WorkerCalls { get; private set; }

    /// <summary>Searches below one node (the root: nothing chosen) to exhaustion.</summary>
    private (List<int>, ConeSubproblem.Outcome)? RunFrom(int[] chosen, ulong[] blocked, ulong[] excluded, int budget,
        CancellationToken cancellation)
    {
        ImportCuts();
        var start = Scratch(chosen.Length);
        blocked.CopyTo(start.Blocked, 0);
        excluded.CopyTo(start.Excluded, 0);
        Array.Clear(start.Open);
        start.OpenWords = 0;
        var chosenMask = MaskOf(chosen);
        return Branch([.. chosen], chosenMask, budget, 0, cancellation);
    }

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
    private (List<int>, ConeSubproblem.Outcome)? Branch(List<int> chosen, ulong[] chosenMask, int budget, int scanned,
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
            if (!repairable) return null; // an open cut without affordable repair: no reachable superset within budget
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
            if (!changed) break;
        }
        // The node stays open: branch on the open cut with the fewest admissible groups (the first on ties).
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

        ulong[] branchOn;
        if (best >= 0)
        {
            branchOn = here.BranchOn; // a copy: the cut store may grow while the children run
            CutAt(best).CopyTo(branchOn);
        }
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
                lock (_pool.CertificateLock) _addCut(cut);
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
        }

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

    /// <summary>Adds to the open mask of <paramref name="node"/> the cuts from index <paramref name="scanned"/> on that the
    /// selection does not hit; returns the new scan position.</summary>
    private int ExtendOpen(DepthScratch node, int scanned, ulong[] chosenMask)
    {
        for (int c = scanned; c < _cutCount; c++)
        {
            if (WordMasks.Intersects(CutAt(c), chosenMask)) continue;
            node.Open[c >> 6] |= 1UL << (c & 63);
            node.OpenWords = Math.Max(node.OpenWords, (c >> 6) + 1);
        }
        return _cutCount;
    }

    private ReadOnlySpan<ulong> CutAt(int c) => _cutBits.AsSpan(c * _words, _words);

    /// <summary>
    /// One propagation pass over the open cuts of <paramref name="node"/>: the repair level of a cut is the cheapest r with
    /// an admissible group of cost ≤ r in it (<c>AdmissibleAt</c>); every level below it gets the cut intersected into its
    /// must-hit mask (<c>MustHit</c>, <c>Constrained</c>). False: some open cut has no admissible group at all.
    /// </summary>
    private bool ScanOpenCuts(DepthScratch node, int levels)
    {
        var admissibleAt = node.AdmissibleAt;
        var mustHit = node.MustHit;
        var constrained = node.Constrained;
        for (int ow = 0; ow < node.OpenWords; ow++)
        {
            ulong openBits = node.Open[ow];
            while (openBits != 0)
            {
                int c = ow * 64 + BitOperations.TrailingZeroCount(openBits);
                openBits &= openBits - 1;
                var cut = CutAt(c);
                int repairLevel = 0;
                while (repairLevel < levels && !WordMasks.Intersects(cut, admissibleAt.AsSpan(repairLevel * _words, _words))) repairLevel++;
                if (repairLevel == levels) return false;
                for (int r = 0; r < repairLevel; r++)
                {
                    var level = mustHit.AsSpan(r * _words, _words);
                    if (!constrained[r]) { cut.CopyTo(level); constrained[r] = true; }
                    else WordMasks.AndInto(level, cut);
                }
            }
        }
        return true;
    }

    /// <summary><see cref="ScanOpenCuts"/> for masks of one 512-bit block (at most 512 groups), with the per-level masks
    /// held as vectors. The levels a cut constrains are a prefix [0, repair level), so the constrained ones are too.</summary>
    private bool ScanOpenCutsOneBlock(DepthScratch node, int levels)
    {
        Span<Vector512<ulong>> admissibleAt = stackalloc Vector512<ulong>[levels];
        Span<Vector512<ulong>> mustHit = stackalloc Vector512<ulong>[levels];
        for (int r = 0; r < levels; r++)
        {
            admissibleAt[r] = Vector512.LoadUnsafe(ref node.AdmissibleAt[r * WordMasks.Block]);
            mustHit[r] = Vector512<ulong>.AllBitsSet;
        }
        int constrainedLevels = 0;
        ref ulong cuts = ref MemoryMarshal.GetArrayDataReference(_cutBits);
        for (int ow = 0; ow < node.OpenWords; ow++)
        {
            ulong openBits = node.Open[ow];
            while (openBits != 0)
            {
                int c = ow * 64 + BitOperations.TrailingZeroCount(openBits);
                openBits &= openBits - 1;
                var cut = Vector512.LoadUnsafe(ref cuts, (nuint)c * WordMasks.Block);
                int repairLevel = 0;
                while (repairLevel < levels && (cut & admissibleAt[repairLevel]) == Vector512<ulong>.Zero) repairLevel++;
                if (repairLevel == levels) return false;
                for (int r = 0; r < repairLevel; r++) mustHit[r] &= cut;
                constrainedLevels = Math.Max(constrainedLevels, repairLevel);
            }
        }
        for (int r = 0; r < constrainedLevels; r++)
        {
            mustHit[r].StoreUnsafe(ref node.MustHit[r * WordMasks.Block]);
            node.Constrained[r] = true;
        }
        return true;
    }

    /// <summary>Brings this search's mirror of the cut pool up to date.</summary>
    private void ImportCuts()
    {
        if (_pool.Count > _cutCount) foreach (var mask in _pool.Range(_cutCount)) AddCutMask(mask);
    }

    /// <summary>Appends a cut (a mask over groups) to the mirror, growing the masks over cuts when they are full.</summary>
    private void AddCutMask(ulong[] mask)
    {
        if ((_cutCount + 1) * _words > _cutBits.Length) Array.Resize(ref _cutBits, Math.Max(2 * _cutBits.Length, (_cutCount + 1) * _words));
        if (_cutCount >= 64 * _cutWords)
        {
            _cutWords *= 2;
            for (int k = 0; k < _cutsWith.Length; k++) Array.Resize(ref _cutsWith[k], _cutWords);
            foreach (var s in _scratch) Array.Resize(ref s.Open, _cutWords);
        }
        int c = _cutCount++;
        mask.CopyTo(_cutBits, c * _words);
        for (int k = 0; k < _groups.Count; k++) if (Get(mask, k)) _cutsWith[k][c >> 6] |= 1UL << (c & 63);
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
}
