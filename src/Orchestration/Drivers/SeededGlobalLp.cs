using System.Diagnostics;
using Verifier.Continuous.GlobalLp;
using Verifier.Exact.Certificates;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;

namespace Verifier.Orchestration.Drivers;

/// <summary>A <see cref="GlobalLpResult"/> with the ℓ^0 (parameters) solve that seeded it: <see cref="Sparsest"/> is
/// the proven minimum parameter count (null unless that solve was optimal), <see cref="SparsestLowerBound"/> the
/// proven lower bound on it.</summary>
public sealed record SeededLpResult(GlobalLpResult Lp, int? Sparsest, int SparsestLowerBound, double SeedSeconds);

/// <summary>
/// The global ℓ^p minimiser in d &gt; 1 as <c>lp</c>, <c>bench lp</c>, the corpus and the library run it (issue 15):
/// first the exact ℓ^0 optimum of the parameters objective (<see cref="CombinatorialBendersSolver"/>, within
/// <see cref="SeedShare"/> of the time limit), whose network seeds the incumbent of <see cref="GlobalLpSolver"/>, which
/// gets the rest of the time. Why: every vertex of the Lemma 4.1 polyhedron with k nonzeros costs k·r^p to k·R^p, so
/// at small p the sparsest networks are the natural incumbents, and the unseeded search rarely finds them. The seed
/// changes only the upper bound; what is certified is decided by <see cref="GlobalLpSolver"/> alone.
/// </summary>
public static class SeededGlobalLp
{
    /// <summary>Share of the time limit the ℓ^0 solve may use.</summary>
    public const double SeedShare = 0.25;

    public static SeededLpResult Solve(Dataset data, double p, double timeLimitSeconds,
        IProgress<GlobalLpProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), "p must lie in (0, 1)");
        if (!(timeLimitSeconds > 0) || !double.IsFinite(timeLimitSeconds))
            throw new ArgumentOutOfRangeException(nameof(timeLimitSeconds), "the time limit must be positive and finite");
        var clock = Stopwatch.StartNew();
        var problem = SparsestProblem.WithDefaults(data, skip: false, objective: SparsityObjective.Parameters);
        var sparse = new CombinatorialBendersSolver(new MipOptions(SeedShare * timeLimitSeconds)).Solve(problem, cancellation);
        double seedSeconds = clock.Elapsed.TotalSeconds;
        var verdict = SparsestVerdict.Decide(problem, sparse); // the one status decision (throws on a solver defect)
        IReadOnlyList<ShallowReluNetwork> seeds = verdict.Network is { } witness && verdict.Verified ? [witness] : [];
        double left = Math.Max(1e-3, timeLimitSeconds - seedSeconds);
        var lp = new GlobalLpSolver(left, progress).Solve(data, p, cancellation, seeds);
        int? sparsest = verdict.Status == SolveStatus.Optimal ? verdict.Count : null;
        return new SeededLpResult(lp with { Seconds = clock.Elapsed.TotalSeconds }, sparsest, verdict.LowerBound, seedSeconds);
    }
}
