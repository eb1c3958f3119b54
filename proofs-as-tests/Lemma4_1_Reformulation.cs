using Xunit;
using Catalogue = Verifier.Proofs.Results;

namespace Verifier.Proofs.Tests;

/// <summary>
/// Lemma 4.1 (finite-dimensional reformulation). On data X (rows x̄_i = [x_i; 1]) a neuron v (w̄ᵀx̄)_+ with
/// pattern D = diag(1[X w̄ &gt; 0]) outputs sign(v)·D X u with u = |v| w̄ and (2D − I) X u ≥ 0. Hence
/// (a) merging all neurons with the same pattern and output sign into one (u = Σ u_k) keeps every output on
/// the data and never increases Σ‖u_k‖_p^p, Σ‖u_k‖_0 or the neuron count; (b) a network built from blocks
/// (ν_j, ω_j) with (2D_j − I) X ν_j ≥ 0 and (2D_j − I) X ω_j ≥ 0 (neurons (1, ν_j) and (−1, ω_j)) outputs
/// exactly Σ_j D_j X (ν_j − ω_j) on the data, with objectives Σ_j ‖ν_j‖_p^p + ‖ω_j‖_p^p, Σ_j ‖ν_j‖_0 + ‖ω_j‖_0
/// and the number of used blocks. All checked in exact rationals (ℓ^p up to rounding of the powers).
/// </summary>
public class Lemma4_1_Reformulation
{
    [Fact]
    public void MergingSamePatternAndSignKeepsOutputsAndNeverIncreasesObjectives() => ProofCheck.Holds(Catalogue.Lemma4_1_Reformulation.Result, nameof(MergingSamePatternAndSignKeepsOutputsAndNeverIncreasesObjectives));

    [Fact]
    public void ReconstructionFromBlocksReproducesTheBlockSum() => ProofCheck.Holds(Catalogue.Lemma4_1_Reformulation.Result, nameof(ReconstructionFromBlocksReproducesTheBlockSum));
}
