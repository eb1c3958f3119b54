using Xunit;
using Catalogue = Verifier.Proofs.Results;

namespace Verifier.Proofs.Tests;

/// <summary>
/// Theorem 4.1. For every dataset there is a data-dependent p* &gt; 0 such that every global minimiser of the ℓ^p
/// path norm (8) with p &lt; p* is an ℓ^0 solution (9). Checked on tiny planar data: a certified global minimiser
/// at small p interpolates exactly and has the exact ℓ^0 optimum's nonzero count; pinned datasets must certify.
/// </summary>
public class Thm4_1_SmallPRecoversSparsest
{
    [Fact]
    public void CertifiedSmallPMinimiserHasTheSparsestCount() => ProofCheck.Holds(Catalogue.Thm4_1_SmallPRecoversSparsest.Result, nameof(CertifiedSmallPMinimiserHasTheSparsestCount));

    [Fact]
    public void PinnedTinyDatasetsAreCertifiedAndSparsest() => ProofCheck.Holds(Catalogue.Thm4_1_SmallPRecoversSparsest.Result, nameof(PinnedTinyDatasetsAreCertifiedAndSparsest));
}
