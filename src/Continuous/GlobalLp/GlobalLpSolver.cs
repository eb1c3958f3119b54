using System.Diagnostics;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Reformulation;

namespace Verifier.Continuous.GlobalLp;

/// <summary>
/// Certified global minimiser of the multivariate ℓ^p objective (paper (8)) through Lemma 4.1:
/// minimise Σ_b ‖z_b‖_p^p over the <see cref="BlockModel"/>, 0 &lt; p &lt; 1, by spatial branch and bound
/// with secant under-estimators (Falk–Soland), each node an LP (GLOP), and duality-based range reduction
/// (<see cref="RangeReduction"/>).
/// </summary>
/// <remarks>
/// <para>Split form. With z = w⁺ − w⁻, w ≥ 0, the objective Σ_v w_v^p is separable and concave on the feasible
/// polyhedron P (which lies in the nonnegative orthant, hence is pointed); a concave function bounded below on
/// a pointed polyhedron attains its minimum at a vertex, and w⁺_v, w⁻_v are never both basic, so vertices are the
/// basic solutions of SPEC §3.</para>
/// <para>Under-estimators (why the bounds are sound). Each split variable carries an interval: [l, u] bounded, or
/// [l, ∞). On [l, u] the secant of the concave t ↦ t^p lies below t^p (concavity), but only on a bounded interval;
/// on [l, ∞) the constant l^p lies below t^p (monotonicity). Branching on v at the LP value a splits [l, u] into
/// [l, a] and [a, u], or [l, ∞) into [l, a] (secant) and [a, ∞) (constant). Node bounds never trust GLOP's optimal
/// value: they are Lagrangian bounds of the true objective from its dual vector, evaluated with a rounding-error
/// margin (<see cref="NodeLp.Lagrangian"/>; any multipliers give a valid bound); where the under-estimators
/// are tight but GLOP's duals fall short, the multipliers are recomputed exactly from the basis
/// (<see cref="NodeLp.ExactDualBound"/>). The same multipliers shrink the node's box before it is branched
/// (<see cref="RangeReduction"/>): only pieces proven to cost at least the incumbent value (less half the gap) are
/// removed, so the children's secants are tighter.</para>
/// <para>Incumbents. Every candidate is rebuilt exactly (<see cref="BasicSolution"/>) and verified, then improved by
/// concave descent (<see cref="IncumbentDescent"/>): the ℓ^1 vertex and reweighted-ℓ^1 vertices at the root, the caller's seeds (e.g. a proven
/// ℓ^0-optimal network: at small p the sparsest networks are the natural candidates), and LP points of nodes.</para>
/// <para>Lower bound. Every fathomed node's region has minimum ≥ its bound, an unsolved node's ≥ its parent's, a
/// removed piece of a box ≥ the threshold it was removed with, an open node's ≥ its bound; so the minimum of these
/// bounds the global minimum at any moment. An incomplete pattern enumeration proves only 0. A node is fathomed
/// when its bound reaches the incumbent within the relative gap 1e-9.</para>
/// </remarks>
public sealed partial class GlobalLpSolver(double timeLimitSeconds = 60, IProgress<GlobalLpProgress>? progress = null)
{
    public const double RelativeGap = 1e-9;
    /// <summary>LP values below this (relative to the largest) count as zero when reading an LP point.</summary>
    internal const double ZeroTolerance = 1e-9;
    /// <summary>Boxes wider than this stall GLOP (small p makes V^{1/p} astronomically large): kept as [l, ∞).</summary>
    private const double FiniteBoxLimit = 1e10;
    private readonly double _timeLimitSeconds = timeLimitSeconds > 0
        ? timeLimitSeconds
        : throw new ArgumentOutOfRangeException(nameof(timeLimitSeconds), "the time limit must be positive");

    /// <summary>Enumerates the activation patterns under the time limit (and <paramref name="cancellation"/>), then
    /// runs <see cref="Solve(BlockModel, double, CancellationToken, IReadOnlyList{ShallowReluNetwork}?)"/> with the
    /// time that is left. Running out during the enumeration is <see cref="GlobalLpStatus.Stopped"/> with lower
    /// bound 0 and the best verified network at hand: the best seed, or else the projection interpolant (not basic);
    /// y = 0 is answered before any enumeration (the empty network, certified).</summary>
    public GlobalLpResult Solve(Dataset data, double p, CancellationToken cancellation = default,
        IReadOnlyList<ShallowReluNetwork>? seeds = null)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), "p must lie in (0, 1)");
        var clock = Stopwatch.StartNew();
        if (AllLabelsZero(data)) return EmptyNetwork(data, p, 0, clock);
        var poly = BlockModel.TryBuild(data, _timeLimitSeconds, cancellation);
        if (poly is null) return Stopped(data, p, 0, 0, 0, clock, seeds);
        return Solve(poly, p, cancellation, clock, seeds);
    }

    /// <summary>The branch and bound over a prebuilt polyhedron; the time limit runs from this call. Cancellation
    /// stops the search as the time limit does (status <see cref="GlobalLpStatus.Stopped"/>, bounds so far).
    /// <paramref name="seeds"/>: networks interpolating the data (checked exactly; others are ignored) that start the
    /// incumbent.</summary>
    public GlobalLpResult Solve(BlockModel poly, double p, CancellationToken cancellation = default,
        IReadOnlyList<ShallowReluNetwork>? seeds = null) =>
        Solve(poly, p, cancellation, Stopwatch.StartNew(), seeds);

    private GlobalLpResult Solve(BlockModel poly, double p, CancellationToken cancellation, Stopwatch clock,
        IReadOnlyList<ShallowReluNetwork>? seeds)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), "p must lie in (0, 1)");
        // y = 0: the network without neurons interpolates and costs 0, the least any network can cost — a global
        // certificate whether or not the pattern enumeration was complete.
        if (AllLabelsZero(poly.Data)) return EmptyNetwork(poly.Data, p, poly.Blocks.Count, clock);
        var search = new Search(poly, p, _timeLimitSeconds, clock, cancellation, progress);
        // No exact incumbent (the root LP failed or its vertex could not be rebuilt): nothing proven beyond 0.
        if (!search.Start(seeds)) return Stopped(poly.Data, p, poly.Blocks.Count, 0, search.LpCalls, clock, seeds);
        bool finished = search.Run();
        var best = search.Incumbent!;
        return new GlobalLpResult(finished ? GlobalLpStatus.TreeExhausted : GlobalLpStatus.Stopped, p, search.LowerBound(),
            best.Value(p), best.Network, best.IsBasic, search.Nodes, search.LpCalls, poly.Blocks.Count, clock.Elapsed.TotalSeconds);
    }

    private static bool AllLabelsZero(Dataset data) => data.Labels.ToArray().All(v => v.IsZero);

    private static GlobalLpResult EmptyNetwork(Dataset data, double p, int blocks, Stopwatch clock) =>
        new(GlobalLpStatus.TreeExhausted, p, 0, 0, new ShallowReluNetwork(data.Dimension, [], null), true, 0, 0, blocks, clock.Elapsed.TotalSeconds);

    /// <summary>Stopped before any search result: lower bound 0, and as upper bound the ℓ^p value of the best verified
    /// network at hand: the cheapest seed that interpolates exactly, or else the projection interpolant
    /// (<see cref="ProjectionInterpolant"/>, no search, checked exactly; not a basic solution), so the caller still
    /// gets a verified network and a finite gap.</summary>
    private static GlobalLpResult Stopped(Dataset data, double p, int blocks, int nodes, int lpCalls, Stopwatch clock,
        IReadOnlyList<ShallowReluNetwork>? seeds)
    {
        var candidates = (seeds ?? []).Where(s => Verifier.Shared.Checks.InterpolationCheck.Check(s, data).Interpolates).ToList();
        if (ProjectionInterpolant.Build(data, skip: false) is { } projection) candidates.Add(projection);
        ShallowReluNetwork? fallback = null;
        double value = double.PositiveInfinity;
        foreach (var c in candidates)
        {
            double v = SparsityMeasures.PathNorm(c, p);
            if (double.IsFinite(v) && v < value) { value = v; fallback = c; }
        }
        return new(GlobalLpStatus.Stopped, p, 0, value, fallback, false, nodes, lpCalls, blocks, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Slope of the secant of t^p on [l, u]; 0 on [l, ∞) and on a point (the constant l^p is used there).</summary>
    internal static double SecantSlope(double l, double u, double p)
    {
        double fl = l == 0 ? 0 : Math.Pow(l, p);
        if (double.IsPositiveInfinity(u) || u - l <= 1e-15 * Math.Max(1, u)) return 0;
        return (Math.Pow(u, p) - fl) / (u - l);
    }

}
