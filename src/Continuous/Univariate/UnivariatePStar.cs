using Verifier.Exact.Univariate;

namespace Verifier.Continuous.Univariate;

/// <summary>The critical threshold p* of 1-D data and the evidence for it.</summary>
/// <param name="PStar">Threshold: for every p &lt; p* the min-V_p interpolant is sparsest; 1 when it is for all p &lt; 1.</param>
/// <param name="Lower">Certified lower bound: no crossing of the cost curves below it (up to floating evaluation).</param>
/// <param name="Upper">Upper bound: at (or just below) it a non-sparsest partition costs no more than every sparsest one.</param>
/// <param name="LimitingRun">The run that attains p* (null when p* = 1).</param>
/// <param name="SparsestNeurons">The exact ℓ^0 minimum Σ⌈L/2⌉.</param>
/// <param name="Converged">False when the iteration budget ran out; then only [Lower, Upper] is claimed.</param>
/// <param name="Evaluations">Cost-curve evaluations used (for diagnostics).</param>
public sealed record PStarResult(double PStar, double Lower, double Upper, Run? LimitingRun, int SparsestNeurons, bool Converged, int Evaluations);

/// <summary>
/// The critical threshold p* of Thm 3.2 for 1-D data with the free linear term, computed run by run from the
/// competing cost curves, not by scanning a grid.
/// </summary>
/// <remarks>
/// On a run of L slope changes a block partition has s singles and (L − s)/2 pairs; it is sparsest iff
/// s = L mod 2. Let A(p) be the least cost Σ|block|^p over sparsest partitions and B(p) over the others
/// (both by a dynamic programme that tracks s capped at 3). The min-V_p interpolant on the run is sparsest
/// exactly while g = B − A &gt; 0, and g(0) ≥ 1, so p*_run = inf{p : g(p) ≤ 0} and p* = min over runs.
/// Runs of at most three points have p*_run = 1 by strict subadditivity of t ↦ t^p (any pairing of a
/// non-sparsest partition lowers its cost, and for L ≤ 3 every non-sparsest partition has adjacent singles);
/// longer runs are traced from p = 0 with steps g(p)/Lip, where Lip bounds |dA/dp| + |dB/dp| on the step
/// (a max-DP of Σ|S|^q·|ln|S|| over the same partition classes), so no crossing can be stepped over. The
/// first crossing is then bracketed and bisected. Reaching 1 − 1e-9 without a crossing reports p* = 1 with
/// the lower bound it proved.
/// </remarks>
public static class UnivariatePStar
{
    private const double CloseToOne = 1e-9;
    private const int MaxEvaluationsPerRun = 2_000_000;

    public static PStarResult Compute(UnivariateStructure structure)
    {
        double best = 1, lower = 1, upper = 1;
        Run? limiting = null;
        bool converged = true;
        int evaluations = 0;
        foreach (var run in structure.Runs)
        {
            if (run.Length <= 3) continue;
            var costs = new RunCosts(structure, run);
            var r = TraceRun(costs, stopAt: best);
            evaluations += r.Evaluations;
            if (!r.Converged) converged = false;
            if (r.Crossing is { } c && c.Lower < best)
            {
                (best, lower, upper, limiting) = (c.Estimate, c.Lower, c.Upper, run);
            }
            else if (r.Crossing is null && r.ProvenUpTo < lower)
            {
                lower = r.ProvenUpTo; // p* is still 1, but only proven up to here
            }
        }
        return new PStarResult(best, Math.Min(lower, best), upper, limiting, structure.SparsestNeuronCount, converged, evaluations);
    }

    private readonly record struct Crossing(double Lower, double Upper, double Estimate);
    private readonly record struct TraceResult(Crossing? Crossing, double ProvenUpTo, bool Converged, int Evaluations);

    private static TraceResult TraceRun(RunCosts costs, double stopAt)
    {
        int evals = 0;
        double p = 0, width = 1.0 / 64;
        while (true)
        {
            if (p >= stopAt) return new TraceResult(null, p, true, evals);
            if (1 - p <= CloseToOne) return new TraceResult(null, p, true, evals);
            if (evals >= MaxEvaluationsPerRun) return new TraceResult(null, p, false, evals);
            var (a, b) = SparseAndOther(costs, p);
            evals++;
            double g = b - a;
            double tolerance = 1e-13 * Math.Max(1, a);
            if (g <= tolerance)
                return new TraceResult(Refine(costs, p, tolerance, ref evals), p, true, evals);
            double hi = Math.Min(1, p + width);
            double lip = LipschitzBound(costs, p, hi);
            double step = lip > 0 ? g / lip : hi - p;
            if (step >= hi - p) { p = hi; width *= 2; }
            else { p += step; width = Math.Max(4 * step, 1e-12); }
        }
    }

    /// <summary>From a point p0 where g is within tolerance of zero, find the nearest p with g ≤ 0 and bisect.</summary>
    private static Crossing Refine(RunCosts costs, double p0, double tolerance, ref int evals)
    {
        double delta = 1e-13, hi = double.NaN;
        for (int k = 0; k < 60 && p0 + delta < 1; k++, delta *= 2)
        {
            var (a, b) = SparseAndOther(costs, p0 + delta);
            evals++;
            if (b - a <= 0) { hi = p0 + delta; break; }
            if (b - a > 10 * tolerance) break; // g touched zero and rose again: p0 itself is the tie point
        }
        if (double.IsNaN(hi)) return new Crossing(p0, p0 + delta, p0);
        double lo = p0;
        for (int k = 0; k < 100 && hi - lo > 1e-15; k++)
        {
            double mid = 0.5 * (lo + hi);
            var (a, b) = SparseAndOther(costs, mid);
            evals++;
            if (b - a <= 0) hi = mid; else lo = mid;
        }
        return new Crossing(p0, hi, 0.5 * (lo + hi));
    }

    /// <summary>(A(p), B(p)): least cost over sparsest partitions and over the others.</summary>
    internal static (double Sparse, double Other) SparseAndOther(RunCosts costs, double p) =>
        PartitionClassDp(costs, j => Math.Exp(p * costs.Single[j]), j => Math.Exp(p * costs.Pair[j]), minimise: true);

    /// <summary>Bound on |dA/dp| + |dB/dp| for p ∈ [lo, hi]: d/dp |S|^p = |S|^p ln|S|, and |S|^p ≤ max(|S|^lo, |S|^hi).</summary>
    private static double LipschitzBound(RunCosts costs, double lo, double hi)
    {
        static double Slope(double logS, double lo, double hi) => Math.Exp(Math.Max(lo * logS, hi * logS)) * Math.Abs(logS);
        var (a, b) = PartitionClassDp(costs, j => Slope(costs.Single[j], lo, hi), j => Slope(costs.Pair[j], lo, hi), minimise: false);
        return (a + b) * (1 + 1e-12);
    }

    /// <summary>
    /// Optimises Σ_blocks weight over partitions of the run into blocks of one or two, separately for the
    /// sparsest class (singles = L mod 2) and the rest (singles ≥ L mod 2 + 2). State: singles so far, capped at 3.
    /// </summary>
    private static (double Sparse, double Other) PartitionClassDp(RunCosts costs, Func<int, double> single, Func<int, double> pair, bool minimise)
    {
        int len = costs.Length;
        double none = minimise ? double.PositiveInfinity : double.NegativeInfinity;
        var prev2 = new double[4]; var prev1 = new double[4]; var cur = new double[4];
        Array.Fill(prev2, none); Array.Fill(prev1, none);
        prev1[0] = 0; // j = 0: nothing covered, zero singles
        for (int j = 1; j <= len; j++)
        {
            Array.Fill(cur, none);
            double s = single(j - 1);
            for (int st = 0; st < 4; st++)
                if (!double.IsInfinity(prev1[st])) Better(ref cur[Math.Min(3, st + 1)], prev1[st] + s, minimise);
            if (j >= 2)
            {
                double pr = pair(j - 1);
                for (int st = 0; st < 4; st++)
                    if (!double.IsInfinity(prev2[st])) Better(ref cur[st], prev2[st] + pr, minimise);
            }
            (prev2, prev1, cur) = (prev1, cur, prev2);
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
