using FsCheck;
using FsCheck.Fluent;
using Verifier.Continuous.Univariate;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Proofs.Generators;
using Verifier.Proofs.Running;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Proofs.Results;

/// <summary>
/// Corollary 3.1.2. Every min-V_p interpolant has V_1 = Σ_i |Δ_i| (the total variation of the data slope
/// sequence) and Lipschitz constant at most max_i |s_i|. Checked exactly on the DP's minimiser at random p.
/// </summary>
public static class Cor3_1_2_PathNormAndLipschitz
{
    public static ProofResult Result { get; } = new(nameof(Cor3_1_2_PathNormAndLipschitz),
        "Every min-V_p interpolant has V_1 = Σ_i |Δ_i| and Lipschitz constant ≤ max_i |s_i|.",
        [new("MinimiserHasV1EqualToTotalSlopeVariationAndBoundedSlopes",
            "exactly: Σ_knots |slope change| = Σ_i |Δ_i| and every piece has |slope| ≤ max_i |s_i|", 200, Property)]);

    private static Property Property() =>
        Prop.ForAll(
            UnivariateGenerators.Arb(UnivariateGenerators.AnyUnivariateData),
            Arb.From(Gen.Choose(1, 99)),
            (sample, pPercent) =>
            {
                var s = UnivariateStructure.Analyze(sample.ToDataset());
                var net = MinVpDynamicProgram.Solve(s, pPercent / 100.0).Partition.ToNetwork();
                var hinges = UnivariateSweep.HingeForm(net);
                Rational v1 = Rational.Zero, totalVariation = Rational.Zero, maxSlope = Rational.Zero;
                foreach (var c in hinges.Changes) v1 += c.Abs();
                for (int i = 1; i + 1 < s.Data.Count; i++) totalVariation += s.SlopeChanges[i].Abs();
                foreach (var slope in s.Slopes) maxSlope = Rational.Max(maxSlope, slope.Abs());
                // Slopes of the pieces: α, α + c_1, α + c_1 + c_2, …
                Rational piece = hinges.Alpha;
                bool lipschitz = piece.Abs() <= maxSlope;
                foreach (var c in hinges.Changes) { piece += c; lipschitz &= piece.Abs() <= maxSlope; }
                return v1 == totalVariation && lipschitz;
            });
}
