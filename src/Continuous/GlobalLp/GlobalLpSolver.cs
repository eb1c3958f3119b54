using Verifier.Shared.Networks;
using System.Diagnostics;
using Google.OrTools.LinearSolver;
using Verifier.Shared.Data;

namespace Verifier.Continuous.GlobalLp;

/// <summary>
/// Certified global minimiser of the multivariate ℓ^p objective (paper (8)) through Lemma 4.1:
/// minimise Σ_b ‖z_b‖_p^p over the <see cref="PatternPolyhedron"/>, 0 &lt; p &lt; 1, by spatial branch and bound
/// with secant under-estimators (Falk–Soland), each node an LP (GLOP).
/// </summary>
/// <remarks>
/// <para>Split form. With z = w⁺ − w⁻, w ≥ 0, the objective Σ_v w_v^p is separable and concave on the feasible
/// polyhedron P (which lies in the nonnegative orthant, hence is pointed); a concave function bounded below on
/// a pointed polyhedron attains its minimum at a vertex, and w⁺_v, w⁻_v are never both basic, so vertices are the
/// basic solutions of SPEC §3.</para>
/// <para>Under-estimators (why the bounds are sound). Each split variable carries an interval: [l, u] bounded, or
/// [l, ∞). On [l, u] the secant of the concave t ↦ t^p lies below t^p (concavity), but only on a bounded interval;
/// on [l, ∞) the constant l^p lies below t^p (monotonicity). Branching on v at the LP value a splits [l, u] into
/// [l, a] and [a, u], or [l, ∞) into [l, a] (secant) and [a, ∞) (constant), so no a-priori bound on the entries of
/// basic solutions (Cramer/Hadamard) is needed to define the relaxation. A finite box is used in one place only:
/// the Lagrangian bound (<see cref="NodeLp.LagrangianBound"/>) minimises t^p − a t over each interval and needs a finite end; there we use
/// U = V^{1/p} with V the value of the exact incumbent, which is valid because every minimiser w* satisfies
/// w*_v^p ≤ Σ w*^p ≤ V, so intersecting a node's region with [0, U]^V removes no global minimiser.</para>
/// <para>What is exact and what is floating. The network is rebuilt exactly (<see cref="BasicSolution"/>) and
/// verified; its value is <c>UpperBound</c>. Node lower bounds do not trust GLOP's optimal value: they are
/// Lagrangian bounds of the true objective from its dual vector, evaluated with a rounding-error margin (any
/// multipliers give a valid bound; the secant LP's optimal duals give a tight one). A node whose LP fails keeps its parent's bound in the final lower bound.
/// A node is fathomed when its bound reaches the incumbent within the relative gap 1e-9.</para>
/// </remarks>
public sealed class GlobalLpSolver(double timeLimitSeconds = 60, IProgress<GlobalLpProgress>? progress = null)
{
    public const double RelativeGap = 1e-9;
    private const double ZeroTolerance = 1e-9;
    private const double FiniteBoxLimit = 1e6;

    public GlobalLpResult Solve(Dataset data, double p, CancellationToken cancellation = default) =>
        Solve(PatternPolyhedron.Build(data, cancellation), p, cancellation);

    public GlobalLpResult Solve(PatternPolyhedron poly, double p, CancellationToken cancellation = default)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), "p must lie in (0, 1)");
        var clock = Stopwatch.StartNew();
        // y = 0: the network without neurons interpolates and costs 0, the least any network can cost.
        if (poly.Data.Labels.ToArray().All(v => v.IsZero))
            return new GlobalLpResult(poly.PatternsComplete ? GlobalLpStatus.Optimal : GlobalLpStatus.TimeLimit, p, 0, 0,
                new ShallowReluNetwork(poly.Data.Dimension, [], null), true, 0, 0, poly.Blocks.Count, clock.Elapsed.TotalSeconds);
        var lp = new NodeLp(poly);
        int nv = poly.Variables, lpCalls = 0, nodes = 0;
        var lo = new double[nv];
        var hi = Enumerable.Repeat(double.PositiveInfinity, nv).ToArray();

        // Initial incumbent: an ℓ^1 vertex, polished and rebuilt exactly.
        lpCalls++;
        var first = lp.Solve(lo, hi, Enumerable.Repeat(1.0, nv).ToArray());
        if (first is null)
            return new GlobalLpResult(GlobalLpStatus.Infeasible, p, double.PositiveInfinity, double.PositiveInfinity, null, false, 0, lpCalls, poly.Blocks.Count, clock.Elapsed.TotalSeconds);
        var incumbent = Polish(lp, first, p, ref lpCalls) ?? BasicSolution.Rebuild(poly, first);
        // GLOP's vertex could not be turned into an exact basic solution (its basis was numerically wrong): no exact
        // incumbent means no box and no certificate; report the trivial bound honestly instead of failing.
        if (incumbent is null)
            return new GlobalLpResult(GlobalLpStatus.TimeLimit, p, 0, double.PositiveInfinity, null, false, 0, lpCalls, poly.Blocks.Count, clock.Elapsed.TotalSeconds);
        double best = incumbent.Value(p);
        double box = Math.Pow(best * (1 + 1e-9), 1 / p);
        // When the box is moderate (p not small) start from it: secants on [0, U] are much stronger than the
        // constant 0 on [0, ∞). For small p, U is astronomically large and GLOP stalls on it, so keep [0, ∞).
        if (box <= FiniteBoxLimit) Array.Fill(hi, box);

        var open = new PriorityQueue<Node, double>();
        open.Enqueue(new Node(lo, hi, 0), 0);
        double fathomedFloor = double.PositiveInfinity; // smallest bound of a node fathomed against a floating incumbent
        bool timedOut = false;
        double unsolved = double.PositiveInfinity; // bounds of nodes whose LP failed (infeasible or numerical trouble): kept, not trusted away
        var slopes = new double[nv];
        while (open.Count > 0)
        {
            if (clock.Elapsed.TotalSeconds > timeLimitSeconds || cancellation.IsCancellationRequested) { timedOut = true; break; }
            var node = open.Dequeue();
            if (node.Bound >= best * (1 - RelativeGap)) { fathomedFloor = Math.Min(fathomedFloor, node.Bound); continue; }
            nodes++;
            for (int v = 0; v < nv; v++) slopes[v] = Secant(node.Lo[v], node.Hi[v], p).Slope;
            lpCalls++;
            // The LP sees the objective scaled to max coefficient 1 (tiny secant slopes are otherwise dropped);
            // its answer only guides the search: the node bound is the Lagrangian bound of NodeLp.LagrangianBound.
            double norm = slopes.Max();
            if (!(norm > 0)) norm = 1;
            var scaled = slopes.Select(c => c / norm).ToArray();
            var w = lp.Solve(node.Lo, node.Hi, scaled);
            if (w is null) { unsolved = Math.Min(unsolved, node.Bound); continue; }
            double bound = Math.Max(node.Bound, lp.LagrangianBound(node.Lo, node.Hi.Select(u => Math.Min(u, box)).ToArray(), norm, p));
            double value = 0;
            int branch = -1; double widest = 0;
            double scale = Math.Max(1, w.Max());
            for (int v = 0; v < nv; v++)
            {
                double t = w[v] <= ZeroTolerance * scale ? 0 : Math.Min(Math.Max(w[v], node.Lo[v]), node.Hi[v]);
                double f = t == 0 ? 0 : Math.Pow(t, p);
                value += f;
                double gap = f - (Math.Pow(node.Lo[v], p) + slopes[v] * (t - node.Lo[v]));
                if (gap > widest) { widest = gap; branch = v; }
            }
            if (value < best * (1 - RelativeGap))
            {
                var polished = Polish(lp, w, p, ref lpCalls) ?? BasicSolution.Rebuild(poly, w);
                if (polished is not null && polished.Value(p) < best) { incumbent = polished; best = polished.Value(p); }
            }
            if (bound >= best * (1 - RelativeGap) || branch < 0 || widest <= RelativeGap * Math.Max(1e-12, best) * 1e-3)
            {
                fathomedFloor = Math.Min(fathomedFloor, bound);
                continue;
            }
            double l = node.Lo[branch], u = node.Hi[branch], at = w[branch];
            double eps = 1e-9 * Math.Max(1, Math.Max(l, at));
            if (!(at - l > eps && u - at > eps)) at = double.IsPositiveInfinity(u) ? 2 * l + 1 : l + (u - l) / 2;
            var leftHi = (double[])node.Hi.Clone(); leftHi[branch] = at;
            var rightLo = (double[])node.Lo.Clone(); rightLo[branch] = at;
            open.Enqueue(new Node(node.Lo, leftHi, bound), bound);
            open.Enqueue(new Node(rightLo, node.Hi, bound), bound);
            if (nodes % 50 == 0)
                progress?.Report(new GlobalLpProgress(clock.Elapsed.TotalSeconds, open.Count > 0 ? Math.Min(open.UnorderedItems.Min(x => x.Priority), best) : best, best, nodes, open.Count));
        }
        // Every fathomed node's region has minimum ≥ its bound; the open nodes' regions ≥ their bounds.
        double lower = Math.Min(best, Math.Min(fathomedFloor, unsolved));
        if (open.Count > 0) lower = Math.Min(lower, open.UnorderedItems.Min(x => x.Priority));
        lower = Math.Max(lower, 0);
        bool complete = poly.PatternsComplete && !timedOut;
        var status = complete ? GlobalLpStatus.Optimal : GlobalLpStatus.TimeLimit;
        if (!poly.PatternsComplete) lower = 0;
        return new GlobalLpResult(status, p, lower, best, incumbent.Network, incumbent.IsBasic, nodes, lpCalls, poly.Blocks.Count, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Moves from a feasible w to a vertex v* of the face {w_k = 0 off supp(w)} with f(v*) ≤ f(w): minimise
    /// the gradient ∇f(w)·v there; by concavity f(v*) ≤ f(w) + ∇f(w)·(v* − w) ≤ f(w). Then rebuilds it exactly.</summary>
    private static BasicSolution? Polish(NodeLp lp, double[] w, double p, ref int lpCalls)
    {
        int nv = w.Length;
        double scale = Math.Max(1, w.Max());
        var lo = new double[nv];
        var hi = new double[nv];
        var grad = new double[nv];
        for (int v = 0; v < nv; v++)
        {
            if (w[v] <= ZeroTolerance * scale) continue;
            hi[v] = double.PositiveInfinity;
            grad[v] = p * Math.Pow(w[v], p - 1);
        }
        lpCalls++;
        var vertex = lp.Solve(lo, hi, grad);
        var exact = vertex is null ? null : BasicSolution.Rebuild(lp.Polyhedron, vertex);
        return exact ?? BasicSolution.Rebuild(lp.Polyhedron, w);
    }

    /// <summary>The secant of t^p on [l, u]: slope and intercept (value at 0 of the line).</summary>
    private static (double Slope, double Intercept) Secant(double l, double u, double p)
    {
        double fl = l == 0 ? 0 : Math.Pow(l, p);
        if (double.IsPositiveInfinity(u) || u - l <= 1e-15 * Math.Max(1, u)) return (0, fl);
        double slope = (Math.Pow(u, p) - fl) / (u - l);
        return (slope, fl - slope * l);
    }

    private sealed record Node(double[] Lo, double[] Hi, double Bound);
}
