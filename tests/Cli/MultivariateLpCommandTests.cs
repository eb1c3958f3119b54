using Verifier.Cli.Commands;
using Verifier.Continuous.GlobalLp;
using Verifier.Tests.Cli;
using Xunit;
using static Verifier.Tests.Cli.CliRunner;
using Verifier.Orchestration.Drivers;

namespace Verifier.Tests.Cli;

public class MultivariateLpCommandTests
{
    private const string FourPoints = "x1,x2,y\n0,0,0\n1,0,1\n0,1,0\n1,1,1\n";

    [Fact]
    public void LpInTwoDimensionsIsCertifiedAndItsOutputPassesCheck()
    {
        using var data = new TempFile(FourPoints);
        using var net = TempFile.Empty();
        var r = Run("lp", data.Path, "--p", "0.5", "--json", "--out", net.Path);
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        foreach (var field in new[] { "p", "value", "neurons", "parameters", "certified", "lowerBound", "upperBound", "network", "method", "status", "verified", "seconds", "gap" })
            Assert.True(j.ContainsKey(field), $"missing {field}");
        Assert.True((bool)j["certified"]!);
        Assert.True((bool)j["verified"]!);
        Assert.Equal("optimal", (string)j["status"]!);
        Assert.Equal(1.0, (double)j["value"]!, 1e-12); // y = x1: one weight 1 alone, proven optimal
        Assert.Equal(1, (int)j["parameters"]!);
        var check = Run("check", data.Path, net.Path, "--json");
        Assert.Equal(0, check.ExitCode);
        Assert.True((bool)check.Json["interpolates"]!);
    }

    [Fact]
    public void LpRejectsANonPositiveTimeLimit()
    {
        using var data = new TempFile(FourPoints);
        var r = Run("lp", data.Path, "--p", "0.5", "--time-limit", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--time-limit", r.Stderr);
    }

    [Fact]
    public void PStarInTwoDimensionsIsAnEstimateWithItsMethod()
    {
        using var data = new TempFile("x1,x2,y\n0,0,0.5\n1,0,0.5\n0,1,0.5\n");
        var r = Run("pstar", data.Path, "--json", "--time-limit", "10");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        Assert.False((bool)j["exact"]!);
        Assert.Equal(1, (int)j["sparsest"]!);
        Assert.Contains("grid", (string)j["method"]!);
        Assert.True(j.ContainsKey("pStar"));
    }

    /// <summary>Finding (b): at p = 0.002 the box V^{1/p} overflows; the JSON must be complete and valid (exit 0),
    /// with null for any non-finite number.</summary>
    [Fact]
    public void LpWithATinyExponentWritesCompleteJson()
    {
        var r = Run("lp", TestData.Example("planted-2d.csv"), "--p", "0.002", "--json", "--time-limit", "3");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        Assert.NotNull(j["network"]);
        double lower = (double)j["lowerBound"]!, upper = (double)j["upperBound"]!;
        Assert.True(lower >= 0 && lower <= upper * (1 + 1e-9), $"bounds [{lower}, {upper}]");
        Assert.Contains((string)j["status"]!, new[] { "optimal", "feasible" });
    }

    /// <summary>Finding (g): --time-limit is validated before any work in every dimension (1-D ignores it otherwise).</summary>
    [Theory]
    [InlineData("lp", "0")]
    [InlineData("lp", "-1")]
    [InlineData("lp", "Infinity")]
    [InlineData("pstar", "0")]
    [InlineData("pstar", "NaN")]
    public void ABadTimeLimitIsRejectedAlsoInOneDimension(string command, string limit)
    {
        using var data = new TempFile("x,y\n0,0\n1,1\n2,0\n");
        var args = command == "lp" ? new[] { "lp", data.Path, "--p", "0.5", "--time-limit", limit } : new[] { "pstar", data.Path, "--time-limit", limit };
        var r = Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--time-limit", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    /// <summary>Finding (d): bench lp prints the shared status vocabulary, not the solver's raw enum.</summary>
    [Fact]
    public void BenchLpPrintsTheSparsestStatusVocabulary()
    {
        var r = Run("bench", "lp", "--points", "2..3", "--dims", "2", "--p", "0.5", "--time-limit", "20");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("| optimal | True |", r.Stdout);
        Assert.DoesNotContain("TreeExhausted", r.Stdout);
        Assert.DoesNotContain("Optimal", r.Stdout);
    }

    [Fact]
    public void BenchLpRejectsAMalformedRange()
    {
        var r = Run("bench", "lp", "--points", "2..x");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--points", r.Stderr);
    }

    /// <summary>Finding (e): when the smallest probe is certified but its minimiser is not sparsest, the headline says
    /// so (it used to claim no certified probe); "not sparsest" is said of certified minimisers only.</summary>
    [Fact]
    public void PStarHeadlineNamesTheCertifiedNonSparsestProbe()
    {
        var probes = new[]
        {
            new PStarProbe(0.9, false, 9, 1.0, 2.0),
            new PStarProbe(0.2, true, 7, 1.5, 1.5),
            new PStarProbe(0.1, true, 7, 1.2, 1.2),
        };
        var r = new MultivariatePStarResult(5, null, 0.1, probes, "grid");
        string line = MultivariatePStarReport.Headline("d.csv", r, 10);
        Assert.DoesNotContain("no probed p gave", line);
        Assert.Contains("p = 0.1", line);
        Assert.Contains("certified minimiser there has 7 parameters", line);

        var uncertifiedOnly = new MultivariatePStarResult(5, null, null, [new PStarProbe(0.5, false, 9, 1, 2)], "grid");
        line = MultivariatePStarReport.Headline("d.csv", uncertifiedOnly, 10);
        Assert.Contains("no probe was certified", line);
        Assert.DoesNotContain("not sparsest", line);

        var estimate = new MultivariatePStarResult(5, 0.3, 0.4, [new PStarProbe(0.3, true, 5, 1, 1), new PStarProbe(0.4, true, 6, 1, 1)], "grid");
        line = MultivariatePStarReport.Headline("d.csv", estimate, 10);
        Assert.Contains("0.3", line);
        Assert.Contains("smallest probe whose certified minimiser is not sparsest: p = 0.4 (6 parameters)", line);
    }
}
