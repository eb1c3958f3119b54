using FsCheck;
using FsCheck.Fluent;
using Verifier.Continuous.Univariate;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Proofs.Generators;
using Verifier.Proofs.Running;
using Verifier.Shared.Checks;

namespace Verifier.Proofs.Results;

/// <summary>
/// Corollary 3.1.1. For 1-D data with N points and 0 ≤ p &lt; 1, a min-V_p interpolant has at most N − 2 knots,
/// so at most N − 2 active neurons. Checked on the sparsest witness (p = 0) and on the DP's minimiser at random
/// p, and every network either method returns interpolates exactly.
/// </summary>
public static class Cor3_1_1_AtMostNMinus2Knots
{
    public static ProofResult Result { get; } = new(nameof(Cor3_1_1_AtMostNMinus2Knots),
        "For 0 ≤ p < 1 a min-V_p interpolant of N points has at most N − 2 knots (neurons).",
        [new("SparsestAndMinVpNetworksHaveAtMostNMinus2KnotsAndInterpolate",
            "the sparsest and the min-V_p networks have ≤ max(0, N − 2) neurons and interpolate exactly", 200, Property)]);

    private static Property Property() =>
        Prop.ForAll(
            UnivariateGenerators.Arb(UnivariateGenerators.AnyUnivariateData),
            Arb.From(Gen.Choose(1, 99)),
            (sample, pPercent) =>
            {
                var data = sample.ToDataset();
                int bound = Math.Max(0, data.Count - 2);
                var structure = UnivariateStructure.Analyze(data);
                var sparsest = UnivariateSparsest.SparsestPartition(structure).ToNetwork();
                var lp = MinVpDynamicProgram.Solve(structure, pPercent / 100.0).Partition.ToNetwork();
                return sparsest.Neurons.Count <= bound && lp.Neurons.Count <= bound
                    && InterpolationCheck.Check(sparsest, data).Interpolates
                    && InterpolationCheck.Check(lp, data).Interpolates;
            });
}
