using Verifier.Exact.Certificates;
using Verifier.Exact.Problems;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Exact.Certificates;

/// <summary>The one status decision: every rule of <see cref="SparsestVerdict"/> on a real witness with forged claims.</summary>
public class SparsestVerdictTests
{
    private static readonly SparsestProblem Problem = SparsestProblem.WithDefaults(Dataset.Create(1,
        [.. new[] { 0, 1, 2, 3, 4, 5 }.Select(v => Rational.FromInteger(v))],
        [.. new[] { 0, 0, 3, 0, 1, 7 }.Select(v => Rational.FromInteger(v))]));

    private static SolveResult Exact() => new UnivariateSparsest().Solve(Problem);

    [Fact]
    public void AnHonestOptimumStaysOptimal()
    {
        var exact = Exact();
        var v = SparsestVerdict.Decide(Problem, exact);
        Assert.Equal(SolveStatus.Optimal, v.Status);
        Assert.True(v.Verified);
        Assert.Equal(exact.Objective, v.Count);
        Assert.Equal(v.Count, v.LowerBound);
        Assert.Equal("optimal", v.StatusName);
    }

    [Fact]
    public void AWrongClaimedObjectiveLosesOptimalityButKeepsTheNetworkAndTheBound()
    {
        var exact = Exact();
        int c = exact.Objective!.Value;
        var v = SparsestVerdict.Decide(Problem, exact with { Objective = c - 1, LowerBound = c - 1 });
        Assert.Equal(SolveStatus.Feasible, v.Status);
        Assert.False(v.Verified);
        Assert.Equal(c, v.Count);          // recounted on the network
        Assert.Equal(c - 1, v.LowerBound); // the solver's bound, never the count
        Assert.Contains("not certified", v.Proof);
    }

    [Fact]
    public void ALowerBoundAboveAVerifiedCountIsADefect()
    {
        var exact = Exact();
        int c = exact.Objective!.Value;
        Assert.Throws<SolverDefectException>(() => SparsestVerdict.Decide(Problem, exact with { Status = SolveStatus.Feasible, LowerBound = c + 1 }));
    }

    [Fact]
    public void ANetworkThatDoesNotInterpolateIsADefect()
    {
        var exact = Exact();
        var net = exact.Witness!;
        var broken = new ShallowReluNetwork(1, net.Neurons.Skip(1).ToList(), net.Skip);
        Assert.Throws<SolverDefectException>(() => SparsestVerdict.Decide(Problem, exact with { Witness = broken }));
    }

    [Fact]
    public void NoNetworkKeepsTheSolversNoNetworkStatusAndAClaimWithoutOneIsADefect()
    {
        var exact = Exact();
        var timeout = SparsestVerdict.Decide(Problem, exact with { Status = SolveStatus.Timeout, Objective = null, LowerBound = 1, Witness = null });
        Assert.Equal(SolveStatus.Timeout, timeout.Status);
        Assert.Null(timeout.Count);
        Assert.Equal(1, timeout.LowerBound);
        Assert.False(timeout.Verified);
        var failed = SparsestVerdict.Decide(Problem, exact with { Status = SolveStatus.Failed, Objective = null, LowerBound = 0, Witness = null });
        Assert.Equal("timeout", failed.StatusName); // INTERFACE.md's vocabulary: no network
        Assert.NotNull(failed.FailureReason);
        Assert.Throws<SolverDefectException>(() => SparsestVerdict.Decide(Problem, exact with { Witness = null }));
    }
}
