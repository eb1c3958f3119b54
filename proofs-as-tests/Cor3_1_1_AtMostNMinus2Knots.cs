using Xunit;
using Catalogue = Verifier.Proofs.Results;

namespace Verifier.Proofs.Tests;

/// <summary>
/// Corollary 3.1.1. For 1-D data with N points and 0 ≤ p &lt; 1, a min-V_p interpolant has at most N − 2 knots,
/// so at most N − 2 active neurons. Checked on the sparsest witness (p = 0) and on the DP's minimiser at random
/// p, and every network either method returns interpolates exactly.
/// </summary>
public class Cor3_1_1_AtMostNMinus2Knots
{
    [Fact]
    public void SparsestAndMinVpNetworksHaveAtMostNMinus2KnotsAndInterpolate() => ProofCheck.Holds(Catalogue.Cor3_1_1_AtMostNMinus2Knots.Result, nameof(SparsestAndMinVpNetworksHaveAtMostNMinus2KnotsAndInterpolate));
}
