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

    /// <summary>The enumeration's bracket sharpens the decided one; its proofs are named only for the ends it supplies.</summary>
    [Fact]
    public void AnEnumeratedBracketSharpensTheDecidedOneAndNamesItsProofs()
    {
        var decided = PStarBracket.Decide(Bounds, K0, [Witness], []);
        double lower = decided.Lower;
        var enumerated = new EnumeratedPStarBracket(lower + 0.1, lower + 0.1 + 1e-10, 0, 1, 1, 10);
        var b = PStarBracket.WithEnumeration(decided, enumerated, Products(K0 + 1, "1/1000000"));
        Assert.Equal(lower + 0.1, b.Lower);
        Assert.Equal(lower + 0.1 + 1e-10, b.Upper);
        Assert.True(b.Exact);
        Assert.Equal(PStarBracket.EnumeratedLowerProof, b.LowerProofText);
        Assert.Equal(PStarBracket.EnumeratedUpperProof, b.UpperProofText);

        // An enumerated lower end below Thm 4.1's: the lower end and its proof are Thm 4.1's.
        var weaker = PStarBracket.WithEnumeration(decided, new EnumeratedPStarBracket(lower / 2, 1, null, 1, 1, 10), null);
        Assert.Equal(lower, weaker.Lower);
        Assert.Equal(PStarBracket.LowerProof, weaker.LowerProofText);
        Assert.Contains("by definition", weaker.UpperProofText);
    }

    /// <summary>A proven lower end at or above a witnessed upper end is a contradiction of two proofs: a defect, thrown.
    /// Equality counts (the lower end covers its own point, the witness is at the upper end).</summary>
    [Fact]
    public void AnEnumeratedWitnessAtOrBelowTheProvenLowerEndIsADefect()
    {
        var decided = PStarBracket.Decide(Bounds, K0, [Witness], []);
        var net = Products(K0 + 1, "1/1000000");
        Assert.Throws<InvalidOperationException>(() =>
            PStarBracket.WithEnumeration(decided, new EnumeratedPStarBracket(decided.Lower / 2, decided.Lower, 0, 1, 1, 10), net));
        Assert.Throws<InvalidOperationException>(() =>
            PStarBracket.WithEnumeration(decided, new EnumeratedPStarBracket(decided.Lower / 2, decided.Lower / 2, 0, 1, 1, 10), net));
    }

    /// <summary>A probe's certified non-sparsest minimiser rests on the ℓ^p certificate's relative gap: at or below the
    /// enumeration's proven lower end it is a listed conflict and its upper end is dropped, not a thrown defect.</summary>
    [Fact]
    public void AProbeAtOrBelowTheEnumeratedLowerEndIsAConflictNotADefect()
    {
        var decided = PStarBracket.Decide(Bounds, K0, [Witness], [new PStarEvidence(0.5, true, Products(K0 + 1, "1/1000000"))]);
        Assert.Equal(0.5, decided.Upper);
        Assert.False(decided.UpperByCrossing);
        var b = PStarBracket.WithEnumeration(decided, new EnumeratedPStarBracket(0.6, 0.6 + 1e-10, 0, 1, 1, 10), Products(K0 + 1, "1/1000000"));
        Assert.Equal(0.6, b.Lower);
        Assert.Equal(0.6 + 1e-10, b.Upper);
        Assert.Contains(b.Conflicts, c => c.Contains("not used"));
        Assert.Equal(PStarBracket.EnumeratedUpperProof, b.UpperProofText);
    }
}
