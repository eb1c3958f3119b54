using Xunit;
using Catalogue = Verifier.Proofs.Results;

namespace Verifier.Proofs.Tests;

/// <summary>
/// Cover's bound (SPEC §3): N points in R^d have at most 2 Σ_{k=0}^{d} C(N−1, k) activation patterns, with
/// equality in general position. Checked on the exact enumeration, which must also be complete (its count
/// agrees with Zaslavsky's region count and its region graph is connected) on degenerate data.
/// </summary>
public class Cover_PatternCount
{
    [Fact]
    public void GeneralPositionAttainsCoversBound() => ProofCheck.Holds(Catalogue.Cover_PatternCount.Result, nameof(GeneralPositionAttainsCoversBound));

    [Fact]
    public void DegenerateDataStayBelowTheBoundAndMatchZaslavsky() => ProofCheck.Holds(Catalogue.Cover_PatternCount.Result, nameof(DegenerateDataStayBelowTheBoundAndMatchZaslavsky));
}
