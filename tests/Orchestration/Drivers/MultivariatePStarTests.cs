using Verifier.Shared.Networks;
using Verifier.Orchestration.Drivers;
using Verifier.Shared.Data;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Orchestration.Drivers;

public class MultivariatePStarTests
{
    private static Dataset Data(string rows) =>
        Dataset.Create(2,
            rows.Split(';').SelectMany(r => r.Split(',').Take(2)).Select(Rational.Parse).ToArray(),
            rows.Split(';').Select(r => Rational.Parse(r.Split(',')[2])).ToArray());

    private const string Switching = "-2,1,-7;-1,-3,6;3,0,6";

    /// <summary>
    /// Three integer points where the certified ℓ^p minimiser switches from the 2-parameter sparsest network to a
    /// 3-parameter one between p = 0.3 and 0.4, on the probing path (enumeration of basic solutions switched off).
    /// Every sparsest interpolant is enumerated, so the upper end is the crossing of a 3-parameter network's cost with
    /// every sparsest one's (at most the first certified non-sparsest probe), the lower end is Thm 4.1's, and the
    /// estimate lies between them.
    /// </summary>
    [Fact]
    public void ASwitchingDatasetGetsAProvenBracketAroundTheSwitch()
    {
        var r = MultivariatePStar.Compute(Data(Switching), secondsPerSolve: 20, enumerate: false);
        Assert.Equal(2, r.Sparsest);
        Assert.NotNull(r.Bounds);
        double lower = r.Lower!.Value, upper = r.Upper!.Value, estimate = r.Estimate!.Value;
        Assert.True(0 < lower && lower <= estimate && estimate < upper, $"[{lower}, {upper}], estimate {estimate}");
        Assert.True(upper > 0.3 && upper <= 0.4, $"upper {upper}");
        Assert.True(r.Bracket!.Sparsest!.Complete, r.Bracket.Sparsest.Proof);
        Assert.True(r.Bracket.UpperByCrossing);
        Assert.Equal(3, SparsityMeasures.NonzeroParameters(r.Bracket.UpperEvidence!.Network));
        if (r.FirstCertifiedNonSparsest is { } first) Assert.True(upper <= first.P, $"upper {upper} above the certified non-sparsest probe {first.P}");
        Assert.False(r.Exact);
        // Every certified probe at or below the estimate is sparsest (the estimate is the largest such probe below upper).
        Assert.All(r.Probes.Where(p => p.Certified && p.P <= estimate), p => Assert.Equal(2, p.Parameters));
    }

    /// <summary>
    /// The same data through the exhaustive enumeration of basic solutions: the bracket is exact (at most 1e-9 wide),
    /// its proofs are the enumeration's, no probes are run, and it meets the probing path's proven bracket (two
    /// independent routes to p*: both contain it).
    /// </summary>
    [Fact]
    public void EnumerationNarrowsTheSwitchingBracketToAnExactPStarInsideTheProbedOne()
    {
        var probed = MultivariatePStar.Compute(Data(Switching), secondsPerSolve: 20, enumerate: false);
        var r = MultivariatePStar.Compute(Data(Switching), secondsPerSolve: 20);
        Assert.Equal(MultivariatePStar.EnumerationMethod, r.Method);
        Assert.True(r.Exact, $"[{r.Lower}, {r.Upper}]");
        Assert.True(r.Upper!.Value - r.Lower!.Value <= 1e-9);
        Assert.Empty(r.Probes);
        Assert.NotNull(r.Bracket!.Enumerated);
        Assert.Contains("every basic solution was enumerated", r.Bracket.LowerProofText);
        Assert.Contains("every basic solution was enumerated", r.Bracket.UpperProofText);
        Assert.Equal(3, SparsityMeasures.NonzeroParameters(r.Bracket.UpperEvidence!.Network));
        // Both brackets are proven to contain p*, so they must meet; the enumerated one is the narrower.
        Assert.True(probed.Lower!.Value <= r.Upper.Value && r.Lower.Value <= probed.Upper!.Value,
            $"enumerated [{r.Lower}, {r.Upper}] and probed [{probed.Lower}, {probed.Upper}] are disjoint");
        Assert.True(r.Upper.Value - r.Lower.Value < probed.Upper.Value - probed.Lower.Value);
    }

    [Fact]
    public void ZeroLabelsHavePStarOneExactly()
    {
        var r = MultivariatePStar.Compute(Data("0,0,0;1,2,0"));
        Assert.True(r.Exact);
        Assert.Equal(1, r.Lower);
        Assert.Equal(1, r.Upper);
        Assert.Equal(0, r.Sparsest);
    }
}
