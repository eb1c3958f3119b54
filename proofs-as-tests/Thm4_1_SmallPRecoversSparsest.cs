using Xunit;
using Catalogue = Verifier.Proofs.Results;

namespace Verifier.Proofs.Tests;

/// <summary>
/// Theorem 4.1. For every dataset there is a data-dependent p* &gt; 0 such that every global minimiser of the ℓ^p
/// path norm (8) with p &lt; p* is an ℓ^0 solution (9). Checked at p ∈ {0.05, 0.1, 0.3} on random three-decimal planar
/// data from every basic solution (the certified minimiser is sparsest at or below the certified lower end of p*; a
/// seeded batch certifies at least 95 %), and with the branch and bound on tiny data: a certified global minimiser
/// agrees with the exact ℓ^0 optimum; pinned datasets certify with the sparsest count; one has p* ∈ (0.2, 0.3].
/// </summary>
public class Thm4_1_SmallPRecoversSparsest
{
    [Fact]
    public void CertifiedMinimiserAgreesWithTheExactL0Optimum() => ProofCheck.Holds(Catalogue.Thm4_1_SmallPRecoversSparsest.Result, nameof(CertifiedMinimiserAgreesWithTheExactL0Optimum));

    [Fact]
    public void EnumeratedMinimiserIsSparsestBelowTheCertifiedPStar() => ProofCheck.Holds(Catalogue.Thm4_1_SmallPRecoversSparsest.Result, nameof(EnumeratedMinimiserIsSparsestBelowTheCertifiedPStar));

    [Fact]
    public void RandomBatchIsCertifiedAndSparsestBelowPStar() => ProofCheck.Holds(Catalogue.Thm4_1_SmallPRecoversSparsest.Result, nameof(RandomBatchIsCertifiedAndSparsestBelowPStar));

    [Fact]
    public void PinnedTinyDatasetsAreCertifiedAndSparsest() => ProofCheck.Holds(Catalogue.Thm4_1_SmallPRecoversSparsest.Result, nameof(PinnedTinyDatasetsAreCertifiedAndSparsest));

    [Fact]
    public void PinnedDatasetHasPStarBetweenPoint2AndPoint3() => ProofCheck.Holds(Catalogue.Thm4_1_SmallPRecoversSparsest.Result, nameof(PinnedDatasetHasPStarBetweenPoint2AndPoint3));
}
