using System.Diagnostics;

namespace Verifier.Exact.Certificates;

/// <summary>The answer of <see cref="HittingSetCheck.NoSelectionWithin"/> to "no admissible selection of cost ≤ b hits
/// every cut".</summary>
public enum HittingSetVerdict
{
    /// <summary>Proven by exhausting the search: no such selection exists.</summary>
    Confirmed,
    /// <summary>False: <see cref="HittingSetOutcome.Selection"/> is such a selection.</summary>
    Refuted,
    /// <summary>The node or time budget ran out first: nothing is claimed.</summary>
    Undecided,
}

/// <param name="Selection">For <see cref="HittingSetVerdict.Refuted"/>: an admissible selection (ascending group
/// indices) of cost ≤ b that hits every cut; null otherwise.</param>
/// <param name="Nodes">Search nodes visited.</param>
public sealed record HittingSetOutcome(HittingSetVerdict Verdict, int[]? Selection, long Nodes);

/// <summary>The re-check of a claimed lower bound L (<see cref="HittingSetCheck.CheckLowerBound"/>).</summary>
/// <param name="Claimed">The bound L that was checked.</param>
/// <param name="Verdict">Of "no admissible selection of cost ≤ L − 1 hits every cut".</param>
/// <param name="Confirmed">The largest bound proven: <paramref name="Claimed"/> when confirmed, otherwise the largest bound
/// the iterative deepening from the trivial bound confirmed within the budget (the trivial bound when none).</param>
/// <param name="Witness">For <see cref="HittingSetVerdict.Refuted"/>: an admissible selection of cost &lt; L hitting every cut.</param>
/// <param name="Nodes">Search nodes of every search run.</param>
public sealed record LowerBoundCheck(int Claimed, HittingSetVerdict Verdict, int Confirmed, int[]? Witness, long Nodes, double Seconds);

/// <summary>The budget of a <see cref="HittingSetCheck"/>: wall seconds and search nodes (every search run counts towards
/// both), and the worker threads of one search.</summary>
public sealed record HittingSetLimits(double Seconds, long MaxNodes = long.MaxValue, int Threads = 1);

/// <summary>
/// An exact, integer-only check of a lower bound as a combinatorial fact about a list of cuts (a minimum-cost hitting-set
/// question), independent of the solver that claimed the bound.
/// </summary>
/// <remarks>
/// <para>Contract. Given groups 0..m−1 with integer costs c_k ≥ 0 and family labels f_k, cuts C_1, …, C_r ⊆ {0..m−1},
/// an optional limit P on the number of groups of positive cost, and an integer b: a selection S ⊆ {0..m−1} is
/// admissible when it holds at most one group of each family and (when P is given) at most P groups of positive cost.
/// <see cref="NoSelectionWithin"/> answers <see cref="HittingSetVerdict.Confirmed"/> only if no admissible S with
/// Σ_{k∈S} c_k ≤ b meets every C_j (S ∩ C_j ≠ ∅), <see cref="HittingSetVerdict.Refuted"/> only with such an S, and
/// <see cref="HittingSetVerdict.Undecided"/> when its budget ran out. So when every cut is met by some admissible
/// selection of cost ≤ c for every feasible solution of cost c, Confirmed for b = L − 1 proves the lower bound L.</para>
/// <para>Proof method: a depth-first search over partial selections S with an excluded set E. A node computes the allowed
/// groups (not in E, family unused by S, cost ≤ b − c(S), and of cost 0 once S holds P paid groups); every admissible
/// extension of S within the budget avoiding E adds only allowed groups. If S meets every cut, S refutes the claim. Then
/// propagation, to a fixpoint: a group k of cost c is dropped from the allowed groups when it misses an unmet cut whose
/// allowed groups all cost more than b − c(S) − c (the rest of an extension containing k costs at most that, so only k
/// could meet that cut); a dropped group is in no extension below the node. An unmet cut without an allowed group
/// exhausts the node. Otherwise it branches on the unmet cut with the fewest allowed groups h_1, …, h_q: branch i adds h_i and excludes
/// h_1, …, h_{i−1} and the dropped groups. Every admissible extension meeting that cut contains a first h_i and lies in
/// branch i, so exhausting the root proves the claim. Everything is integer arithmetic on bit masks: no floating point,
/// no LP, and no code shared with the solvers' searches. With several threads the nodes at depth 2 become tasks for
/// workers; a node handed over counts as exhausted for its siblings' exclusions, which is what its task establishes.</para>
/// </remarks>
public sealed partial class HittingSetCheck
{
    private readonly int _groups;
    private readonly int _cuts;
    private readonly int _words;        // words of a mask over groups (whole blocks of 8, zero padded)
    private readonly int _cutWords;     // words of a mask over cuts (whole blocks of 8, zero padded)
    private readonly int[] _cost;
    private readonly int _maxCost;
    private readonly int? _maxPaid;
    private readonly ulong[] _cutMasks;         // cut j's groups at [j·words, (j + 1)·words)
    private readonly ulong[][] _cutsContaining; // per group: the cuts containing it
    private readonly ulong[][] _familyOf;       // per group: the groups of its family
    private readonly ulong[][] _costAtMost;     // per level r ≤ max cost: the groups of cost ≤ r
    private readonly ulong[][] _costIs;         // per cost c ≤ max cost: the groups of cost exactly c

    /// <param name="costs">c_k ≥ 0 per group.</param>
    /// <param name="families">f_k per group (any integers; equal labels form one family).</param>
    /// <param name="cuts">Each cut's group indices; an index that names no group throws <see cref="ArgumentException"/>.</param>
    /// <param name="maxPaidGroups">P, or null for no limit.</param>
    public HittingSetCheck(IReadOnlyList<int> costs, IReadOnlyList<int> families, IReadOnlyList<IReadOnlyList<int>> cuts,
        int? maxPaidGroups)
    {
        if (costs.Count != families.Count) throw new ArgumentException("one family per group", nameof(families));
        if (costs.Any(c => c < 0)) throw new ArgumentException("costs must be nonnegative", nameof(costs));
        if (maxPaidGroups < 0) throw new ArgumentException("the paid-group limit must be nonnegative", nameof(maxPaidGroups));
        _groups = costs.Count;
        _cuts = cuts.Count;
        _words = Bits.Padded((_groups + 63) / 64);
        _cutWords = Bits.Padded((_cuts + 63) / 64);
        _cost = costs.ToArray();
        _maxCost = _groups == 0 ? 0 : _cost.Max();
        _maxPaid = maxPaidGroups;
        _cutMasks = new ulong[_cuts * _words];
        _cutsContaining = new ulong[_groups][];
        for (int k = 0; k < _groups; k++) _cutsContaining[k] = new ulong[_cutWords];
        foreach (var cut in cuts)
            foreach (int k in cut)
                if (k < 0 || k >= _groups) throw new ArgumentException($"a cut names group {k}, which does not exist", nameof(cuts));
        // The search scans cuts in index order; the small ones, which lose their last allowed group first, come first.
        var order = Enumerable.Range(0, _cuts).OrderBy(j => cuts[j].Count).ThenBy(j => j).ToArray();
        for (int j = 0; j < _cuts; j++)
            foreach (int k in cuts[order[j]])
            {
                _cutMasks[j * _words + (k >> 6)] |= 1UL << (k & 63);
                _cutsContaining[k][j >> 6] |= 1UL << (j & 63);
            }
        var byFamily = new Dictionary<int, ulong[]>();
        _familyOf = new ulong[_groups][];
        for (int k = 0; k < _groups; k++)
        {
            if (!byFamily.TryGetValue(families[k], out var mask)) byFamily[families[k]] = mask = new ulong[_words];
            mask[k >> 6] |= 1UL << (k & 63);
            _familyOf[k] = mask;
        }
        _costAtMost = new ulong[_maxCost + 1][];
        _costIs = new ulong[_maxCost + 1][];
        for (int c = 0; c <= _maxCost; c++)
        {
            _costAtMost[c] = new ulong[_words];
            _costIs[c] = new ulong[_words];
            for (int k = 0; k < _groups; k++)
            {
                if (_cost[k] <= c) _costAtMost[c][k >> 6] |= 1UL << (k & 63);
                if (_cost[k] == c) _costIs[c][k >> 6] |= 1UL << (k & 63);
            }
        }
    }

    /// <summary>Re-checks a claimed lower bound L (<paramref name="claimed"/>): <see cref="NoSelectionWithin"/> for
    /// b = L − 1 with half the budget; unless that is confirmed, iterative deepening b = trivial, trivial + 1, … (below
    /// L − 1, with the rest of the budget) finds the largest bound it can confirm. <paramref name="trivial"/> is a bound
    /// proven by other means; it is not re-checked.</summary>
    public LowerBoundCheck CheckLowerBound(int claimed, int trivial, HittingSetLimits limits, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        if (claimed <= trivial) return new LowerBoundCheck(claimed, HittingSetVerdict.Confirmed, claimed, null, 0, 0);
        long nodes = 0;
        HittingSetOutcome Run(int b, double share)
        {
            var left = limits with
            {
                Seconds = share * (limits.Seconds - clock.Elapsed.TotalSeconds),
                MaxNodes = limits.MaxNodes == long.MaxValue ? long.MaxValue : (long)(share * (limits.MaxNodes - nodes)),
            };
            var outcome = NoSelectionWithin(b, left, cancellation);
            nodes += outcome.Nodes;
            return outcome;
        }
        var first = Run(claimed - 1, 0.5);
        int confirmed = first.Verdict == HittingSetVerdict.Confirmed ? claimed : trivial;
        if (first.Verdict != HittingSetVerdict.Confirmed)
            for (int b = trivial; b < claimed - 1; b++)
            {
                if (Run(b, 1).Verdict != HittingSetVerdict.Confirmed) break;
                confirmed = b + 1;
            }
        return new LowerBoundCheck(claimed, first.Verdict, confirmed, first.Selection, nodes, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Decides "no admissible selection of cost ≤ <paramref name="budget"/> meets every cut" (see the contract
    /// above) within <paramref name="limits"/>. Throws <see cref="OperationCanceledException"/> when cancelled.</summary>
    public HittingSetOutcome NoSelectionWithin(int budget, HittingSetLimits limits, CancellationToken cancellation = default)
    {
        if (budget < 0) return new HittingSetOutcome(HittingSetVerdict.Confirmed, null, 0);
        var shared = new SharedBudget(limits, cancellation);
        var root = new Subtree([], new ulong[_cutWords], new ulong[_words], new ulong[_words], 0, 0);
        for (int j = 0; j < _cuts; j++) root.Open[j >> 6] |= 1UL << (j & 63);
        if (limits.Threads <= 1) return Outcome(new Search(this, budget, shared).Run(root), shared);

        // Parallel: the nodes at depth 2 become tasks (a refutation found above them ends the search at once).
        var splitter = new Search(this, budget, shared) { SplitDepth = 2 };
        if (splitter.Run(root) is { } early) return Outcome(early, shared);
        if (shared.Exhausted) return Outcome(null, shared);
        var tasks = splitter.Tasks;
        int next = 0;
        int[]? found = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        Exception? failure = null;
        Parallel.For(0, limits.Threads, new ParallelOptions { MaxDegreeOfParallelism = limits.Threads }, _ =>
        {
            var worker = new Search(this, budget, shared) { Stop = stop.Token };
            try
            {
                for (int t; (t = Interlocked.Increment(ref next) - 1) < tasks.Count && !stop.IsCancellationRequested && !shared.Exhausted;)
                {
                    if (worker.Run(tasks[t]) is not { } hit) continue;
                    Interlocked.CompareExchange(ref found, hit, null);
                    stop.Cancel();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellation.IsCancellationRequested) { }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
                stop.Cancel();
            }
        });
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        cancellation.ThrowIfCancellationRequested();
        return Outcome(found, shared);
    }

    private static HittingSetOutcome Outcome(int[]? selection, SharedBudget shared) =>
        selection is not null ? new HittingSetOutcome(HittingSetVerdict.Refuted, selection.Order().ToArray(), shared.Nodes)
        : shared.Exhausted ? new HittingSetOutcome(HittingSetVerdict.Undecided, null, shared.Nodes)
        : new HittingSetOutcome(HittingSetVerdict.Confirmed, null, shared.Nodes);
}
