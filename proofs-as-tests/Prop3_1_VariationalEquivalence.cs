using Xunit;
using Catalogue = Verifier.Proofs.Results;

namespace Verifier.Proofs.Tests;

/// <summary>
/// Proposition 3.1 (the parts that are identities about networks). With distinct knot locations the ℓ^p path
/// norm of a univariate network equals V_p of its function (Σ over knots of |slope change|^p); rescaling a neuron
/// (v, w, b) → (v/t, t·w, t·b), t &gt; 0, changes neither the function nor the path norm; and merging two neurons
/// with the same knot location never increases the ℓ^p path norm (subadditivity of t ↦ t^p).
/// </summary>
public class Prop3_1_VariationalEquivalence
{
    [Fact]
    public void PathNormEqualsVpWhenKnotsAreDistinct() => ProofCheck.Holds(Catalogue.Prop3_1_VariationalEquivalence.Result, nameof(PathNormEqualsVpWhenKnotsAreDistinct));

    [Fact]
    public void RescalingKeepsFunctionAndPathNorm() => ProofCheck.Holds(Catalogue.Prop3_1_VariationalEquivalence.Result, nameof(RescalingKeepsFunctionAndPathNorm));

    [Fact]
    public void MergingNeuronsAtOneKnotNeverIncreasesThePathNorm() => ProofCheck.Holds(Catalogue.Prop3_1_VariationalEquivalence.Result, nameof(MergingNeuronsAtOneKnotNeverIncreasesThePathNorm));
}
