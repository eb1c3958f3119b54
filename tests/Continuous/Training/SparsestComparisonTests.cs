using Verifier.Continuous.Training;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;

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
    /// free linear term; both outer data slopes are nonzero, so without the linear term (the training architecture)
    /// the reference only claims the bounds [m, m + 1].</summary>
    private static readonly Dataset BothOuterSlopesNonzero = Dataset.Univariate(new Rational[] { 0, 1, 2 }, new Rational[] { 0, 1, 3 });

    [Fact]
    public void BothOuterSlopesNonzeroGivesBoundsOnly()
    {
        var r = SparsestReference.Univariate(BothOuterSlopesNonzero, TrainingArchitecture.PaperUnivariate(10));
        Assert.Equal("feasible", r.Status);
        Assert.Null(r.Exact);
        Assert.Equal(1, r.LowerBound);
        Assert.Equal(2, r.UpperBound);
        Assert.Equal("neurons", r.Objective);
    }

    [Fact]
    public void TheBoundsAreRightAndTheLowerOneIsAttained()
    {
        // Upper bound 2: an extra neuron with its knot left of the data supplies the linear part,
        // f = (x + 1)_+ + (x − 1)_+ − 1.
        var two = new ShallowReluNetwork(1, [new Neuron([1], 1, 1), new Neuron([1], -1, 1)], new LinearSkip([0], -1));
        Assert.True(InterpolationCheck.Check(two, BothOuterSlopesNonzero).Interpolates);
        // Lower bound 1 (no network without neurons fits non-collinear data), and 1 is in fact the sparsest count:
        // f = 2·(x − 1/2)_+ (knot inside the first interval, no linear term) interpolates exactly. So the bounds
        // [1, 2] are correct but the upper one is not tight; the reference rightly does not claim 2 (or 1) optimal.
        var one = new ShallowReluNetwork(1, [new Neuron([2], -1, 1)], new LinearSkip([0], 0));
        Assert.True(InterpolationCheck.Check(one, BothOuterSlopesNonzero).Interpolates);
        var r = SparsestReference.Univariate(BothOuterSlopesNonzero, TrainingArchitecture.PaperUnivariate(10));
        Assert.InRange(1, r.LowerBound, r.UpperBound!.Value);
        Assert.InRange(2, r.LowerBound, r.UpperBound!.Value);
    }

    [Fact]
    public void WithTheLinearTermTheCountIsExact()
    {
        var r = SparsestReference.Univariate(BothOuterSlopesNonzero, new TrainingArchitecture(1, 10, LinearTerm: true, OutputBias: true));
        Assert.Equal("optimal", r.Status);
        Assert.Equal(1, r.Exact);
    }
}
