using FsCheck;
using FsCheck.Fluent;
using Verifier.Continuous.Univariate;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Proofs.Generators;
using Verifier.Proofs.Running;

namespace Verifier.Proofs.Results;

/// <summary>
/// Theorem 3.2. There is a data-dependent p* &gt; 0 such that for every p &lt; p* the min-V_p interpolant is a
/// sparsest interpolant; if no run has more than two points, p* = 1. Beyond the paper (SPEC §2): runs of
/// three points are already sparsest for every p &lt; 1, while runs of four can switch (pinned example:
/// Δ = (1, 100, 100, 1) switches at p* ≈ 0.1807, the root of 2·101^p = 2 + 200^p).
/// </summary>
public static class Thm3_2_SmallPRecoversSparsest
{
    public static ProofResult Result { get; } = new(nameof(Thm3_2_SmallPRecoversSparsest),
        "There is p* > 0 with every min-V_p interpolant sparsest for p < p*; p* = 1 when no run exceeds two points (beyond the paper: three).",
        [
            new("BelowPStarTheMinimiserIsSparsestAndAtSmallPAlways",
                "below p* (and at p = 0.01) the DP's knot count is the sparsest count; just above p* < 1 it is not uniquely sparsest", 150, BelowPStar),
            new("RunsOfAtMostThreePointsAreSparsestForEveryP",
                "beyond the paper: with runs of ≤ 3 points p* = 1 and the min-V_p count is sparsest for every p < 1", 200, ShortRuns),
            new("FourPointRunCounterexampleSwitchesAtPStar",
                "pinned: Δ = (1,100,100,1) has p* ≈ 0.180717 (root of 2·101^p = 2 + 200^p); 2 knots at p = 0.18, 3 at p = 0.182", 1, FourPointRun, Pinned: true),
        ]);

    private static Property BelowPStar() =>
        Prop.ForAll(UnivariateGenerators.Arb(UnivariateGenerators.LongSameCurvatureRuns), sample =>
        {
            var s = UnivariateStructure.Analyze(sample.ToDataset());
            var pStar = UnivariatePStar.Compute(s);
            int sparsest = s.SparsestNeuronCount;
            bool below = MinVpDynamicProgram.Solve(s, pStar.Lower * 0.5).MinKnots == sparsest;
            bool atSmallP = MinVpDynamicProgram.Solve(s, 0.01).MinKnots == sparsest; // generator's |Δ| ≤ 10^6
            bool above = pStar.PStar >= 1 || pStar.Upper + 1e-6 >= 1
                || MinVpDynamicProgram.Solve(s, pStar.Upper + 1e-6).MinKnots > sparsest
                || MinVpDynamicProgram.Solve(s, pStar.Upper + 1e-6).OptimalPartitions > 1;
            return pStar.PStar > 0 && below && atSmallP && above;
        });

    private static Property ShortRuns() =>
        Prop.ForAll(UnivariateGenerators.Arb(UnivariateGenerators.ShortRunsData), Arb.From(Gen.Choose(1, 99)), (sample, pPercent) =>
        {
            var s = UnivariateStructure.Analyze(sample.ToDataset());
            return UnivariatePStar.Compute(s).PStar == 1
                && MinVpDynamicProgram.Solve(s, pPercent / 100.0).MinKnots == s.SparsestNeuronCount;
        });

    /// <summary>The four-point run x = 0..5, y = (0,0,1,102,303,505): Δ = (1, 100, 100, 1).</summary>
    public static UnivariateSample FourPointRunData { get; } = new([(0, 0), (1, 0), (2, 1), (3, 102), (4, 303), (5, 505)]);

    private static Property FourPointRun() =>
        Prop.ForAll(UnivariateGenerators.Arb(Gen.Constant(FourPointRunData)), sample =>
        {
            var s = UnivariateStructure.Analyze(sample.ToDataset());
            double pStar = UnivariatePStar.Compute(s).PStar;
            // The root of 2·101^p = 2 + 200^p, found independently by bisection.
            double lo = 0.01, hi = 0.99;
            for (int k = 0; k < 100; k++) { double mid = (lo + hi) / 2; if (2 * Math.Pow(101, mid) < 2 + Math.Pow(200, mid)) lo = mid; else hi = mid; }
            return Math.Abs(pStar - lo) <= 1e-9 && Math.Abs(pStar - 0.18071736370581726) <= 1e-9
                && MinVpDynamicProgram.Solve(s, 0.18).Partition.KnotCount == 2
                && MinVpDynamicProgram.Solve(s, 0.182).Partition.KnotCount == 3
                && s.SparsestNeuronCount == 2;
        });
}
