using Verifier.Cli;
using Verifier.Cli.Commands;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Shared.Data;
using Verifier.Tests.Cli;
using Xunit;
using Verifier.Shared.Networks;
using Verifier.Orchestration.Data;

namespace Verifier.Tests.Cli;

/// <summary>The node statistic of the exact MIP solvers and the <c>bench mip --stop-after-timeout</c> bookkeeping.</summary>
public class MipBenchmarkTests
{
    private static Dataset Xor => Dataset.Create(2, [0, 0, 1, 0, 0, 1, 1, 1], [1, 0, 0, 1]);

    [Theory]
    [InlineData(SparsityObjective.Neurons)]
    [InlineData(SparsityObjective.Parameters)]
    public void BendersReportsNodesOnATinyInstance(SparsityObjective objective)
    {
        var result = new CombinatorialBendersSolver(new MipOptions(60)).Solve(new SparsestProblem(Xor, false, objective));
        Assert.Equal(SolveStatus.Optimal, result.Status);
        double nodes = result.Statistics!.Nodes!.Value;
        Assert.True(nodes >= 0 && nodes == Math.Floor(nodes), $"nodes = {nodes}");
        Assert.True(result.Statistics!.Iterations >= 1);
    }

    [Fact]
    public void BendersNodesSumTheMasterBranches()
    {
        // Random N = 5, d = 2 (the benchmark's seed): the parameters master needs several CP-SAT solves that branch.
        var data = BenchmarkData.Random(5, 2, 1000 + 5 * 10 + 2);
        var result = new CombinatorialBendersSolver(new MipOptions(60)).Solve(new SparsestProblem(data, false, SparsityObjective.Parameters));
        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.True(result.Statistics!.Iterations > 1);
        Assert.True(result.Statistics!.Nodes > 0, $"nodes = {result.Statistics!.Nodes}");
    }

    [Fact]
    public void ScipMasterReportsNoNodeCountRatherThanAGuess()
    {
        var result = new CombinatorialBendersSolver(new MipOptions(60, Master: "scip")).Solve(new SparsestProblem(Xor, false, SparsityObjective.Neurons));
        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Null(result.Statistics!.Nodes);
    }

    [Theory]
    [InlineData("pattern")]
    [InlineData("direct")]
    public void ScipModelsReportNoNodeCountRatherThanAGuess(string formulation)
    {
        IExactSolver solver = formulation == "pattern" ? new PatternMip(new MipOptions(30)) : new DirectMip(new MipOptions(30));
        var result = solver.Solve(new SparsestProblem(Xor, false, SparsityObjective.Neurons));
        Assert.NotNull(result.Witness);
        Assert.Null(result.Statistics!.Nodes);
    }

    [Theory]
    [InlineData(SolveStatus.Timeout, 60.1, 60, true)]    // no network at the limit
    [InlineData(SolveStatus.Failed, 20.0, 60, false)]    // early stop without a network (failed exact rebuild): not a timeout
    [InlineData(SolveStatus.Feasible, 60.02, 60, true)]  // gap open at the limit
    [InlineData(SolveStatus.Feasible, 57.5, 60, true)]   // within 5 % of the limit
    [InlineData(SolveStatus.Feasible, 3.0, 60, false)]   // stopped early without a proof (pattern in 1-D, direct)
    [InlineData(SolveStatus.Optimal, 59.9, 60, false)]   // proven, however slowly
    public void TimedOutMeansNoProofWithinTheLimit(SolveStatus status, double seconds, double limit, bool expected) =>
        Assert.Equal(expected, TimeoutSeries.TimedOut(status, seconds, limit));

    [Fact]
    public void ASeriesIsSkippedFromItsFirstTimeoutOnly()
    {
        var series = new TimeoutSeries();
        var pattern = new SeriesKey(2, "random", SparsityObjective.Parameters, "pattern");
        var benders = pattern with { Formulation = "benders" };
        var neurons = pattern with { Objective = SparsityObjective.Neurons };
        series.Record(pattern, 5, timedOut: false);
        Assert.Null(series.TimedOutAt(pattern));
        series.Record(pattern, 6, timedOut: true);
        series.Record(pattern, 7, timedOut: true);
        series.Record(benders, 6, timedOut: false);
        Assert.Equal(6, series.TimedOutAt(pattern));
        Assert.Null(series.TimedOutAt(benders));
        Assert.Null(series.TimedOutAt(neurons));
        Assert.Null(series.TimedOutAt(pattern with { Dimension = 3 }));
    }

    [Theory]
    [InlineData("--formulations", "benders,cplex")]
    [InlineData("--points", "9..4")]
    [InlineData("--dims", "2,x")]
    [InlineData("--objectives", "weights")]
    [InlineData("--threads", "0")]
    public void BadArgumentsFailWithExitCode2AndWriteNothing(string option, string value)
    {
        var path = Path.Combine(Path.GetTempPath(), $"verifier-test-{Guid.NewGuid():N}.md");
        var options = new Dictionary<string, string>
        {
            ["--points"] = "4", ["--dims"] = "2", ["--kinds"] = "random", ["--objectives"] = "neurons",
            ["--formulations"] = "benders", ["--time-limit"] = "5", ["--out"] = path,
        };
        options[option] = value;
        var r = CliRunner.Run(["bench", "mip", .. options.SelectMany(kv => new[] { kv.Key, kv.Value })]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains(option, r.Stderr);
        Assert.Equal("", r.Stdout);
        Assert.False(File.Exists(path));
    }
}
