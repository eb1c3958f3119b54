using Verifier.Continuous.Training;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;
using Verifier.Orchestration.Comparisons;

namespace Verifier.Tests.Continuous.Training;

public class SparsestComparisonTests
{
    private static readonly SparsestReferenceResult ProvenThree = new("univariate", "optimal", "neurons", 3, 3, 3, "test");
    private static readonly SparsestReferenceResult BoundsOneTwo = new("univariate", "feasible", "neurons", null, 1, 2, "test");

    [Fact]
    public void TheFitToleranceIsRelativeToTheLargestLabel()
    {
        Assert.Equal(1e-3 * 4, SparsestComparison.FitTolerance([0.5, -4, 1]));
        Assert.Equal(1e-3 * 1e-12, SparsestComparison.FitTolerance([0, 0]));   // all labels 0: the floor
        Assert.True(SparsestComparison.Fits(0.004, SparsestComparison.FitTolerance([0.5, -4, 1])));
        Assert.False(SparsestComparison.Fits(0.0041, SparsestComparison.FitTolerance([0.5, -4, 1])));
        Assert.False(SparsestComparison.Fits(double.NaN, 1));
    }

    [Fact]
    public void TheSparsestCountIsReachedOnlyByANetworkThatFits()
    {
        Assert.True(SparsestComparison.Reached(3, fits: true, ProvenThree));
        Assert.False(SparsestComparison.Reached(3, fits: false, ProvenThree));   // right count, wrong function
        Assert.False(SparsestComparison.Reached(4, fits: true, ProvenThree));
        Assert.False(SparsestComparison.Reached(3, fits: false, null));
        Assert.Null(SparsestComparison.Reached(3, fits: true, null));            // no reference: unknown
    }

    [Fact]
    public void UnprovenBoundsDecideOnlyOutsideTheirRange()
    {
        Assert.Null(SparsestComparison.Reached(1, fits: true, BoundsOneTwo));
        Assert.Null(SparsestComparison.Reached(2, fits: true, BoundsOneTwo));
        Assert.False(SparsestComparison.Reached(3, fits: true, BoundsOneTwo));  // above the proven upper bound
        Assert.False(SparsestComparison.Reached(0, fits: true, BoundsOneTwo));  // below the proven lower bound
        Assert.False(SparsestComparison.Reached(1, fits: false, BoundsOneTwo));
    }
}

public class SparsestReferenceTests
{
    /// <summary>x = 0, 1, 2 and y = 0, 1, 3: data slopes 1 and 2, one run with one slope change, so m = 1 with the
    /// free linear term. Both outer data slopes are nonzero: before the witness search the reference only claimed
    /// the bounds [1, 2] here (correct, but 1 is the answer).</summary>
    private static readonly Dataset KnotInTheFirstInterval = Dataset.Univariate(new Rational[] { 0, 1, 2 }, new Rational[] { 0, 1, 3 });

    /// <summary>x = 0..4, y = 0, 1, 2, 5, 8: slopes 1, 1, 3, 3, one knot at x = 2 (m = 1) that cannot move (three
    /// collinear points on each side). One neuron without the linear term is flat on one side of its knot, while
    /// every data interval has a nonzero slope, so its knot would lie outside the data and f would be linear on
    /// them: impossible. The answer is 2 = m + 1, which the reference cannot prove, so it reports the bounds.</summary>
    private static readonly Dataset LockedKnot = Dataset.Univariate(new Rational[] { 0, 1, 2, 3, 4 }, new Rational[] { 0, 1, 2, 5, 8 });

    private static readonly TrainingArchitecture Training = TrainingArchitecture.PaperUnivariate(10);

    [Fact]
    public void AKnotThatCanMoveIntoTheFirstIntervalProvesTheLowerBound()
    {
        var r = SparsestReference.Univariate(KnotInTheFirstInterval, Training);
        Assert.Equal("optimal", r.Status);
        Assert.Equal(1, r.Exact);
        Assert.Equal((1, 1), (r.LowerBound, r.UpperBound));
        // The witness, by hand: f = 2·(x − 1/2)_+, no linear term, interpolates exactly.
        var one = new ShallowReluNetwork(1, [new Neuron([2], -1, 1)], new LinearSkip([0], 0));
        Assert.True(InterpolationCheck.Check(one, KnotInTheFirstInterval).Interpolates);
        var found = NoLinearTermWitness.Find(UnivariateStructure.Analyze(KnotInTheFirstInterval), outputConstant: true)!;
        Assert.Equal(1, SparsityMeasures.ActiveNeurons(found));
        Assert.True(found.Skip!.A[0].IsZero);
        Assert.True(InterpolationCheck.Check(found, KnotInTheFirstInterval).Interpolates);
    }

    [Fact]
    public void ALockedKnotWithNonzeroOuterSlopesGivesBoundsOnly()
    {
        var r = SparsestReference.Univariate(LockedKnot, Training);
        Assert.Equal("feasible", r.Status);
        Assert.Null(r.Exact);
        Assert.Equal((1, 2), (r.LowerBound, r.UpperBound));
        Assert.Null(NoLinearTermWitness.Find(UnivariateStructure.Analyze(LockedKnot), outputConstant: true));
        // The upper bound is attained: f = (x + 1)_+ + 2·(x − 2)_+ − 1 (the extra knot left of the data).
        var two = new ShallowReluNetwork(1, [new Neuron([1], 1, 1), new Neuron([1], -2, 2)], new LinearSkip([0], -1));
        Assert.True(InterpolationCheck.Check(two, LockedKnot).Interpolates);
    }

    [Fact]
    public void CollinearDataWithANonzeroSlopeNeedOneNeuron()
    {
        var data = Dataset.Univariate(new Rational[] { 0, 1, 2 }, new Rational[] { 1, 3, 5 });
        var r = SparsestReference.Univariate(data, Training);
        Assert.Equal(1, r.Exact);
        var flat = Dataset.Univariate(new Rational[] { 0, 1, 2 }, new Rational[] { 1, 1, 1 });
        Assert.Equal(0, SparsestReference.Univariate(flat, Training).Exact);
    }

    [Fact]
    public void WithTheLinearTermTheCountIsExact()
    {
        var r = SparsestReference.Univariate(LockedKnot, new TrainingArchitecture(1, 10, LinearTerm: true, OutputBias: true));
        Assert.Equal("optimal", r.Status);
        Assert.Equal(1, r.Exact);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void EveryWitnessHasNoLinearTermTheSparsestCountAndInterpolatesExactly(int seed)
    {
        var rng = new Random(seed);
        int found = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            int n = rng.Next(3, 9);
            var x = Enumerable.Range(0, n).Select(i => (Rational)(2 * i + rng.Next(0, 2))).ToArray();
            var y = Enumerable.Range(0, n).Select(_ => (Rational)rng.Next(-3, 4)).ToArray();
            var data = Dataset.Univariate(x, y);
            var structure = UnivariateStructure.Analyze(data);
            var net = NoLinearTermWitness.Find(structure, outputConstant: true);
            var r = SparsestReference.Univariate(data, Training);
            Assert.InRange(structure.SparsestNeuronCount, r.LowerBound, r.UpperBound ?? int.MaxValue);
            if (net is null) continue;
            found++;
            Assert.Equal(structure.SparsestNeuronCount, SparsityMeasures.ActiveNeurons(net));
            Assert.True(net.Skip is null || net.Skip.A.All(a => a.IsZero));
            Assert.True(InterpolationCheck.Check(net, data).Interpolates);
            Assert.Equal(structure.SparsestNeuronCount, r.Exact);
        }
        Assert.True(found > 0, "the search never found a witness");
    }
}
