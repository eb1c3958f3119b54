using Xunit;
using Catalogue = Verifier.Proofs.Results;

namespace Verifier.Proofs.Tests;

/// <summary>
/// Corollary 3.1.2. Every min-V_p interpolant has V_1 = Σ_i |Δ_i| (the total variation of the data slope
/// sequence) and Lipschitz constant at most max_i |s_i|. Checked exactly on the DP's minimiser at random p.
/// </summary>
public class Cor3_1_2_PathNormAndLipschitz
{
    [Fact]
    public void MinimiserHasV1EqualToTotalSlopeVariationAndBoundedSlopes() => ProofCheck.Holds(Catalogue.Cor3_1_2_PathNormAndLipschitz.Result, nameof(MinimiserHasV1EqualToTotalSlopeVariationAndBoundedSlopes));
}
