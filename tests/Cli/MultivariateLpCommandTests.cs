using Verifier.Tests.Cli;
using Xunit;
using static Verifier.Tests.Cli.CliRunner;

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
}
