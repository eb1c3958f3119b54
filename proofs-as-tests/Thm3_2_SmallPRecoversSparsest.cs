using Xunit;
using Catalogue = Verifier.Proofs.Results;

namespace Verifier.Proofs.Tests;

/// <summary>
/// Theorem 3.2. There is a data-dependent p* &gt; 0 such that for every p &lt; p* the min-V_p interpolant is a
/// sparsest interpolant; if no run has more than two points, p* = 1. Beyond the paper (SPEC §2): runs of
/// three points are already sparsest for every p &lt; 1, while runs of four can switch (pinned example:
/// Δ = (1, 100, 100, 1) switches at p* ≈ 0.1807, the root of 2·101^p = 2 + 200^p).
/// </summary>
public class Thm3_2_SmallPRecoversSparsest
{
    [Fact]
    public void BelowPStarTheMinimiserIsSparsestAndAtSmallPAlways() => ProofCheck.Holds(Catalogue.Thm3_2_SmallPRecoversSparsest.Result, nameof(BelowPStarTheMinimiserIsSparsestAndAtSmallPAlways));

    [Fact]
    public void RunsOfAtMostThreePointsAreSparsestForEveryP() => ProofCheck.Holds(Catalogue.Thm3_2_SmallPRecoversSparsest.Result, nameof(RunsOfAtMostThreePointsAreSparsestForEveryP));

    [Fact]
    public void FourPointRunCounterexampleSwitchesAtPStar() => ProofCheck.Holds(Catalogue.Thm3_2_SmallPRecoversSparsest.Result, nameof(FourPointRunCounterexampleSwitchesAtPStar));
}
