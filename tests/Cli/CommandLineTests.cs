using Xunit;
using static Verifier.Tests.Cli.CliRunner;

namespace Verifier.Tests.Cli;

public class CommandLineTests
{
    [Theory]
    [InlineData("peak-plateau.csv", 3)]
    [InlineData("pstar-switch.csv", 2)]
    [InlineData("zero-curvature-split.csv", 2)]
    public void SparsestOnTheBundledExamples(string file, int neurons)
    {
        var r = Run("sparsest", TestData.Example(file), "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        Assert.Equal("optimal", (string?)j["status"]);
        Assert.Equal(neurons, (int)j["neurons"]!);
        Assert.Equal(neurons, (int)j["lowerBound"]!);
        Assert.True((bool)j["verified"]!);
        foreach (var field in new[] { "method", "objective", "parameters", "seconds", "network" }) Assert.NotNull(j[field]);
    }

    /// <summary>--recheck-bound adds the hitting-set re-check of the depth-first master's bound (d ≥ 2); without it the
    /// search's own exhaustion is the proof.</summary>
    [Fact]
    public void RecheckBoundAddsTheHittingSetProof()
    {
        var plain = Run("sparsest", TestData.Example("planted-2d.csv"), "--json").Json;
        var rechecked = Run("sparsest", TestData.Example("planted-2d.csv"), "--recheck-bound", "--json").Json;
        Assert.Equal("optimal", (string?)rechecked["status"]);
        Assert.Equal((int)plain["parameters"]!, (int)rechecked["parameters"]!);
        Assert.DoesNotContain("hitting-set", (string)plain["proof"]!);
        Assert.Contains("re-checked as a hitting-set fact", (string)rechecked["proof"]!);
        Assert.NotNull(rechecked["statistics"]!["boundCheckNodes"]);
    }

    [Theory]
    [InlineData("0.5", 3)]
    [InlineData("0.1", 2)]
    public void LpOnThePStarSwitch(string p, int neurons)
    {
        var j = Run("lp", TestData.Example("pstar-switch.csv"), "--p", p, "--json").Json;
        Assert.Equal(neurons, (int)j["neurons"]!);
        Assert.True((bool)j["certified"]!);
        foreach (var field in new[] { "p", "value", "parameters", "lowerBound", "upperBound", "network" }) Assert.NotNull(j[field]);
    }

    [Fact]
    public void PStarOnTheSwitchExample()
    {
        var j = Run("pstar", TestData.Example("pstar-switch.csv"), "--json").Json;
        Assert.Equal(0.1807, (double)j["pStar"]!, 4);
        Assert.Equal(2, (int)j["sparsest"]!);
        Assert.NotNull(j["exact"]);
        Assert.NotNull(j["method"]);
        Assert.Null(j["pStarExact"]); // an irrational crossing: a certified bracket only
    }

    [Fact]
    public void PStarReportsAnExactRationalTieExactly()
    {
        // Issue 15: slope changes (1, 8, 8, 1); the sparsest split costs 2·9^p, the best 3-knot one 2 + 16^p: p* = 1/2.
        using var f = new TempFile("0,0\n1,0\n2,1\n3,10\n4,27\n5,45\n");
        var j = Run("pstar", f.Path, "--json").Json;
        Assert.Equal("1/2", (string?)j["pStarExact"]);
        Assert.True((bool)j["exact"]!);
        Assert.True((double)j["lower"]! <= 0.5 && 0.5 <= (double)j["upper"]!);
    }

    [Theory]
    [InlineData("sparsest")]
    [InlineData("lp")]
    public void CheckAcceptsWhatTheSolversWriteAndRejectsAPerturbation(string command)
    {
        using var net = TempFile.Empty();
        var data = TestData.Example("peak-plateau.csv");
        var args = command == "lp" ? new[] { "lp", data, "--p", "0.4", "--out", net.Path } : new[] { "sparsest", data, "--out", net.Path };
        Assert.Equal(0, Run(args).ExitCode);
        var ok = Run("check", data, net.Path, "--json");
        Assert.Equal(0, ok.ExitCode);
        Assert.True((bool)ok.Json["interpolates"]!);
        Assert.NotNull(ok.Json["pathNorm"]!["0.5"]);

        var text = File.ReadAllText(net.Path);
        var perturbed = text.Replace("\"v\": \"-2\"", "\"v\": \"-2000001/1000000\"");
        Assert.NotEqual(text, perturbed);
        using var bad = new TempFile(perturbed, ".json");
        var rejected = Run("check", data, bad.Path, "--json");
        Assert.Equal(1, rejected.ExitCode);
        Assert.False((bool)rejected.Json["interpolates"]!);
    }

    [Theory]
    [InlineData("x,y\n1,2\n2,3,4\n", "ragged", ":3:")]
    [InlineData("x,y\n1,2\n2,abc\n", "not a number", ":3:")]
    [InlineData("1,2\n2,nan\n", "non-finite", ":2:")]
    [InlineData("x,y\n", "no points", "")]
    [InlineData("0,1\n1,2\n0,5\n", "no interpolating network exists", "lines 1 and 3")]
    public void BadInputExitsWithCodeTwoAndOneLine(string csv, string reason, string where)
    {
        using var f = new TempFile(csv);
        var r = Run("sparsest", f.Path, "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        var lines = r.Stderr.Trim().Split('\n');
        Assert.Single(lines);
        Assert.Contains(reason, lines[0]);
        Assert.Contains(where, lines[0]);
    }

    [Fact]
    public void MissingFileAndBadUsageExitWithCodeTwo()
    {
        Assert.Equal(2, Run("sparsest", "/nonexistent/data.csv").ExitCode);
        Assert.Equal(2, Run("lp", TestData.Example("peak-plateau.csv"), "--p", "1.5").ExitCode);
        Assert.Equal(2, Run("sparsest", TestData.Example("peak-plateau.csv"), "--objective", "weights").ExitCode);
        Assert.Equal(2, Run("frobnicate").ExitCode);
    }

    [Fact]
    public void FailedRunLeavesNoOutputFile()
    {
        using var f = new TempFile("0,1\n0,2\n");
        var outPath = Path.Combine(Path.GetTempPath(), $"verifier-test-{Guid.NewGuid():N}.json");
        Assert.Equal(2, Run("sparsest", f.Path, "--out", outPath).ExitCode);
        Assert.False(File.Exists(outPath));
    }

    [Theory]
    [InlineData("neurons", 2)]
    [InlineData("parameters", 5)]
    public void MultivariateDataAreSolvedExactly(string objective, int expected)
    {
        using var f = new TempFile("0,0,1\n1,0,0\n0,1,0\n1,1,1\n");
        using var net = TempFile.Empty();
        var r = Run("sparsest", f.Path, "--objective", objective, "--json", "--out", net.Path);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("optimal", (string?)r.Json["status"]);
        Assert.Equal(expected, (int)r.Json[objective]!);
        Assert.Equal(expected, (int)r.Json["lowerBound"]!);
        Assert.True((bool)r.Json["verified"]!);
        Assert.Equal(0, Run("check", f.Path, net.Path).ExitCode);
    }

    /// <summary>`sparsest` and `lp` take --time-limit for the whole command (issue 14: 3.9 s for a 2 s limit in d = 40):
    /// the solver only gets what start-up and reading left, less the answer's reserve, and never nothing.</summary>
    [Fact]
    public void TheSolverBudgetIsWhatTheCommandsLimitLeaves()
    {
        double before = Verifier.Cli.CommonOptions.SinceProcessStart();
        Assert.True(before > 0, "the process has been running");
        double budget = Verifier.Cli.CommonOptions.SolverSeconds(1000);
        Assert.True(budget <= 1000 - before - Verifier.Cli.CommonOptions.AnswerReserveSeconds, $"budget {budget} after {before} s");
        Assert.True(budget > 1000 - Verifier.Cli.CommonOptions.SinceProcessStart() - 1, $"budget {budget}");
        Assert.Equal(1e-3, Verifier.Cli.CommonOptions.SolverSeconds(1e-6));
    }

    /// <summary>A limit CancellationTokenSource cannot represent (above ~24.8 days, or infinite) used to be an
    /// internal error (exit 3); every solver command now refuses it up front.</summary>
    [Theory]
    [InlineData("sparsest", "1e7")]
    [InlineData("sparsest", "Infinity")]
    [InlineData("sparsest", "0")]
    [InlineData("lp", "1e7")]
    public void AnUnusableTimeLimitIsAUsageError(string command, string limit)
    {
        using var f = new TempFile("0,0,1\n1,0,0\n0,1,0\n1,1,1\n");
        var args = command == "lp" ? new[] { "lp", f.Path, "--p", "0.5", "--time-limit", limit } : new[] { command, f.Path, "--time-limit", limit };
        var r = Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--time-limit", r.Stderr);
    }

    /// <summary>d ≤ 63 is checked before any enumeration, so even a limit that runs out at once reports it.</summary>
    [Fact]
    public void InputDimensionAboveSixtyThreeIsRejectedBeforeAnyWork()
    {
        using var f = new TempFile(string.Join(",", Enumerable.Repeat("1", 64)) + ",2\n");
        var r = Run("sparsest", f.Path, "--time-limit", "1e-9");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("d ≤ 63", r.Stderr);
    }

    [Fact]
    public void TheDirectBigMBaselineNeverClaimsOptimality()
    {
        using var f = new TempFile("0,0,1\n1,0,0\n0,1,0\n1,1,1\n");
        var r = Run("sparsest", f.Path, "--formulation", "direct", "--objective", "neurons", "--time-limit", "20", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.NotEqual("optimal", (string?)r.Json["status"]);
        Assert.Equal(0, (int)r.Json["lowerBound"]!);
        if ((string?)r.Json["status"] == "feasible") Assert.True((bool)r.Json["verified"]!);
    }

    [Fact]
    public void DuplicatesAreMergedWithAWarning()
    {
        using var f = new TempFile("0,1\n1,2\n0,1\n2,0\n");
        var r = Run("sparsest", f.Path, "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("warning", r.Stderr);
        Assert.Equal(3, (int)r.Json["points"]!);
    }

    [Theory]
    [InlineData("--dim", "64", "--points", "3")]
    [InlineData("--dim", "2", "--points", "65")]
    [InlineData("--dim", "2", "--points", "4..65")]
    public void GenerateBeyondTheExactSolversLimitsIsAUsageErrorAndWritesNothing(params string[] shape)
    {
        var corpus = Path.Combine(Path.GetTempPath(), $"verifier-gen-{Guid.NewGuid():N}.jsonl");
        var r = Run(["generate", .. shape, "--count", "1", "--seed", "1", "--out", corpus]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("exact multivariate solver", r.Stderr);
        Assert.False(File.Exists(corpus));
    }

    [Fact]
    public void ThreadsAboveTheCapAreRefused()
    {
        var r = Run("sparsest", TestData.Example("planted-2d.csv"), "--threads", "100000");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--threads", r.Stderr);
    }
}
