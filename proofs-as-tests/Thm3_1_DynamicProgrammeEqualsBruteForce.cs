using Xunit;
using Catalogue = Verifier.Proofs.Results;

namespace Verifier.Proofs.Tests;

/// <summary>
/// Theorem 3.1 (structure) and strict concavity of t ↦ t^p (SPEC §5, claim 5): on each run every min-V_p
/// interpolant is a partition of the run's slope changes into consecutive blocks of one or two, so the block DP
/// is exact. Checked against brute force over all block partitions of every run.
/// </summary>
public class Thm3_1_DynamicProgrammeEqualsBruteForce
{
    [Fact]
    public void DynamicProgrammeValueEqualsBruteForceMinimum() => ProofCheck.Holds(Catalogue.Thm3_1_DynamicProgrammeEqualsBruteForce.Result, nameof(DynamicProgrammeValueEqualsBruteForceMinimum));
}
