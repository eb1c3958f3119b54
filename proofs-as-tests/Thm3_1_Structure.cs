using Xunit;
using Catalogue = Verifier.Proofs.Results;

namespace Verifier.Proofs.Tests;

/// <summary>
/// Theorem 3.1 (0 &lt; p &lt; 1), structural parts 1–3 (SPEC §2), checked exactly on every DP solution (the
/// min-V_p minimiser at random p and the sparsest partition). With 0-based points x_0 &lt; … &lt; x_{N−1}, data
/// slopes s_i and slope changes Δ_i: (1) the interpolant is linear on (−∞, x_1] with slope s_0 and on
/// [x_{N−2}, ∞) with slope s_{N−2}; (2) it is linear on [x_{i−1}, x_{i+1}] when Δ_i = 0 (collinear triple) and on
/// [x_i, x_{i+1}] when the curvatures ε_i ≠ ε_{i+1}; (3) on a run of two points {j, j+1} it has exactly one knot in
/// (x_{j−1}, x_{j+2}), at the intersection of ℓ_{j−1} (through points j−1, j) and ℓ_{j+1} (through j+1, j+2), with
/// slope change s_{j+1} − s_{j−1}. Also (4, sign part): every knot lies in the span of a run and bends with
/// the run's curvature sign.
/// </summary>
public class Thm3_1_Structure
{
    [Fact]
    public void MinimiserIsLinearOutsideTheInteriorWithTheEndSlopes() => ProofCheck.Holds(Catalogue.Thm3_1_Structure.Result, nameof(MinimiserIsLinearOutsideTheInteriorWithTheEndSlopes));

    [Fact]
    public void MinimiserIsLinearThroughCollinearTriplesAndBetweenOppositeCurvatures() => ProofCheck.Holds(Catalogue.Thm3_1_Structure.Result, nameof(MinimiserIsLinearThroughCollinearTriplesAndBetweenOppositeCurvatures));

    [Fact]
    public void TwoPointRunHasOneKnotWhereTheNeighbouringLinesMeet() => ProofCheck.Holds(Catalogue.Thm3_1_Structure.Result, nameof(TwoPointRunHasOneKnotWhereTheNeighbouringLinesMeet));

    [Fact]
    public void SparsestNetworkHasCeilHalfRunLengthKnotsPerRun() => ProofCheck.Holds(Catalogue.Thm3_1_Structure.Result, nameof(SparsestNetworkHasCeilHalfRunLengthKnotsPerRun));

    [Fact]
    public void EveryKnotLiesOnARunAndBendsWithItsCurvature() => ProofCheck.Holds(Catalogue.Thm3_1_Structure.Result, nameof(EveryKnotLiesOnARunAndBendsWithItsCurvature));
}
