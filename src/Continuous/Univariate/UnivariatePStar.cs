using Verifier.Reformulation.Univariate;

namespace Verifier.Continuous.Univariate;

/// <summary>The critical threshold p* of 1-D data and the evidence for it.</summary>
/// <param name="PStar">Threshold: for every p &lt; p* the min-V_p interpolant is sparsest; 1 when it is for all p &lt; 1.</param>
/// <param name="Lower">Certified lower bound: below it no non-sparsest partition costs as little as a sparsest one
/// (up to floating evaluation of the cost curves).</param>
/// <param name="Upper">Upper bound: just above it a non-sparsest partition is strictly cheaper (1 when p* = 1).</param>
/// <param name="LimitingRun">The run that attains p* (null when p* = 1).</param>
/// <param name="SparsestNeurons">The exact ℓ^0 minimum Σ⌈L/2⌉.</param>
/// <param name="Exact">True when [Lower, Upper] is certified and at most 1e-9 wide (p* = 1: certified on all of (0, 1)).</param>
/// <param name="Evaluations">Cost-curve evaluations used (for diagnostics).</param>
public sealed record PStarResult(double PStar, double Lower, double Upper, Run? LimitingRun, int SparsestNeurons, bool Exact, int Evaluations);

/// <summary>
/// The critical threshold p* of Thm 3.2 for 1-D data with the free linear term, computed run by run from the
/// competing cost curves, not by scanning a grid.
/// </summary>
/// <remarks>
/// On a run of L slope changes a block partition has s singles and (L − s)/2 pairs; it is sparsest iff
/// s = L mod 2. Let A(p) be the least cost Σ|block|^p over sparsest partitions and B(p) over the others
/// (a dynamic programme that tracks s capped at 3). The min-V_p interpolant on the run is sparsest exactly
/// while g = B − A &gt; 0; g(0) ≥ 1, so p*_run = inf{p : g(p) ≤ 0} and p* = min over runs.
/// <list type="bullet">
/// <item>Runs of at most three points: p*_run = 1, since t ↦ t^p is strictly subadditive and every
/// non-sparsest partition of such a run has two adjacent singles, whose merger is cheaper.</item>
/// <item>Near p = 1 every partition costs V_1 = Σ|Δ| and g(1 − t) ≥ t(E_s − E_o) − t²K/2, with E the largest
/// Σ|S| ln|S| over each class and K a second-order bound (<see cref="CertifiedNeighbourhoodOfOne"/>): when
/// E_s &gt; E_o this proves g &gt; 0 on (1 − t_c, 1).</item>
/// <item>Elsewhere the run is traced from p = 0 by steps [p, p + h] on which a certified lower bound of g is
/// positive (<see cref="IntervalLowerBound"/>), doubling h after a success and halving it otherwise, so no
/// crossing is stepped over; the first crossing is then bracketed and bisected.</item>
/// </list>
/// </remarks>
public static class UnivariatePStar
{
    private const int MaxEvaluationsPerRun = 1_000_000;
    private const double Eps = 1.1102230246251565e-16;

    public static PStarResult Compute(UnivariateStructure structure)
    {
        double best = 1, lower = 1, upper = 1, uncertifiedFrom = 1;
        Run? limiting = null;
        bool bestExact = true;
        int evaluations = 0;
        foreach (var run in structure.Runs)
        {
            if (run.Length <= 3) continue;
            var costs = new RunCosts(structure, run);
            double tOne = CertifiedNeighbourhoodOfOne(costs);
            var r = TraceRun(costs, stopAt: Math.Min(best, 1 - tOne));
            evaluations += r.Evaluations;
            if (r.Crossing is { } c)
            {
                if (c.Estimate < best)
                {
                    (best, lower, upper, limiting) = (c.Estimate, c.Lower, c.Upper, run);
                    bestExact = c.Clear && c.Upper - c.Lower <= 1e-9;
                }
            }
            else if (!r.Certified)
                uncertifiedFrom = Math.Min(uncertifiedFrom, r.ProvenUpTo); // nothing proven on [ProvenUpTo, 1)
        }
        bool exact = bestExact && uncertifiedFrom >= best;
        return new PStarResult(best, Math.Min(lower, uncertifiedFrom), upper, limiting, structure.SparsestNeuronCount, exact, evaluations);
    }

    /// <param name="Lower">No crossing below (certified).</param>
    /// <param name="Upper">A point where g &lt; 0 clearly (Clear), or the end of the rounding-level tie.</param>
    /// <param name="Estimate">Reported p*.</param>
    /// <param name="Clear">Whether a point with g clearly below zero was found.</param>
    private readonly record struct Crossing(double Lower, double Upper, double Estimate, bool Clear);
    private readonly record struct TraceResult(Crossing? Crossing, double ProvenUpTo, bool Certified, int Evaluations);

    /// <summary>Rounding bound for a difference of two sums of at most Length + 2 positive terms of total `scale`.</summary>
    private static double Tolerance(RunCosts costs, double scale) => 8 * (costs.Length + 2) * Eps * Math.Max(1, scale);

    private static TraceResult TraceRun(RunCosts costs, double stopAt)
    {
        int evals = 0;
        double p = 0, width = 1.0 / 64;
        while (true)
        {
            if (p >= stopAt) return new TraceResult(null, p, true, evals);
            if (1 - p <= 1e-12 || evals >= MaxEvaluationsPerRun) return new TraceResult(null, p, false, evals);
            var (a, b, sparsestBlocks) = SparseAndOtherWithArgmin(costs, p);
            evals++;
            if (b - a <= Tolerance(costs, a + b))
                return new TraceResult(Refine(costs, p, b - a, ref evals), p, true, evals);
            // Advance over [p, hi] only when no crossing is possible there; otherwise halve the step.
            while (true)
            {
                double hi = Math.Min(stopAt, p + width);
                double bound = IntervalLowerBound(costs, p, hi, sparsestBlocks);
                evals++;
                if (bound > 0) { p = hi; width *= 2; break; }
                width *= 0.5;
                // The bound tends to g(p) minus a rounding margin as the step shrinks; failing at a step this
                // small means g(p) is at the rounding level: the crossing (or a tie) is here.
                if (width < 1e-15) return new TraceResult(Refine(costs, p, b - a, ref evals), p, true, evals);
                if (evals >= MaxEvaluationsPerRun) return new TraceResult(null, p, false, evals);
            }
        }
    }

    /// <summary>From p0 (no crossing below, g(p0) at rounding level or below), find the nearest p where g is
    /// clearly negative and bisect the sign change.</summary>
    private static Crossing Refine(RunCosts costs, double p0, double g0, ref int evals)
    {
        double delta = 1e-14, hi = double.NaN;
        for (int k = 0; k < 50 && p0 + delta < 1; k++, delta *= 2)
        {
            var (a, b) = SparseAndOther(costs, p0 + delta);
            evals++;
            double tolerance = Tolerance(costs, a + b);
            if (b - a < -tolerance) { hi = p0 + delta; break; }
            if (b - a > Math.Max(g0, 0) + tolerance) break; // g touched zero and rose again: a tie at p0
        }
        if (double.IsNaN(hi)) return new Crossing(p0, Math.Min(1, p0 + delta), p0, Clear: false);
        double lo = p0;
        for (int k = 0; k < 100 && hi - lo > 1e-15; k++)
        {
            double mid = 0.5 * (lo + hi);
            var (a, b) = SparseAndOther(costs, mid);
            evals++;
            if (b - a <= 0) hi = mid; else lo = mid;
        }
        return new Crossing(p0, hi, 0.5 * (lo + hi), Clear: true);
    }

    /// <summary>
    /// A t &gt; 0 with g &gt; 0 on (1 − t, 1), or 0 when none can be certified. With c_b(1 − t) = |S_b| e^{−t l_b}
    /// (l_b = ln|S_b|): convexity gives c_b ≥ |S_b|(1 − t l_b), and Taylor c_b ≤ |S_b|(1 − t l_b) + t² K_b/2 with
    /// K_b = |S_b| l_b² e^{t_max |l_b|}. All partitions share V_1 = Σ|S_b|, so with E = Σ|S_b| l_b,
    /// g ≥ t(E_s* − E_o*) − t² K(P*)/2, where P* attains E_s* among sparsest partitions.
    /// </summary>
    private static double CertifiedNeighbourhoodOfOne(RunCosts costs)
    {
        var (es, eo, pStarBlocks) = ClassOptimaWithArgmin(costs,
            j => Math.Exp(costs.Single[j]) * costs.Single[j], j => Math.Exp(costs.Pair[j]) * costs.Pair[j], minimise: false);
        double scale = 0;
        for (int j = 0; j < costs.Length; j++) scale += Math.Exp(costs.Single[j]) * (1 + Math.Abs(costs.Single[j]));
        double gap = es - eo - 8 * (costs.Length + 2) * Eps * scale;
        if (!(gap > 0)) return 0;
        double tMax = 0.5;
        for (int iteration = 0; iteration < 3; iteration++)
        {
            double k = 0;
            for (int j = 0; j < costs.Length; j++)
            {
                if (pStarBlocks.Single[j]) k += Curvature(costs.Single[j], tMax);
                if (pStarBlocks.PairEndingAt[j]) k += Curvature(costs.Pair[j], tMax);
            }
            double t = Math.Min(tMax, 2 * gap / k) * 0.999;
            if (t >= tMax * 0.999) return t;
            tMax = t; // K shrinks with t_max; the bound stays valid for every t ≤ t_max
        }
        return tMax;

        static double Curvature(double l, double tMax) => Math.Exp(l + tMax * Math.Abs(l)) * l * l;
    }

    /// <summary>
    /// A lower bound of g = B − A on [lo, hi] (given g(lo) &gt; 0). A ≤ P0, the sparsest partition optimal at lo,
    /// so g ≥ min_Q D_Q with D_Q = Σ_{Q∖P0} c_b − Σ_{P0∖Q} c_b and c_b(p) = |S_b|^p = e^{p l_b}. Each c_b is
    /// convex, so with δ = p − lo: c_b ≥ c_b(lo) + c_b'(lo)δ (tangent) and c_b ≤ c_b(lo) + c_b'(lo)δ + M_b δ²/2
    /// with M_b = l_b² max(c_b(lo), c_b(hi)). The resulting bound on D_Q is concave in δ, so its minimum over
    /// [0, h] is at δ = 0 (≥ g(lo) &gt; 0) or δ = h; at δ = h it is additive over Q's blocks (P0's own blocks
    /// cancel), i.e. one class DP. First-order terms cancel between competing partitions, so steps are limited
    /// by the true slope of g, not by the size of the slope changes.
    /// </summary>
    private static double IntervalLowerBound(RunCosts costs, double lo, double hi, Blocks p0)
    {
        double h = hi - lo;
        double Tangent(double l) => Math.Exp(lo * l) * (1 + l * h);
        double Upper(double l) => Tangent(l) + l * l * Math.Exp(Math.Max(lo * l, hi * l)) * h * h / 2;
        double p0Upper = 0;
        for (int j = 0; j < costs.Length; j++)
        {
            if (p0.Single[j]) p0Upper += Upper(costs.Single[j]);
            if (p0.PairEndingAt[j]) p0Upper += Upper(costs.Pair[j]);
        }
        var (_, other) = PartitionClassDp(costs,
            j => p0.Single[j] ? Upper(costs.Single[j]) : Tangent(costs.Single[j]),
            j => p0.PairEndingAt[j] ? Upper(costs.Pair[j]) : Tangent(costs.Pair[j]),
            minimise: true);
        // As h → 0 this margin tends to Tolerance(A + B), the level at which the trace hands over to Refine.
        return other - p0Upper - Tolerance(costs, Math.Abs(other) + p0Upper);
    }

    /// <summary>The blocks of a partition of one run: Single[j] (Δ_j alone), PairEndingAt[j] ({Δ_{j−1}, Δ_j}).</summary>
    private sealed record Blocks(bool[] Single, bool[] PairEndingAt);

    /// <summary>(A(p), B(p)) and a sparsest partition attaining A(p).</summary>
    private static (double Sparse, double Other, Blocks Argmin) SparseAndOtherWithArgmin(RunCosts costs, double p) =>
        ClassOptimaWithArgmin(costs, j => Math.Exp(p * costs.Single[j]), j => Math.Exp(p * costs.Pair[j]), minimise: true);

    /// <summary>(A(p), B(p)): least cost over sparsest partitions and over the others.</summary>
    internal static (double Sparse, double Other) SparseAndOther(RunCosts costs, double p) =>
        PartitionClassDp(costs, j => Math.Exp(p * costs.Single[j]), j => Math.Exp(p * costs.Pair[j]), minimise: true);

    /// <summary>Optimum over the sparsest class with an optimal partition, and over the other class.</summary>
    private static (double Sparse, double Other, Blocks Argopt) ClassOptimaWithArgmin(
        RunCosts costs, Func<int, double> singleWeight, Func<int, double> pairWeight, bool minimise)
    {
        int len = costs.Length, parity = len % 2;
        double none = minimise ? double.PositiveInfinity : double.NegativeInfinity;
        // Sparsest class: exactly `parity` singles. DP over (j, singles ∈ {0, 1}) with back pointers.
        var f = new double[len + 1, 2];
        var viaSingle = new bool[len + 1, 2];
        for (int j = 0; j <= len; j++) { f[j, 0] = none; f[j, 1] = none; }
        f[0, 0] = 0;
        for (int j = 1; j <= len; j++)
            for (int st = 0; st < 2; st++)
            {
                double best = none; bool single = false;
                if (st == 1 && !double.IsInfinity(f[j - 1, 0])) { best = f[j - 1, 0] + singleWeight(j - 1); single = true; }
                if (j >= 2 && !double.IsInfinity(f[j - 2, st]))
                {
                    double pair = f[j - 2, st] + pairWeight(j - 1);
                    if (double.IsInfinity(best) || (minimise ? pair < best : pair > best)) { best = pair; single = false; }
                }
                f[j, st] = best; viaSingle[j, st] = single;
            }
        var blocks = new Blocks(new bool[len], new bool[len]);
        for (int j = len, st = parity; j > 0;)
        {
            if (viaSingle[j, st]) { blocks.Single[j - 1] = true; j -= 1; st = 0; }
            else { blocks.PairEndingAt[j - 1] = true; j -= 2; }
        }
        var (_, other) = PartitionClassDp(costs, singleWeight, pairWeight, minimise);
        return (f[len, parity], other, blocks);
    }

    /// <summary>
    /// Optimises Σ_blocks weight over partitions of the run into blocks of one or two, separately for the
    /// sparsest class (singles = L mod 2) and the rest (singles ≥ L mod 2 + 2). State: singles so far, capped at 3.
    /// </summary>
    private static (double Sparse, double Other) PartitionClassDp(RunCosts costs, Func<int, double> single, Func<int, double> pair, bool minimise)
    {
        int len = costs.Length;
        double none = minimise ? double.PositiveInfinity : double.NegativeInfinity;
        Span<double> prev2 = stackalloc double[4], prev1 = stackalloc double[4], cur = stackalloc double[4];
        prev2.Fill(none); prev1.Fill(none);
        prev1[0] = 0; // j = 0: nothing covered, zero singles
        for (int j = 1; j <= len; j++)
        {
            cur.Fill(none);
            double s = single(j - 1);
            for (int st = 0; st < 4; st++)
                if (!double.IsInfinity(prev1[st])) Better(ref cur[Math.Min(3, st + 1)], prev1[st] + s, minimise);
            if (j >= 2)
            {
                double pr = pair(j - 1);
                for (int st = 0; st < 4; st++)
                    if (!double.IsInfinity(prev2[st])) Better(ref cur[st], prev2[st] + pr, minimise);
            }
            cur.CopyTo(prev2); // rotate: prev2 ← prev1 ← cur
            var tmp = prev2; prev2 = prev1; prev1 = tmp;
        }
        int parity = len % 2;
        double sparse = prev1[parity];
        double other = none;
        for (int st = parity + 2; st < 4; st++) if (!double.IsInfinity(prev1[st])) Better(ref other, prev1[st], minimise);
        return (sparse, other);
    }

    private static void Better(ref double slot, double candidate, bool minimise)
    {
        if (double.IsInfinity(slot) || (minimise ? candidate < slot : candidate > slot)) slot = candidate;
    }
}
