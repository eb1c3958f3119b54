using FsCheck.Fluent;
using Verifier.Continuous.Univariate;
using Verifier.Exact.Univariate;
using Verifier.Proofs.Generators;
using Xunit;

namespace Verifier.Proofs;

/// <summary>
/// Theorem 3.2. There is a data-dependent p* &gt; 0 such that for every p &lt; p* the min-V_p interpolant is a
/// sparsest interpolant; if no run has more than two points, p* = 1. Beyond the paper (SPEC §2): runs of
/// three points are already sparsest for every p &lt; 1, while runs of four can switch (pinned example:
/// Δ = (1, 100, 100, 1) switches at p* ≈ 0.1807, the root of 2·101^p = 2 + 200^p).
/// </summary>
public class Thm3_2_SmallPRecoversSparsest
{
    [Fact]
    public void BelowPStarTheMinimiserIsSparsestAndAtSmallPAlways() =>
        ProofCheck.Holds("Thm3_2_BelowPStarSparsest", Prop.ForAll(
            UnivariateGenerators.Arb(UnivariateGenerators.LongSameCurvatureRuns),
            sample =>
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
            }), cases: 150);

    [Fact]
    public void RunsOfAtMostThreePointsAreSparsestForEveryP() =>
        ProofCheck.Holds("Thm3_2_ShortRunsPStarOne", Prop.ForAll(
            UnivariateGenerators.Arb(UnivariateGenerators.ShortRunsData),
            FsCheck.Fluent.Arb.From(FsCheck.Fluent.Gen.Choose(1, 99)),
            (sample, pPercent) =>
            {
                var s = UnivariateStructure.Analyze(sample.ToDataset());
                return UnivariatePStar.Compute(s).PStar == 1
                    && MinVpDynamicProgram.Solve(s, pPercent / 100.0).MinKnots == s.SparsestNeuronCount;
            }), cases: 200);

    /// <summary>A finding beyond the paper, pinned: a run of four points is not sparsest for p &gt; p* ≈ 0.1807.</summary>
    [Fact]
    public void FourPointRunCounterexampleSwitchesAtPStar()
    {
        var data = new UnivariateSample([(0, 0), (1, 0), (2, 1), (3, 102), (4, 303), (5, 505)]).ToDataset();
        var s = UnivariateStructure.Analyze(data);
        var r = UnivariatePStar.Compute(s);
        Assert.Equal(0.18071736370581726, r.PStar, 9);
        Assert.Equal(2, MinVpDynamicProgram.Solve(s, 0.18).Partition.KnotCount);
        Assert.Equal(3, MinVpDynamicProgram.Solve(s, 0.182).Partition.KnotCount);
    }
}
