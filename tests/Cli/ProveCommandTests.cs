using Xunit;
using static Verifier.Tests.Cli.CliRunner;

namespace Verifier.Tests.Cli;

/// <summary><c>verifier prove</c>: the proof catalogue run outside the test runner, as users put it in their CI.</summary>
public class ProveCommandTests
{
    [Fact]
    public void EveryResultHoldsOnTheRealBuildAndTheJsonHasItsShape()
    {
        var r = Run("prove", "--seed", "20251125", "--json");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var j = r.Json;
        Assert.True((bool)j["passed"]!);
        Assert.Equal(20251125UL, (ulong)j["seed"]!);
        var results = j["results"]!.AsArray();
        foreach (var name in new[] { "Prop3_1_VariationalEquivalence", "Thm3_1_Structure", "Cor3_1_1_AtMostNMinus2Knots",
                     "Cor3_1_2_PathNormAndLipschitz", "Thm3_2_SmallPRecoversSparsest", "Prop4_1_AtMostNNeurons", "Cover_PatternCount",
                     "Lemma4_1_Reformulation", "Claim10_MipEqualsUnivariate", "Thm3_1_DynamicProgrammeEqualsBruteForce", "Thm4_1_SmallPRecoversSparsest" })
            Assert.Contains(results, x => (string?)x!["result"] == name);
        foreach (var result in results)
        {
            Assert.True((bool)result!["passed"]!);
            Assert.NotNull(result["statement"]);
            Assert.NotNull(result["seconds"]);
            var properties = result["properties"]!.AsArray();
            Assert.NotEmpty(properties);
            Assert.Equal((int)result["tried"]!, properties.Sum(p => (int)p!["tried"]!));
            foreach (var p in properties)
            {
                Assert.True((int)p!["tried"]! >= 1);
                Assert.True((bool)p["passed"]!);
                foreach (var field in new[] { "property", "law", "seconds" }) Assert.NotNull(p[field]);
                Assert.Null(p["counterexample"]);
            }
        }
    }

    [Fact]
    public void CasesAndResultSelectOneResultAndTheTableNamesIt()
    {
        var r = Run("prove", "--result", "thm3_1_structure", "--cases", "7", "--seed", "3");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Thm3_1_Structure", r.Stdout);
        Assert.Contains("TwoPointRunHasOneKnotWhereTheNeighbouringLinesMeet", r.Stdout);
        Assert.DoesNotContain("Cover_PatternCount", r.Stdout);
        Assert.Contains("seed 3", r.Stdout);
        var j = Run("prove", "--result", "Thm3_1_Structure/TwoPointRunHasOneKnotWhereTheNeighbouringLinesMeet", "--cases", "7", "--json").Json;
        var property = Assert.Single(j["results"]!.AsArray()[0]!["properties"]!.AsArray());
        Assert.Equal(7, (int)property!["tried"]!);
    }

    [Fact]
    public void ReplayRunsOneCase()
    {
        var j = Run("prove", "--result", "Cor3_1_1_AtMostNMinus2Knots/SparsestAndMinVpNetworksHaveAtMostNMinus2KnotsAndInterpolate",
            "--replay", "12345,7,10", "--json").Json;
        Assert.Equal(1, (int)j["results"]!.AsArray()[0]!["tried"]!);
        Assert.Equal("12345,7,10", (string?)j["replay"]);
    }

    [Theory]
    [InlineData("unknown result 'NoSuchResult'", "--result", "NoSuchResult")]
    [InlineData("has no property 'Nope'", "--result", "Thm3_1_Structure/Nope")]
    [InlineData("--cases must be positive", "--cases", "0")]
    [InlineData("--replay needs --result", "--replay", "1,3")]
    [InlineData("--replay needs --result Result/Property", "--result", "Thm3_1_Structure", "--replay", "1,3")]
    [InlineData("odd gamma", "--result", "Thm3_1_Structure/TwoPointRunHasOneKnotWhereTheNeighbouringLinesMeet", "--replay", "1,2")]
    public void BadUsageExitsWithTwoAndOneLine(string message, params string[] args)
    {
        var r = Run(["prove", .. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr);
        Assert.Equal("", r.Stdout);
    }
}
