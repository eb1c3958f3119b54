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
internal sealed partial class FarkasBranchingSearch
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
    /// <summary>Set by <see cref="RunAll"/>: receives every reachable selection instead of ending the search there.</summary>
    private Action<List<int>, ConeSubproblem.Outcome>? _collect;
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
    /// <param name="addCut">Receives every cut this search creates (for the certificate). Called from worker threads when
    /// <paramref name="threads"/> &gt; 1 (it must be thread-safe).</param>
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
        _collect = main._collect;
        ImportCuts();
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
        (List<int> Selection, ConeSubproblem.Outcome Outcome)? found = null;
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

    /// <summary>
    /// Every reachable selection of cost ≤ <paramref name="budget"/> that the exhaustive search meets, each passed to
    /// <paramref name="collect"/> (called from the workers with several threads: it must be thread-safe) with its exact
    /// witness; the search goes on below no reachable node. When <paramref name="budget"/> is the proven optimum (every
    /// budget below it exhausted), every reachable selection costs exactly the budget, so none has a reachable strict
    /// superset within it, and each one is met: a selection reaching y hits every valid cut, and at each branching
    /// cut the first of its groups in the selection leads to a child that still contains it (the earlier siblings'
    /// groups, which that child excludes, are not in it; propagation drops only groups in no selection of the budget
    /// hitting every open cut). Complete only when the search was not <see cref="Uncertain"/>.
    /// Throws <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public void RunAll(int budget, Action<List<int>, ConeSubproblem.Outcome> collect, CancellationToken cancellation)
    {
        _collect = collect;
        try
        {
            if (Run(budget, cancellation) is not null)
                throw new InvalidOperationException("the enumerating search returned a selection instead of collecting it");
        }
        finally { _collect = null; }
    }

    /// <summary>LPs solved, and questions asked, by the sub-problems of parallel workers (the main sub-problem counts
    /// its own).</summary>
    public int WorkerLps { get; private set; }
    public int WorkerCalls { get; private set; }

    /// <summary>Searches below one node (the root: nothing chosen) to exhaustion.</summary>
    private (List<int> Selection, ConeSubproblem.Outcome Outcome)? RunFrom(int[] chosen, ulong[] blocked, ulong[] excluded, int budget,
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
}
