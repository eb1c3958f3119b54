using System.Diagnostics;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Reformulation;

namespace Verifier.Continuous.GlobalLp;

public sealed partial class GlobalLpSolver
{
    /// <summary>The state of one branch and bound: the node queue, the incumbent and the pieces of the lower bound.</summary>
    private sealed class Search(BlockModel poly, double p, double limit, Stopwatch clock, CancellationToken cancellation,
        IProgress<GlobalLpProgress>? progress)
    {
        private NodeLp _lp = null!;
        private readonly PriorityQueue<Node, double> _open = new();
        private readonly IncumbentDescent _descent = new(poly, p);
        private double _best = double.PositiveInfinity;
        /// <summary>Smallest bound of a fathomed node, and smallest threshold a piece of a box was removed with.</summary>
        private double _fathomedFloor = double.PositiveInfinity;
        /// <summary>Bounds of nodes whose LP failed (infeasible or numerical trouble): kept, not trusted away.</summary>
        private double _unsolved = double.PositiveInfinity;
        /// <summary>Range reduction never brings an upper end below this, relative to the incumbent's largest entry
        /// (at least 1): 1e-9, so that GLOP's tolerances (1e-12) stay well below every box width, and (1e-4)^{1/(1−p)},
        /// so that the secant slope on [0, u] (u^{p−1}, steep at small p) stays within 1e4 of that on [0, 1]: a steeper
        /// one drowns every other cost of the scaled LP in GLOP's dual tolerance.</summary>
        private double _narrowest = NarrowestRelative(p);
        /// <summary>Relative distance below the threshold within which a floating node bound is re-evaluated exactly.</summary>
        private const double NearThreshold = 1e-3;
        private static double NarrowestRelative(double p) => Math.Max(1e-9, Math.Pow(1e-4, 1 / (1 - p)));
        public BasicSolution? Incumbent { get; private set; }
        public int Nodes { get; private set; }
        public int LpCalls => (_lp?.Calls ?? 0) + _descent.LpCalls;

        private double Remaining() => limit - clock.Elapsed.TotalSeconds;
        private bool OutOfTime() => Remaining() <= 0 || cancellation.IsCancellationRequested;
        /// <summary>Nodes and pieces of boxes at or above this are done: half the certification gap below the incumbent
        /// value, so that what they prove certifies with room for rounding.</summary>
        private double Threshold => _best * (1 - RelativeGap / 2);

        /// <summary>Root: builds the LP (within the time limit), then the ℓ^1 vertex and the seeds, each descended;
        /// false when time ran out first or no exact incumbent exists.</summary>
        public bool Start(IReadOnlyList<ShallowReluNetwork>? seeds)
        {
            try { _lp = new NodeLp(poly, OutOfTime); }
            catch (OperationCanceledException) { return false; }
            int nv = poly.Variables;
            var lo = new double[nv];
            var hi = Enumerable.Repeat(double.PositiveInfinity, nv).ToArray();
            if (OutOfTime()) return false;
            var first = _lp.Solve(lo, hi, Enumerable.Repeat(1.0, nv).ToArray(), Remaining());
            if (first is not null)
            {
                Offer(_descent.FromPoint(_lp, first, Remaining()));
                foreach (var point in _descent.Reweighted(_lp, first, Remaining()))
                {
                    if (OutOfTime()) break;
                    Offer(_descent.FromPoint(_lp, point, Remaining()));
                }
            }
            foreach (var seed in seeds ?? [])
                if (!OutOfTime()) Offer(_descent.FromNetwork(_lp, seed, Remaining()));
            if (Incumbent is null) return false;
            // Every minimiser has w_v^p ≤ V, i.e. w_v ≤ V^{1/p}. When that box is moderate (p not small) start from it:
            // secants on [0, U] are much stronger than the constant 0 on [0, ∞). For small p, U is astronomically
            // large and GLOP stalls on it, so keep [0, ∞) (range reduction may still bring an end in).
            double box = Math.Pow(_best * (1 + 1e-9), 1 / p);
            if (double.IsFinite(box) && box <= FiniteBoxLimit) Array.Fill(hi, box);
            _open.Enqueue(new Node(lo, hi, 0), 0);
            return true;
        }

        private void Offer(BasicSolution? candidate)
        {
            if (candidate is null) return;
            double value = candidate.Value(p);
            if (value < _best)
            {
                Incumbent = candidate; _best = value;
                _narrowest = NarrowestRelative(p) * Math.Max(1, candidate.Weights.SelectMany(z => z).Max(c => Math.Abs(c.ToDouble())));
            }
        }

        /// <summary>Runs until the queue is empty (true) or time runs out (false).</summary>
        public bool Run()
        {
            while (_open.Count > 0)
            {
                if (OutOfTime()) return false;
                var node = _open.Dequeue();
                if (node.Bound >= Threshold) { _fathomedFloor = Math.Min(_fathomedFloor, node.Bound); continue; }
                Nodes++;
                Process(node);
                if (Nodes % 50 == 0)
                    progress?.Report(new GlobalLpProgress(clock.Elapsed.TotalSeconds, LowerBound(), _best, Nodes, _open.Count));
            }
            return true;
        }

        /// <summary>Solves a node, then fathoms it, or shrinks its box by range reduction and branches it. (Solving a
        /// node again after its box shrank was measured slower: the children's LPs see the shrunk box anyway.)</summary>
        private void Process(Node node)
        {
            var result = SolveNode(node.Lo, node.Hi, node.Bound, relaxed: false);
            if (result is null)
            {
                // A failed LP proves nothing, unless the phase-1 certificate shows the box holds no feasible point.
                // Otherwise the LP is asked again with GLOP's default tolerances, and failing that the box is split at
                // the middle of its widest interval (the halves cover it, each keeps the node's bound, and smaller
                // boxes are easier for GLOP), at most MaxBlindSplits times in a row.
                if (_lp.ProvesEmpty(node.Lo, node.Hi, Remaining())) return;
                result = SolveNode(node.Lo, node.Hi, node.Bound, relaxed: true);
                if (result is null)
                {
                    if (node.BlindSplits >= MaxBlindSplits || !SplitWidest(node)) _unsolved = Math.Min(_unsolved, node.Bound);
                    return;
                }
            }
            var (w, slopes, lagrangian, bound, tight) = result.Value;
            if (bound >= Threshold || tight) { _fathomedFloor = Math.Min(_fathomedFloor, bound); return; }
            var lo = (double[])node.Lo.Clone();
            var hi = (double[])node.Hi.Clone();
            double threshold = Threshold;
            var reduced = RangeReduction.Reduce(lagrangian, lo, hi, threshold, p, FiniteBoxLimit, _narrowest);
            // The removed pieces cost at least the threshold they were removed with.
            if (reduced != RangeReduction.Outcome.Unchanged) _fathomedFloor = Math.Min(_fathomedFloor, threshold);
            if (reduced == RangeReduction.Outcome.Empty) return;
            Branch(lo, hi, w, slopes, bound);
        }

        /// <summary>One node LP with the secant slopes of the box, its Lagrangian bound, and an incumbent attempt;
        /// null when the LP failed.</summary>
        private (double[] W, double[] Slopes, LagrangianTerms Lagrangian, double Bound, bool Tight)? SolveNode(
            double[] lo, double[] hi, double parentBound, bool relaxed)
        {
            int nv = lo.Length;
            var slopes = new double[nv];
            for (int v = 0; v < nv; v++) slopes[v] = SecantSlope(lo[v], hi[v], p);
            // The LP sees the objective scaled to max coefficient 1 (tiny secant slopes are otherwise dropped);
            // its answer only guides the search: the node bound is the Lagrangian bound, valid for the multipliers of
            // any costs. When GLOP fails on slopes spanning many orders of magnitude (ABNORMAL: at small p a squeezed
            // box [0, u] has slope u^{p−1} while a wide one has almost none), it is asked again with the small slopes
            // raised to 1e-6 of the largest.
            double norm = slopes.Max();
            if (!(norm > 0)) norm = 1;
            var costs = slopes;
            var w = _lp.Solve(lo, hi, costs.Select(c => c / norm).ToArray(), Remaining(), relaxed);
            if (w is null && !OutOfTime())
            {
                costs = slopes.Select(c => Math.Max(c, norm * 1e-6)).ToArray();
                w = _lp.Solve(lo, hi, costs.Select(c => c / norm).ToArray(), Remaining(), relaxed);
            }
            if (w is null) return null;
            var lagrangian = _lp.Lagrangian(lo, hi, norm, p);
            double bound = Math.Max(parentBound, lagrangian.Bound);
            // Just short of the threshold, the floating bound may be short only by its rounding margin, which grows with
            // the cancelling terms λ·y and Σ a_v t (large on the wide boxes of small p): the same multipliers, exactly.
            if (bound < Threshold && lagrangian.Bound >= Threshold * (1 - NearThreshold))
                bound = Math.Max(bound, _lp.ExactLagrangianBound(lo, hi, norm, p));
            double value = 0, largestSecantGap = 0;
            double scale = Math.Max(1, w.Max());
            for (int v = 0; v < nv; v++)
            {
                double t = w[v] <= ZeroTolerance * scale ? 0 : Math.Min(Math.Max(w[v], lo[v]), hi[v]);
                double f = t == 0 ? 0 : Math.Pow(t, p);
                value += f;
                largestSecantGap = Math.Max(largestSecantGap, f - (Math.Pow(lo[v], p) + slopes[v] * (t - lo[v])));
            }
            // Tight: the secants meet t^p at the LP point, so the node's minimum is the LP's (only when the LP minimised
            // the secants themselves, not the raised costs of the retry).
            bool tight = ReferenceEquals(costs, slopes) && largestSecantGap <= RelativeGap * Math.Max(1e-12, _best) * 1e-3;
            // Under-estimators tight at the LP point, yet the bound short of the incumbent: GLOP's duals lose it (their
            // tolerance times the box width). Recompute the multipliers exactly from the basis, before any other LP call.
            if (tight && bound < Threshold)
            {
                var exact = _lp.ExactDualBound(lo, hi, costs, p);
                if (exact is double e) bound = Math.Max(bound, e);
            }
            if (value < Threshold) Offer(_descent.FromPoint(_lp, w, Remaining()));
            return (w, slopes, lagrangian, bound, tight);
        }

        /// <summary>Splits the node's widest finite interval in the middle (relative width for intervals away from 0);
        /// false when every interval is a point or unbounded.</summary>
        private bool SplitWidest(Node node)
        {
            int branch = -1;
            double widest = 0;
            for (int v = 0; v < node.Lo.Length; v++)
            {
                if (double.IsPositiveInfinity(node.Hi[v])) continue;
                double width = (node.Hi[v] - node.Lo[v]) / Math.Max(1, node.Lo[v]);
                if (width > widest) { widest = width; branch = v; }
            }
            if (branch < 0 || !(widest > 1e-9)) return false;
            double at = node.Lo[branch] + (node.Hi[branch] - node.Lo[branch]) / 2;
            var leftHi = (double[])node.Hi.Clone(); leftHi[branch] = at;
            var rightLo = (double[])node.Lo.Clone(); rightLo[branch] = at;
            _open.Enqueue(new Node(node.Lo, leftHi, node.Bound, node.BlindSplits + 1), node.Bound);
            _open.Enqueue(new Node(rightLo, node.Hi, node.Bound, node.BlindSplits + 1), node.Bound);
            return true;
        }

        /// <summary>Splits the variable whose secant is furthest below t^p at the LP point, at that point.</summary>
        private void Branch(double[] lo, double[] hi, double[] w, double[] slopes, double bound)
        {
            int branch = -1;
            double widest = 0, scale = Math.Max(1, w.Max());
            for (int v = 0; v < w.Length; v++)
            {
                double t = w[v] <= ZeroTolerance * scale ? 0 : Math.Min(Math.Max(w[v], lo[v]), hi[v]);
                double gap = (t == 0 ? 0 : Math.Pow(t, p)) - (Math.Pow(lo[v], p) + slopes[v] * (t - lo[v]));
                if (gap > widest) { widest = gap; branch = v; }
            }
            // No secant gap at the LP point, yet the bound is short (the LP minimised raised costs, or its duals are
            // weak): split the widest interval at its middle instead of giving up the node.
            if (branch < 0)
            {
                double widestBox = 1e-9;
                for (int v = 0; v < w.Length; v++)
                {
                    double width = double.IsPositiveInfinity(hi[v]) ? lo[v] + 1 : hi[v] - lo[v];
                    if (width > widestBox) { widestBox = width; branch = v; }
                }
                if (branch < 0) { _fathomedFloor = Math.Min(_fathomedFloor, bound); return; }
            }
            double l = lo[branch], u = hi[branch], at = w[branch];
            double eps = 1e-9 * Math.Max(1, Math.Max(l, at));
            if (!(at - l > eps && u - at > eps)) at = double.IsPositiveInfinity(u) ? 2 * l + 1 : l + (u - l) / 2;
            var leftHi = (double[])hi.Clone(); leftHi[branch] = at;
            var rightLo = (double[])lo.Clone(); rightLo[branch] = at;
            _open.Enqueue(new Node(lo, leftHi, bound), bound);
            _open.Enqueue(new Node(rightLo, hi, bound), bound);
        }

        /// <summary>The global lower bound so far (see the class remarks); never above its final value.</summary>
        public double LowerBound()
        {
            if (!poly.PatternsComplete) return 0;
            double lower = Math.Min(_best, Math.Min(_fathomedFloor, _unsolved));
            if (_open.Count > 0) lower = Math.Min(lower, _open.UnorderedItems.Min(x => x.Priority));
            return Math.Max(lower, 0);
        }
    }

    /// <summary>A box of the search, the bound proven for it, and how many times in a row it was split without an LP.</summary>
    private sealed record Node(double[] Lo, double[] Hi, double Bound, int BlindSplits = 0);

    /// <summary>Consecutive splits of boxes whose LP failed before the box is given up (keeping its bound).</summary>
    private const int MaxBlindSplits = 64;
}
