using Verifier.Shared.Networks;
using System.Diagnostics;
using Google.OrTools.LinearSolver;
using Verifier.Shared.Data;
using Verifier.Reformulation;

namespace Verifier.Continuous.GlobalLp;

/// <summary>
/// Certified global minimiser of the multivariate ℓ^p objective (paper (8)) through Lemma 4.1:
/// minimise Σ_b ‖z_b‖_p^p over the <see cref="BlockModel"/>, 0 &lt; p &lt; 1, by spatial branch and bound
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
/// multipliers give a valid bound; the secant LP's optimal duals give a tight one). Where the under-estimators are
/// tight but GLOP's duals fall short, the multipliers are recomputed exactly from the basis
/// (<see cref="NodeLp.ExactDualBound"/>). A node whose LP fails keeps its parent's bound in the final lower bound.
/// A node is fathomed when its bound reaches the incumbent within the relative gap 1e-9.</para>
/// </remarks>
public sealed class GlobalLpSolver(double timeLimitSeconds = 60, IProgress<GlobalLpProgress>? progress = null)
{
    public const double RelativeGap = 1e-9;
    private const double ZeroTolerance = 1e-9;
    private const double FiniteBoxLimit = 1e6;
    private readonly double _timeLimitSeconds = timeLimitSeconds > 0
        ? timeLimitSeconds
        : throw new ArgumentOutOfRangeException(nameof(timeLimitSeconds), "the time limit must be positive");

    /// <summary>Enumerates the activation patterns under the time limit (and <paramref name="cancellation"/>), then
    /// runs <see cref="Solve(BlockModel, double, CancellationToken)"/> with the time that is left. Running out
    /// during the enumeration is <see cref="GlobalLpStatus.Stopped"/> with lower bound 0 and the projection
    /// interpolant as a verified (non-basic) network; y = 0 is
    /// answered before any enumeration (the empty network, certified).</summary>
    public GlobalLpResult Solve(Dataset data, double p, CancellationToken cancellation = default)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), "p must lie in (0, 1)");
        var clock = Stopwatch.StartNew();
        if (AllLabelsZero(data)) return EmptyNetwork(data, p, 0, clock);
        var poly = BlockModel.TryBuild(data, _timeLimitSeconds, cancellation);
        if (poly is null) return Stopped(data, p, 0, 0, 0, clock);
        return Solve(poly, p, cancellation, clock);
    }

    /// <summary>The branch and bound over a prebuilt polyhedron; the time limit runs from this call. Cancellation
    /// stops the search as the time limit does (status <see cref="GlobalLpStatus.Stopped"/>, bounds so far).</summary>
    public GlobalLpResult Solve(BlockModel poly, double p, CancellationToken cancellation = default) =>
        Solve(poly, p, cancellation, Stopwatch.StartNew());

    private GlobalLpResult Solve(BlockModel poly, double p, CancellationToken cancellation, Stopwatch clock)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), "p must lie in (0, 1)");
        // y = 0: the network without neurons interpolates and costs 0, the least any network can cost — a global
        // certificate whether or not the pattern enumeration was complete.
        if (AllLabelsZero(poly.Data)) return EmptyNetwork(poly.Data, p, poly.Blocks.Count, clock);
        double Remaining() => _timeLimitSeconds - clock.Elapsed.TotalSeconds;
        bool OutOfTime() => Remaining() <= 0 || cancellation.IsCancellationRequested;
        var lp = new NodeLp(poly);
        int nv = poly.Variables, lpCalls = 0, nodes = 0;
        var lo = new double[nv];
        var hi = Enumerable.Repeat(double.PositiveInfinity, nv).ToArray();

        // Initial incumbent: an ℓ^1 vertex, polished and rebuilt exactly. A root LP that is not OPTIMAL (time limit,
        // numerical trouble) proves nothing — the polyhedron is never empty (Prop 4.1) — so it is a stop with bound 0.
        if (OutOfTime()) return Stopped(poly.Data, p, poly.Blocks.Count, 0, lpCalls, clock);
        lpCalls++;
        var first = lp.Solve(lo, hi, Enumerable.Repeat(1.0, nv).ToArray(), Remaining());
        if (first is null) return Stopped(poly.Data, p, poly.Blocks.Count, 0, lpCalls, clock);
        var incumbent = Polish(lp, first, p, Remaining(), ref lpCalls) ?? BasicSolution.Rebuild(poly, first);
        // GLOP's vertex could not be turned into an exact basic solution (its basis was numerically wrong): no exact
        // incumbent means no box and no certificate; report the trivial bound honestly instead of failing.
        if (incumbent is null) return Stopped(poly.Data, p, poly.Blocks.Count, 0, lpCalls, clock);
        double best = incumbent.Value(p);
        // Every minimiser has w_v^p ≤ V, i.e. w_v ≤ V^{1/p}; when that overflows double the box is [0, ∞) (handled
        // by the constant under-estimator and NodeLp.LagrangianBound), never a clamped finite number.
        double box = Math.Pow(best * (1 + 1e-9), 1 / p);
        if (!double.IsFinite(box)) box = double.PositiveInfinity;
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
            if (OutOfTime()) { timedOut = true; break; }
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
            var w = lp.Solve(node.Lo, node.Hi, scaled, Remaining());
            if (w is null) { unsolved = Math.Min(unsolved, node.Bound); continue; }
            // LagrangianBound is always finite and ≥ 0, and node bounds only grow from the root's 0: never NaN.
            var boxedHi = node.Hi.Select(u => Math.Min(u, box)).ToArray();
            double bound = Math.Max(node.Bound, lp.LagrangianBound(node.Lo, boxedHi, norm, p));
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
            bool tight = branch < 0 || widest <= RelativeGap * Math.Max(1e-12, best) * 1e-3;
            // Under-estimators tight at the LP point, yet the bound short of the incumbent: GLOP's duals lose it (their
            // tolerance times the box width, ~10^-7 per variable on the box [0, V^{1/p}] at small p). Recompute the
            // multipliers exactly from the basis, before any other LP call replaces it.
            if (tight && bound < best * (1 - RelativeGap) && lp.ExactDualBound(node.Lo, boxedHi, slopes, p) is double exact)
                bound = Math.Max(bound, exact);
            if (value < best * (1 - RelativeGap))
            {
                var polished = Polish(lp, w, p, Remaining(), ref lpCalls) ?? BasicSolution.Rebuild(poly, w);
                if (polished is not null && polished.Value(p) < best) { incumbent = polished; best = polished.Value(p); }
            }
            if (bound >= best * (1 - RelativeGap) || tight)
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
            if (nodes % 50 == 0 && progress is not null)
                progress.Report(new GlobalLpProgress(clock.Elapsed.TotalSeconds, LowerBound(), best, nodes, open.Count));
        }
        return new GlobalLpResult(timedOut ? GlobalLpStatus.Stopped : GlobalLpStatus.TreeExhausted, p, LowerBound(), best,
            incumbent.Network, incumbent.IsBasic, nodes, lpCalls, poly.Blocks.Count, clock.Elapsed.TotalSeconds);

        // Every fathomed node's region has minimum ≥ its bound, an unsolved node's ≥ its parent's, an open node's ≥
        // its bound, and every later node descends from an open one with a bound at least its ancestor's: so this
        // value, taken at any moment, never exceeds its final value. An incomplete enumeration proves only 0.
        double LowerBound()
        {
            if (!poly.PatternsComplete) return 0;
            double lower = Math.Min(best, Math.Min(fathomedFloor, unsolved));
            if (open.Count > 0) lower = Math.Min(lower, open.UnorderedItems.Min(x => x.Priority));
            return Math.Max(lower, 0);
        }
    }

    private static bool AllLabelsZero(Dataset data) => data.Labels.ToArray().All(v => v.IsZero);

    private static GlobalLpResult EmptyNetwork(Dataset data, double p, int blocks, Stopwatch clock) =>
        new(GlobalLpStatus.TreeExhausted, p, 0, 0, new ShallowReluNetwork(data.Dimension, [], null), true, 0, 0, blocks, clock.Elapsed.TotalSeconds);

    /// <summary>No network within the limit: the only bound proven is the trivial 0.</summary>
    /// <summary>Stopped before any search result: lower bound 0, and as upper bound the ℓ^p value of the projection
    /// interpolant (<see cref="ProjectionInterpolant"/>, no search, checked exactly; not a basic solution), so the
    /// caller still gets a verified network and a finite gap.</summary>
    private static GlobalLpResult Stopped(Dataset data, double p, int blocks, int nodes, int lpCalls, Stopwatch clock)
    {
        var fallback = ProjectionInterpolant.Build(data, skip: false);
        double value = fallback is null ? double.PositiveInfinity : SparsityMeasures.PathNorm(fallback, p);
        if (!double.IsFinite(value)) fallback = null;
        return new(GlobalLpStatus.Stopped, p, 0, fallback is null ? double.PositiveInfinity : value, fallback, false, nodes, lpCalls,
            blocks, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Moves from a feasible w to a vertex v* of the face {w_k = 0 off supp(w)} with f(v*) ≤ f(w): minimise
    /// the gradient ∇f(w)·v there; by concavity f(v*) ≤ f(w) + ∇f(w)·(v* − w) ≤ f(w). Then rebuilds it exactly.</summary>
    private static BasicSolution? Polish(NodeLp lp, double[] w, double p, double seconds, ref int lpCalls)
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
        var vertex = lp.Solve(lo, hi, grad, seconds);
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
