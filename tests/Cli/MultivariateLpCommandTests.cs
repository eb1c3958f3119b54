using Verifier.Cli.Commands;
using Verifier.Continuous.GlobalLp;
using Verifier.Tests.Cli;
using Xunit;
using static Verifier.Tests.Cli.CliRunner;
using Verifier.Orchestration.Drivers;
using Verifier.Shared.Networks;

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
        // Four points are tiny: the README's method for them, with an exact basic solution.
        Assert.Equal("global-lp-vertex-enumeration", (string)j["method"]!);
        Assert.True((bool)j["basic"]!);
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

    /// <summary>Three points with one label 0.5: the bias alone (1 parameter, cost 0.5^p) beats every other interpolant
    /// (Σ|z| ≥ 0.5 and subadditivity), so p* = 1. The data being tiny, every basic solution is enumerated: the lower end
    /// is proven all the way to 1 and the bracket is exact, with both proofs and the Thm 4.1 constant reported.</summary>
    [Fact]
    public void PStarInTwoDimensionsIsACertifiedBracketWithItsProofs()
    {
        using var data = new TempFile("x1,x2,y\n0,0,0.5\n1,0,0.5\n0,1,0.5\n");
        var r = Run("pstar", data.Path, "--json", "--time-limit", "10");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        foreach (var field in new[] { "pStar", "exact", "lower", "upper", "sparsest", "method", "lowerProof", "upperProof", "basicSolutionBounds", "probes" })
            Assert.True(j.ContainsKey(field), $"missing {field}");
        Assert.True((bool)j["exact"]!);
        Assert.Equal("exact", (string)j["pStarIs"]!);
        Assert.Equal(1, (int)j["sparsest"]!);
        Assert.Contains("every basic solution of the ℓ^p problem was enumerated", (string)j["method"]!);
        Assert.Equal(1.0, (double)j["lower"]!);
        Assert.Equal(1.0, (double)j["upper"]!);
        double theorem = (double)j["theoremConstant"]!;
        Assert.True(0 < theorem && theorem < 1, $"Thm 4.1 constant {theorem}"); // weaker than the enumeration's lower end
        Assert.Contains("every basic solution was enumerated", (string)j["lowerProof"]!);
        Assert.Contains("by definition", (string)j["upperProof"]!);
        Assert.Empty(j["probes"]!.AsArray());
        var set = j["sparsestNetworks"]!.AsObject();
        Assert.True((bool)set["complete"]!);
        Assert.True((int)set["count"]! >= 1);
    }

    /// <summary>Two planar points whose certified minimiser is sparsest at p = 0.2 and not at 0.3: the enumeration of
    /// basic solutions proves the upper end by a non-sparsest candidate cheaper than every sparsest one, and the
    /// bracket inside (0.2, 0.3] is exact.</summary>
    [Fact]
    public void PStarInTwoDimensionsProvesItsUpperEndByACheaperNonSparsestCandidate()
    {
        using var data = new TempFile("x1,x2,y\n-0.3,0.1,0\n0.1,1.2,-1\n");
        var j = Run("pstar", data.Path, "--json", "--time-limit", "10").Json;
        double lower = (double)j["lower"]!, upper = (double)j["upper"]!;
        Assert.True(lower > 0.2 && upper <= 0.3 && upper - lower <= 1e-9, $"[{lower}, {upper}]");
        Assert.True((bool)j["exact"]!);
        Assert.Contains("costs strictly less than every sparsest candidate", (string)j["upperProof"]!);
        Assert.True((bool)j["sparsestNetworks"]!["complete"]!);
    }

    [Fact]
    public void PStarOfZeroLabelsIsExactlyOne()
    {
        using var data = new TempFile("x1,x2,y\n0,0,0\n1,0,0\n");
        var j = Run("pstar", data.Path, "--json").Json;
        Assert.True((bool)j["exact"]!);
        Assert.Equal(1.0, (double)j["lower"]!);
        Assert.Equal(1.0, (double)j["upper"]!);
        Assert.Equal(0, (int)j["sparsest"]!);
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

    /// <summary>Finding (d): bench lp prints the shared status vocabulary, not the solver's raw enum, and says which
    /// method produced each row.</summary>
    [Fact]
    public void BenchLpPrintsTheSparsestStatusVocabulary()
    {
        var r = Run("bench", "lp", "--points", "2..3", "--dims", "2", "--p", "0.5", "--time-limit", "20");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("| optimal | True |", r.Stdout);
        Assert.Contains("| enum | – | optimal | True |", r.Stdout); // tiny data: every basic solution, no blocks built
        Assert.DoesNotContain("TreeExhausted", r.Stdout);
        Assert.DoesNotContain("Optimal", r.Stdout);
        // --json: an enumerated row's "blocks" is null (not applicable), never the string "–"; "method" says "enum".
        var json = Run("bench", "lp", "--points", "2..2", "--dims", "2", "--p", "0.5", "--time-limit", "20", "--json");
        Assert.Equal(0, json.ExitCode);
        var row = json.Json["rows"]!.AsArray()[0]!.AsObject();
        Assert.Equal("enum", (string)row["method"]!);
        Assert.True(row.ContainsKey("blocks") && row["blocks"] is null, $"blocks = {row["blocks"]?.ToJsonString()}");
    }

    [Fact]
    public void BenchLpRejectsAMalformedRange()
    {
        var r = Run("bench", "lp", "--points", "2..x");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--points", r.Stderr);
    }

    /// <summary>Finding (e): when the smallest probe is certified but its minimiser is not sparsest, the headline says
    /// so (it used to claim no certified probe); "not sparsest" is said of certified minimisers only; the bracket is
    /// always stated as certified and the estimate as an estimate.</summary>
    [Fact]
    public void PStarHeadlineNamesTheCertifiedNonSparsestProbe()
    {
        var net = new ShallowReluNetwork(2, [], null);
        PStarBracketResult Bracket(double lower, double upper, double estimate, double? evidence) =>
            new(lower, upper, estimate, 0, 0.001, evidence is double e ? new PStarEvidence(e, true, net) : null, []);
        var probes = new[]
        {
            new PStarProbe(0.9, false, 9, 1.0, 2.0),
            new PStarProbe(0.2, true, 7, 1.5, 1.5),
            new PStarProbe(0.1, true, 7, 1.2, 1.2),
        };
        var r = new MultivariatePStarResult(5, Bracket(0.003, 0.1, 0.003, 0.1), probes, "m");
        string line = MultivariatePStarReport.Headline("d.csv", r, 10);
        Assert.Contains("p* ∈ [0.003, 0.1]", line);
        Assert.Contains("certified", line);
        Assert.Contains("no probe below p = 0.1 was certified sparsest, and the certified minimiser there has 7 parameters", line);

        var uncertifiedOnly = new MultivariatePStarResult(5, Bracket(0.003, 1, 0.003, null), [new PStarProbe(0.5, false, 9, 1, 2)], "m");
        line = MultivariatePStarReport.Headline("d.csv", uncertifiedOnly, 10);
        Assert.Contains("no probe was certified sparsest", line);
        Assert.DoesNotContain("not sparsest", line);

        var estimate = new MultivariatePStarResult(5, Bracket(0.003, 0.4, 0.3, 0.4), [new PStarProbe(0.3, true, 5, 1, 1), new PStarProbe(0.4, true, 6, 1, 1)], "m");
        line = MultivariatePStarReport.Headline("d.csv", estimate, 10);
        Assert.Contains("estimate 0.3", line);
        Assert.Contains("smallest probe whose certified minimiser is not sparsest: p = 0.4 (6 parameters)", line);

        var unproven = new MultivariatePStarResult(null, null, [], "m");
        Assert.Contains("no bracket", MultivariatePStarReport.Headline("d.csv", unproven, 10));
    }
}
