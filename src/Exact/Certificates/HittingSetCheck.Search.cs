using System.Diagnostics;
using System.Numerics;


namespace Verifier.Exact.Certificates;

/// <summary>The depth-first search of <see cref="HittingSetCheck"/>: its nodes, the budget its workers share, and the
/// buffers of each depth.</summary>
public sealed partial class HittingSetCheck
{
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
}
