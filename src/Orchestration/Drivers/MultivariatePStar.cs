using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Continuous.GlobalLp;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Reformulation;

namespace Verifier.Orchestration.Drivers;

/// <summary>One probed exponent: whether the ℓ^p solve was certified, and the parameter count of the network it
/// returned (the certified minimiser when <see cref="Certified"/>, otherwise only the best network found; null when
/// none was found); <see cref="UpperBound"/> is +∞ without a network.</summary>
public sealed record PStarProbe(double P, bool Certified, int? Parameters, double LowerBound, double UpperBound);

/// <summary>
/// Outcome of <see cref="MultivariatePStar"/>. <see cref="Lower"/> is the largest probed p such that the
/// certified minimiser at every probed p ≤ it is sparsest; <see cref="Upper"/> the smallest probed p whose certified
/// minimiser is not sparsest (null if none was seen). Never exact: probes at finitely many p prove nothing about
/// the exponents between them.
/// </summary>
/// <see cref="PatternsTimedOut"/>: the ℓ^0 minimum was proven but the pattern enumeration for the ℓ^p probes ran
/// out of time (no probes).
public sealed record MultivariatePStarResult(int? Sparsest, double? Lower, double? Upper, IReadOnlyList<PStarProbe> Probes, string Method,
    bool PatternsTimedOut = false)
{
    public bool Exact => false;

    /// <summary>The smallest probe whose certified minimiser is not sparsest (the one behind <see cref="Upper"/>).</summary>
    public PStarProbe? FirstCertifiedNonSparsest =>
        Sparsest is int s ? Probes.OrderBy(x => x.P).FirstOrDefault(x => x.Certified && x.Parameters != s) : null;
}

/// <summary>
/// An estimate of p* of Thm 4.1 in d &gt; 1: the exact ℓ^0 (parameters) minimum from
/// <see cref="CombinatorialBendersSolver"/>, then certified ℓ^p minimisers (<see cref="GlobalLpSolver"/>) on the
/// grid p = 0.9, 0.8, …, 0.1; the estimate is the largest probe certified sparsest below every certified
/// non-sparsest probe, refined by bisection towards the first certified non-sparsest probe. What is proven: at each probed p whose solve is certified, whether that minimiser (the one returned) is
/// sparsest. What is not: the behaviour between probes, below the smallest probe, and at uncertified probes.
/// </summary>
public static class MultivariatePStar
{
    public const string Method =
        "exact ℓ^0 (parameters) minimum by combinatorial Benders; certified ℓ^p minimisers by secant branch and bound on the grid p = 0.1..0.9; pStar = the largest probe certified sparsest below every certified non-sparsest probe, refined by bisection towards the first certified non-sparsest probe; an estimate (a grid proves nothing between its points, uncertified probes prove nothing)";

    public static MultivariatePStarResult Estimate(Dataset data, double secondsPerSolve = 60, int bisections = 4,
        IProgress<PStarProbe>? progress = null, CancellationToken cancellation = default)
    {
        var sparse = new CombinatorialBendersSolver(new MipOptions(secondsPerSolve)).Solve(SparsestProblem.WithDefaults(data), cancellation);
        if (sparse.Status != SolveStatus.Optimal || sparse.Objective is not int sparsest)
            return new MultivariatePStarResult(null, null, null, [], Method);
        var poly = BlockModel.TryBuild(data, secondsPerSolve, cancellation);
        if (poly is null) return new MultivariatePStarResult(sparsest, null, null, [], Method, PatternsTimedOut: true);
        var solver = new GlobalLpSolver(secondsPerSolve);
        var probes = new List<PStarProbe>();
        PStarProbe Probe(double p)
        {
            var r = solver.Solve(poly, p, cancellation);
            int? parameters = r.Network is null ? null : SparsityMeasures.NonzeroParameters(r.Network);
            var probe = new PStarProbe(p, r.Certified, parameters, r.LowerBound, r.UpperBound);
            probes.Add(probe);
            progress?.Report(probe);
            return probe;
        }
        bool Sparsest(PStarProbe pr) => pr.Certified && pr.Parameters == sparsest;
        bool NotSparsest(PStarProbe pr) => pr.Certified && pr.Parameters != sparsest;

        // Probe the whole grid; lower = largest probe certified sparsest with no certified non-sparsest probe at or
        // below it; upper = smallest certified non-sparsest probe above lower. Uncertified probes are reported only.
        for (int k = 9; k >= 1; k--) Probe(k / 10.0);
        double? lower = null, upper = null;
        foreach (var pr in probes.OrderBy(x => x.P))
        {
            if (NotSparsest(pr)) { upper = pr.P; break; }
            if (Sparsest(pr)) lower = pr.P;
        }
        if (lower is double lo && upper is double up)
        {
            for (int b = 0; b < bisections; b++)
            {
                double mid = (lo + up) / 2;
                var probe = Probe(mid);
                if (Sparsest(probe)) lo = mid;
                else if (NotSparsest(probe)) up = mid;
                else break;
            }
            lower = lo; upper = up;
        }
        return new MultivariatePStarResult(sparsest, lower, upper, probes, Method);
    }
}
