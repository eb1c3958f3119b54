using Verifier.Proofs.Results;

namespace Verifier.Proofs.Running;

/// <summary>
/// The named results checked by property tests (SPEC §5), in the paper's order. The xunit suite
/// (proofs-as-tests/) and <c>verifier prove</c> both run exactly these properties.
/// </summary>
public static class ProofCatalogue
{
    public static IReadOnlyList<ProofResult> All { get; } =
    [
        Prop3_1_VariationalEquivalence.Result,
        Thm3_1_Structure.Result,
        Thm3_1_DynamicProgrammeEqualsBruteForce.Result,
        Cor3_1_1_AtMostNMinus2Knots.Result,
        Cor3_1_2_PathNormAndLipschitz.Result,
        Thm3_2_SmallPRecoversSparsest.Result,
        Prop4_1_AtMostNNeurons.Result,
        Cover_PatternCount.Result,
        Lemma4_1_Reformulation.Result,
        Thm4_1_SmallPRecoversSparsest.Result,
        Claim10_MipEqualsUnivariate.Result,
    ];

    /// <summary>The result with this name (case-insensitive), or null.</summary>
    public static ProofResult? Find(string name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
}
