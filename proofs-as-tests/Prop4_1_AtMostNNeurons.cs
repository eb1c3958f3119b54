using Xunit;
using Catalogue = Verifier.Proofs.Results;

namespace Verifier.Proofs.Tests;

/// <summary>
/// Proposition 4.1. Sparsest interpolants use at most N active neurons; when N ≤ d + 1 and the points are in
/// general position, the two neurons ±w̄ with X w̄ = y (a basic solution, ‖w̄‖_0 ≤ N) interpolate, so at most 2N
/// nonzero parameters are needed. Checked on the construction (exactly) and on the exact solver's optimum.
/// </summary>
public class Prop4_1_AtMostNNeurons
{
    [Fact]
    public void TwoNeuronConstructionInterpolatesAndBoundsTheOptimum() => ProofCheck.Holds(Catalogue.Prop4_1_AtMostNNeurons.Result, nameof(TwoNeuronConstructionInterpolatesAndBoundsTheOptimum));
}
