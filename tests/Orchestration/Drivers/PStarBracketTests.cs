using Verifier.Continuous.GlobalLp;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Orchestration.Drivers;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Orchestration.Drivers;

/// <summary>The decision rules of the d &gt; 1 bracket, on a real dataset with hand-made evidence (Decide reads only the
/// products and counts of the evidence networks, so they need not interpolate here).</summary>
public class PStarBracketTests
{
    private static readonly Dataset Data = Dataset.Create(2,
        new[] { 0, 0, 1, 0, 0, 1 }.Select(v => Rational.FromInteger(v)).ToArray(),
        new[] { 1, 2, 1 }.Select(v => Rational.FromInteger(v)).ToArray());

    private static readonly ShallowReluNetwork Witness =
        new CombinatorialBendersSolver(new MipOptions(60)).Solve(SparsestProblem.WithDefaults(Data)).Witness!;

    private static readonly int K0 = SparsityMeasures.NonzeroParameters(Witness);
    private static readonly BasicSolutionBounds Bounds = BasicSolutionBounds.Of(Data);

    /// <summary>A network with <paramref name="count"/> nonzero products, each equal to <paramref name="value"/>.</summary>
    private static ShallowReluNetwork Products(int count, string value) =>
        new(2, Enumerable.Range(0, count).Select(_ => new Neuron([Rational.Parse(value), Rational.Zero], Rational.Zero, Rational.One)).ToList(), null);

    [Fact]
    public void WithoutEvidenceTheUpperEndIsTheTrivialOne()
    {
        var b = PStarBracket.Decide(Bounds, K0, [Witness], []);
        Assert.Equal(SparsestRegime.LowerEnd(Bounds, K0, [Witness]).P, b.Lower);
        Assert.True(b.Lower > 0);
        Assert.Equal(1, b.Upper);
        Assert.Equal(b.Lower, b.Estimate);
        Assert.Null(b.UpperEvidence);
        Assert.False(b.Exact);
    }

    [Fact]
    public void TheSmallestCertifiedNonSparsestMinimiserIsTheUpperEnd()
    {
        var cheap = Products(K0 + 1, "1/1000000"); // far cheaper than the witness at every p
        double lower = PStarBracket.Decide(Bounds, K0, [Witness], []).Lower;
        Assert.True(lower < 0.5, $"lower end {lower}");
        double between = (lower + 0.5) / 2, below = (lower + between) / 2;
        var b = PStarBracket.Decide(Bounds, K0, [Witness],
        [
            new PStarEvidence(0.7, true, cheap),
            new PStarEvidence(0.5, true, cheap),
            new PStarEvidence(between, false, cheap), // not certified: no evidence
            new PStarEvidence(below, true, Witness),
            new PStarEvidence(0.6, true, Witness), // above the upper end: not an estimate
        ]);
        Assert.Equal(lower, b.Lower);
        Assert.Equal(0.5, b.Upper);
        Assert.Equal(0.5, b.UpperEvidence!.P);
        Assert.Equal(below, b.Estimate);
        Assert.Empty(b.Conflicts);
    }

    [Fact]
    public void ANonSparsestMinimiserThatAKnownSparsestNetworkMatchesIsNotEvidence()
    {
        var expensive = Products(K0 + 1, "1000");
        var b = PStarBracket.Decide(Bounds, K0, [Witness], [new PStarEvidence(0.5, true, expensive)]);
        Assert.Equal(1, b.Upper);
        Assert.Contains(b.Conflicts, c => c.Contains("not provably costlier"));
    }

    [Fact]
    public void ACertifiedNonSparsestMinimiserBelowTheProvenLowerEndIsAConflict()
    {
        double lower = PStarBracket.Decide(Bounds, K0, [Witness], []).Lower;
        var b = PStarBracket.Decide(Bounds, K0, [Witness], [new PStarEvidence(lower / 2, true, Products(K0 + 1, "1/1000000"))]);
        Assert.Equal(1, b.Upper);
        Assert.Contains(b.Conflicts, c => c.Contains("lower end"));
    }

    [Fact]
    public void FewerParametersThanTheProvenOptimumIsADefect()
    {
        Assert.Throws<InvalidOperationException>(() =>
            PStarBracket.Decide(Bounds, K0, [Witness], [new PStarEvidence(0.5, true, Products(K0 - 1, "1"))]));
    }

    /// <summary>Sparsest networks among the evidence compete for the lower end.</summary>
    [Fact]
    public void ASparsestMinimiserWithSmallerProductsRaisesTheLowerEnd()
    {
        var small = Products(K0, "1/1000");
        var b = PStarBracket.Decide(Bounds, K0, [Witness], [new PStarEvidence(0.5, false, small)]);
        Assert.Equal(SparsestRegime.LowerEnd(Bounds, K0, [Witness, small]).P, b.Lower);
        Assert.True(b.Lower > PStarBracket.Decide(Bounds, K0, [Witness], []).Lower);
    }
}
