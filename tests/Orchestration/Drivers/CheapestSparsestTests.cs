using Verifier.Continuous.GlobalLp;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Orchestration.Drivers;
using Verifier.Shared.Networks;
using Verifier.Tests.Exact;
using Xunit;

namespace Verifier.Tests.Orchestration.Drivers;

public class CheapestSparsestTests
{
    /// <summary>The reported network becomes the cheapest sparsest one when that costs less than the search's; the
    /// search's lower bound and status stay; a cheaper search result is kept.</summary>
    [Fact]
    public void TheCheapestSparsestNetworkReplacesOnlyACostlierAnswer()
    {
        var data = BendersSolverTests.RandomMilliData(4, 2, 11);
        var problem = SparsestProblem.WithDefaults(data);
        var optimum = new CombinatorialBendersSolver(new MipOptions(60)).Solve(problem);
        var set = SparsestEnumeration.Enumerate(problem, optimum.Objective!.Value, 60);
        const double p = 0.3;
        double cheapest = set.Networks.Min(n => SparsityMeasures.PathNorm(n, p));
        var costly = set.Networks.MaxBy(n => SparsityMeasures.PathNorm(n, p))!;
        Assert.True(cheapest < SparsityMeasures.PathNorm(costly, p), "one sparsest network only: nothing to replace");
        var stopped = new GlobalLpResult(GlobalLpStatus.Stopped, p, 0.5, SparsityMeasures.PathNorm(costly, p), costly, true, 1, 1, 1, 1);
        var replaced = SeededGlobalLp.WithCheapestSparsest(stopped, set.Networks, p);
        Assert.Equal(cheapest, replaced.UpperBound);
        Assert.Equal(0.5, replaced.LowerBound);
        Assert.Equal(GlobalLpStatus.Stopped, replaced.Status);
        Assert.Equal(cheapest, SparsityMeasures.PathNorm(replaced.Network!, p));
        var better = stopped with { UpperBound = cheapest / 2, LowerBound = 0 };
        Assert.Same(better, SeededGlobalLp.WithCheapestSparsest(better, set.Networks, p));
        // A sparsest network below a proven lower bound contradicts it: a defect, not an improvement.
        Assert.Throws<InvalidOperationException>(() => SeededGlobalLp.WithCheapestSparsest(stopped with { LowerBound = cheapest * 1.01 }, set.Networks, p));
    }
}
