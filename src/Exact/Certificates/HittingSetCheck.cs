using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
public sealed class HittingSetCheck
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

    /// <summary>A node to search below: its selection, unmet cuts, excluded groups, used families, cost and paid groups.</summary>
    private sealed record Subtree(int[] Chosen, ulong[] Open, ulong[] Excluded, ulong[] Blocked, int Cost, int Paid);

    /// <summary>The budget shared by the searches of one run: nodes (counted by all), seconds, cancellation.</summary>
    private sealed class SharedBudget(HittingSetLimits limits, CancellationToken cancellation)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _nodes;
        private volatile bool _exhausted;
        public long Nodes => Interlocked.Read(ref _nodes);
        public bool Exhausted => _exhausted;

        /// <summary>Counts one node; throws <see cref="BudgetExhausted"/> once the budget is spent.</summary>
        public void Count()
        {
            long n = Interlocked.Increment(ref _nodes);
            if (_exhausted || n > limits.MaxNodes || (n & 255) == 1 && Ran()) Exhaust();
        }

        private bool Ran()
        {
            cancellation.ThrowIfCancellationRequested();
            return _clock.Elapsed.TotalSeconds >= limits.Seconds;
        }

        private void Exhaust()
        {
            _exhausted = true;
            throw new BudgetExhausted();
        }
    }

    private sealed class BudgetExhausted : Exception;

    /// <summary>The buffers of one depth (siblings run one after another, so one set per depth suffices).</summary>
    private sealed class Level(int words, int cutWords, int levels)
    {
        public readonly ulong[] Open = new ulong[cutWords];     // the cuts the selection does not meet
        public readonly ulong[] Excluded = new ulong[words];    // E
        public readonly ulong[] Blocked = new ulong[words];     // the families the selection uses
        public readonly ulong[] Allowed = new ulong[words];
        public readonly ulong[] AllowedAt = new ulong[levels * words]; // level s: the allowed groups of cost ≤ s
        public readonly ulong[] Needed = new ulong[levels * words];    // level s at [s·words, (s + 1)·words)
        public readonly bool[] Constrained = new bool[levels];
        public readonly bool[] Settled = new bool[levels];
        public readonly int[] Killers = [-1, -1];
        /// <summary>Groups were dropped in this round before its cuts were all seen (a level settled).</summary>
        public bool DroppedEarly;
        public readonly ulong[] Branch = new ulong[words];      // the allowed groups of the branching cut
        /// <summary>The unmet cuts, by index (<see cref="Search.Propagate"/>).</summary>
        public int[] OpenCuts = new int[64];
    }

    /// <summary>One depth-first search for one budget (one per worker).</summary>
    private sealed class Search(HittingSetCheck check, int budget, SharedBudget shared)
    {
        private readonly List<Level> _levels = [];
        private readonly List<int> _chosen = [];

        /// <summary>≥ 0: the nodes at this depth are recorded in <see cref="Tasks"/> instead of searched.</summary>
        public int SplitDepth { get; init; } = -1;
        public List<Subtree> Tasks { get; } = [];
        public CancellationToken Stop { get; init; }

        /// <summary>An admissible selection of cost ≤ budget below <paramref name="task"/> that meets every cut, or null
        /// when there is none or the budget ran out (<see cref="SharedBudget.Exhausted"/>).</summary>
        public int[]? Run(Subtree task)
        {
            var start = Frame(0);
            task.Open.CopyTo(start.Open, 0);
            task.Excluded.CopyTo(start.Excluded, 0);
            task.Blocked.CopyTo(start.Blocked, 0);
            _chosen.Clear();
            _chosen.AddRange(task.Chosen);
            try
            {
                return Node(0, task.Cost, task.Paid) ? [.. _chosen] : null;
            }
            catch (BudgetExhausted)
            {
                return null;
            }
        }

        private Level Frame(int depth)
        {
            while (_levels.Count <= depth) _levels.Add(new Level(check._words, check._cutWords, check._maxCost + 1));
            return _levels[depth];
        }

        /// <summary>True when an admissible extension of the selection below this node meets every cut (it is then left
        /// in the selection); false when there is none.</summary>
        private bool Node(int depth, int cost, int paid)
        {
            if (_chosen.Count == SplitDepth)
            {
                var here0 = Frame(depth);
                Tasks.Add(new Subtree([.. _chosen], (ulong[])here0.Open.Clone(), (ulong[])here0.Excluded.Clone(),
                    (ulong[])here0.Blocked.Clone(), cost, paid));
                return false;
            }
            shared.Count();
            Stop.ThrowIfCancellationRequested();
            int words = check._words;
            var here = Frame(depth);
            int left = budget - cost;
            bool paidSlots = check._maxPaid is not int cap || paid < cap;
            var affordable = check._costAtMost[Math.Min(left, check._maxCost)];
            var free = check._costAtMost[0];
            for (int w = 0; w < words; w++)
                here.Allowed[w] = affordable[w] & ~here.Excluded[w] & ~here.Blocked[w] & (paidSlots ? ulong.MaxValue : free[w]);

            if (KillerEmptied(here)) return false;
            int open = Propagate(here, left);
            if (open == 0) return true;
            if (open < 0) return false; // an unmet cut without an allowed group
            int best = FewestAllowed(here, open);
            Bits.And(check._cutMasks.AsSpan(best * words, words), here.Allowed, here.Branch);
            // Children exclude E and the groups propagation dropped (in no extension below this node), then each earlier branch.
            var next = Frame(depth + 1);
            for (int w = 0; w < words; w++)
                next.Excluded[w] = here.Excluded[w] | ~here.Allowed[w] & affordable[w] & ~here.Blocked[w];
            for (int w = 0; w < words; w++)
            {
                ulong bits = here.Branch[w];
                while (bits != 0)
                {
                    int k = w * 64 + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    Bits.AndNot(here.Open, check._cutsContaining[k], next.Open);
                    var family = check._familyOf[k];
                    for (int v = 0; v < words; v++) next.Blocked[v] = here.Blocked[v] | family[v];
                    _chosen.Add(k);
                    if (Node(depth + 1, cost + check._cost[k], paid + (check._cost[k] > 0 ? 1 : 0))) return true;
                    _chosen.RemoveAt(_chosen.Count - 1);
                    next.Excluded[k >> 6] |= 1UL << (k & 63); // the child wrote only below itself, not this buffer
                }
            }
            return false;
        }

        /// <summary>
        /// Lists the unmet cuts (<see cref="Level.OpenCuts"/>, indices only) and drops from the allowed groups, to a
        /// fixpoint, every group k of cost c that misses an unmet cut whose allowed groups all cost more than s = left − c:
        /// the other new groups of an extension containing k cost at most s in total, so none of them is in that cut, and
        /// k would have to meet it. Returns the number of unmet cuts, or −1 when one has no allowed group.
        /// </summary>
        /// <remarks>Needed[s] is the intersection of the unmet cuts without an allowed group of cost ≤ s; the groups of cost
        /// left − s outside it are dropped. Once Needed[s] holds no group of cost left − s, every such group goes whatever
        /// the other cuts say (level s is settled). The first round stops listing cuts when every level is settled, drops,
        /// tests the recently failing cuts, and only then lists the rest: most nodes fail on the way.</remarks>
        private int Propagate(Level here, int left)
        {
            int words = check._words;
            int top = Math.Min(left, check._maxCost); // every allowed group costs at most top
            int low = Math.Max(0, left - check._maxCost); // below this level no group costs left − level
            var cursor = new OpenCursor(here.Open);
            int open = 0;
            bool first = true;
            while (true)
            {
                BeginLevels(here, low, top);
                int unsettled = top - low;
                if (first)
                {
                    while (unsettled > 0 && cursor.Next(out int j))
                    {
                        var cut = check._cutMasks.AsSpan(j * words, words);
                        if (!Bits.Meets(cut, here.Allowed)) return Killed(here, j);
                        Append(here, ref open, j);
                        bool before = here.DroppedEarly;
                        unsettled -= AddToLevels(here, cut, left, low, top);
                        if (here.DroppedEarly && !before && KillerEmptied(here)) return -1; // the recent failures first
                    }
                }
                else
                    for (int i = 0; i < open && unsettled > 0; i++)
                        unsettled -= AddToLevels(here, check._cutMasks.AsSpan(here.OpenCuts[i] * words, words), left, low, top);
                bool dropped = Drop(here, left, low, top) | here.DroppedEarly;
                if (dropped && KillerEmptied(here)) return -1;
                if (first) // the cuts not yet listed
                    while (cursor.Next(out int j))
                    {
                        if (!Bits.Meets(check._cutMasks.AsSpan(j * words, words), here.Allowed)) return Killed(here, j);
                        Append(here, ref open, j);
                    }
                first = false;
                if (!dropped) return open;
                for (int i = 0; i < open; i++) // the listed cuts, fewer allowed groups
                    if (!Bits.Meets(check._cutMasks.AsSpan(here.OpenCuts[i] * words, words), here.Allowed))
                        return Killed(here, here.OpenCuts[i]);
            }
        }

        private static void Append(Level here, ref int count, int j)
        {
            if (count == here.OpenCuts.Length) Array.Resize(ref here.OpenCuts, 2 * count);
            here.OpenCuts[count++] = j;
        }

        /// <summary>Starts a round: the allowed groups by cost level, no level constrained or settled.</summary>
        private void BeginLevels(Level here, int low, int top)
        {
            int words = check._words;
            for (int level = low; level < top; level++)
                Bits.And(here.Allowed, check._costAtMost[level], here.AllowedAt.AsSpan(level * words, words));
            Array.Clear(here.Constrained);
            Array.Clear(here.Settled);
            here.DroppedEarly = false;
        }

        /// <summary>Intersects <paramref name="cut"/> into Needed[s] for every unsettled level s below its cheapest allowed
        /// cost, dropping the groups of a level it settles (<see cref="Level.DroppedEarly"/>); returns the number of levels
        /// it settled.</summary>
        private int AddToLevels(Level here, ReadOnlySpan<ulong> cut, int left, int low, int top)
        {
            int words = check._words, settled = 0;
            for (int level = low; level < top && !Bits.Meets(cut, here.AllowedAt.AsSpan(level * words, words)); level++)
            {
                if (here.Settled[level]) continue;
                var needed = here.Needed.AsSpan(level * words, words);
                if (here.Constrained[level]) Bits.And(needed, cut, needed);
                else
                {
                    Bits.And(cut, here.Allowed, needed);
                    here.Constrained[level] = true;
                }
                if (!Bits.Meets(needed, check._costIs[left - level]))
                {
                    // Settled: the full intersection holds no group of cost left − level either, so they all go now (the
                    // cuts still to come are then tested against the smaller allowed set).
                    here.Settled[level] = true;
                    settled++;
                    if (Bits.Meets(here.Allowed, check._costIs[left - level]))
                    {
                        Bits.AndNot(here.Allowed, check._costIs[left - level], here.Allowed);
                        here.DroppedEarly = true;
                    }
                }
            }
            return settled;
        }

        /// <summary>Drops, at every constrained level s, the allowed groups of cost left − s outside Needed[s]; true when
        /// some group was dropped.</summary>
        private bool Drop(Level here, int left, int low, int top)
        {
            int words = check._words;
            bool dropped = false;
            for (int level = low; level < top; level++)
            {
                if (!here.Constrained[level]) continue;
                var withCost = check._costIs[left - level];
                for (int w = 0; w < words; w++)
                {
                    ulong drop = here.Allowed[w] & withCost[w] & ~here.Needed[level * words + w];
                    if (drop == 0) continue;
                    here.Allowed[w] &= ~drop;
                    dropped = true;
                }
            }
            return dropped;
        }

        /// <summary>Walks the set bits of a mask over cuts, resumably.</summary>
        private struct OpenCursor(ulong[] open)
        {
            private int _word = -1;
            private ulong _bits;

            public bool Next(out int j)
            {
                while (_bits == 0)
                {
                    if (++_word >= open.Length) { j = -1; return false; }
                    _bits = open[_word];
                }
                j = _word * 64 + BitOperations.TrailingZeroCount(_bits);
                _bits &= _bits - 1;
                return true;
            }
        }

        /// <summary>Records cut <paramref name="j"/>, found without an allowed group, as the first one the next nodes at this
        /// depth test (siblings often fail on the same cut); returns −1.</summary>
        private static int Killed(Level here, int j)
        {
            if (here.Killers[0] != j) (here.Killers[0], here.Killers[1]) = (j, here.Killers[0]);
            return -1;
        }

        /// <summary>Whether a recently failing cut (<see cref="Killed"/>) is unmet here and has no allowed group: a shortcut of
        /// the scans, which would find the same.</summary>
        private bool KillerEmptied(Level here)
        {
            foreach (int j in here.Killers)
                if (j >= 0 && (here.Open[j >> 6] >> (j & 63) & 1) != 0
                    && !Bits.Meets(check._cutMasks.AsSpan(j * check._words, check._words), here.Allowed)) return true;
            return false;
        }

        /// <summary>The listed unmet cut with the fewest allowed groups (the first of them).</summary>
        private int FewestAllowed(Level here, int open)
        {
            int words = check._words, best = -1, fewest = int.MaxValue;
            for (int i = 0; i < open && fewest > 1; i++)
            {
                int j = here.OpenCuts[i];
                int count = Bits.Count(check._cutMasks.AsSpan(j * words, words), here.Allowed);
                if (count < fewest) (best, fewest) = (j, count);
            }
            return best;
        }
    }

    /// <summary>Bit-mask operations over whole blocks of 8 words (every mask length is padded to a multiple of 8 with
    /// zero words), 512 bits at a time.</summary>
    private static class Bits
    {
        public static int Padded(int words) => Math.Max(8, (words + 7) / 8 * 8);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Meets(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
        {
            ref ulong x = ref MemoryMarshal.GetReference(a), y = ref MemoryMarshal.GetReference(b);
            var any = Vector512<ulong>.Zero;
            for (nuint i = 0; i < (nuint)a.Length; i += 8) any |= Vector512.LoadUnsafe(ref x, i) & Vector512.LoadUnsafe(ref y, i);
            return any != Vector512<ulong>.Zero;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Meets(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> c)
        {
            ref ulong x = ref MemoryMarshal.GetReference(a), y = ref MemoryMarshal.GetReference(b), z = ref MemoryMarshal.GetReference(c);
            var any = Vector512<ulong>.Zero;
            for (nuint i = 0; i < (nuint)a.Length; i += 8)
                any |= Vector512.LoadUnsafe(ref x, i) & Vector512.LoadUnsafe(ref y, i) & Vector512.LoadUnsafe(ref z, i);
            return any != Vector512<ulong>.Zero;
        }

        /// <summary>|a ∧ b|.</summary>
        public static int Count(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
        {
            int count = 0;
            for (int w = 0; w < a.Length; w++) count += BitOperations.PopCount(a[w] & b[w]);
            return count;
        }

        /// <summary>target = a ∧ b (target may be a or b).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void And(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> target)
        {
            ref ulong x = ref MemoryMarshal.GetReference(a), y = ref MemoryMarshal.GetReference(b), t = ref MemoryMarshal.GetReference(target);
            for (nuint i = 0; i < (nuint)a.Length; i += 8) (Vector512.LoadUnsafe(ref x, i) & Vector512.LoadUnsafe(ref y, i)).StoreUnsafe(ref t, i);
        }

        /// <summary>target = a ∧ ¬b.</summary>
        public static void AndNot(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> target)
        {
            ref ulong x = ref MemoryMarshal.GetReference(a), y = ref MemoryMarshal.GetReference(b), t = ref MemoryMarshal.GetReference(target);
            for (nuint i = 0; i < (nuint)a.Length; i += 8)
                Vector512.AndNot(Vector512.LoadUnsafe(ref x, i), Vector512.LoadUnsafe(ref y, i)).StoreUnsafe(ref t, i);
        }
    }
}
