using Xunit;
using Catalogue = Verifier.Proofs.Results;

namespace Verifier.Proofs.Tests;

/// <summary>
/// SPEC §5, claim 10 (two independent methods agreeing): on 1-D data with the free linear term, the exact
/// mixed-integer optimum (Lemma 4.1 through activation patterns, solved by exact-cut Benders) equals the run
/// count Σ⌈L/2⌉ of Section 3, and both witnesses pass the exact check; the MIP's cuts re-verify exactly.
/// </summary>
public class Claim10_MipEqualsUnivariate
{
    [Fact]
    public void MixedIntegerOptimumEqualsRunCount() => ProofCheck.Holds(Catalogue.Claim10_MipEqualsUnivariate.Result, nameof(MixedIntegerOptimumEqualsRunCount));

    [Fact]
    public void MixedIntegerBoundsNeverContradictTheRunCount() => ProofCheck.Holds(Catalogue.Claim10_MipEqualsUnivariate.Result, nameof(MixedIntegerBoundsNeverContradictTheRunCount));
}
