using System.Text.Json.Nodes;
using Verifier.Continuous.Corpus;
using Verifier.Exact.Problems;
using Xunit;

namespace Verifier.Tests.Corpus;

public class CorpusRecordTests
{
    private static CorpusSpec Spec(int dim, InstanceKind kind, params double[] ps) =>
        new(dim, 4, 9, 20, Seed: 5, kind, Objective: null, ps, TimeLimitSeconds: 30);

    private static string WithoutTimings(JsonObject record)
    {
        var copy = JsonNode.Parse(record.ToJsonString())!.AsObject();
        Assert.NotNull(copy["timings"]);
        copy.Remove("timings");
        return copy.ToJsonString();
    }

    [Theory]
    [InlineData(InstanceKind.Random)]
    [InlineData(InstanceKind.Planted)]
    [InlineData(InstanceKind.Grid)]
    public void AUnivariateRecordDependsOnlyOnTheSpecAndItsIndex(InstanceKind kind)
    {
        var spec = Spec(1, kind, 0.25, 0.75);
        for (int i = 0; i < 6; i++)
        {
            var a = CorpusRecordBuilder.Build(spec, i);
            var b = CorpusRecordBuilder.Build(spec, i);
            Assert.Equal(WithoutTimings(a.Json), WithoutTimings(b.Json));
            Assert.Equal(SolveStatus.Optimal, a.Status);
            Assert.Equal(i, (long)a.Json["id"]!);
            Assert.Equal(spec.PointsOf(i), ((JsonArray)a.Json["data"]!["y"]!).Count);
            Assert.Equal(2, ((JsonArray)a.Json["lp"]!).Count);
            Assert.NotNull(a.Json["pStar"]);
        }
        Assert.NotEqual(WithoutTimings(CorpusRecordBuilder.Build(spec, 0).Json), WithoutTimings(CorpusRecordBuilder.Build(spec with { Seed = 6 }, 0).Json));
    }

    [Fact]
    public void PlantedUnivariateCountsNeverExceedThePlantedNetworkAndAreUsuallyPositive()
    {
        var spec = Spec(1, InstanceKind.Planted) with { MinPoints = 20, MaxPoints = 30 };
        int positive = 0;
        for (int i = 0; i < 20; i++)
        {
            var r = CorpusRecordBuilder.Build(spec, i).Json;
            int count = (int)r["sparsest"]!["count"]!;
            int planted = ((JsonArray)r["generator"]!["planted"]!["exact"]!["neurons"]!).Count;
            Assert.InRange(count, 0, planted);
            if (count > 0) positive++;
        }
        Assert.True(positive >= 15, $"only {positive} of 20 planted instances bend the labels");
    }

    [Fact]
    public void AMultivariateRecordHasHonestBoundsAndNoLpYet()
    {
        var r = CorpusRecordBuilder.Build(Spec(2, InstanceKind.Planted, 0.5) with { MinPoints = 4, MaxPoints = 4 }, 0).Json;
        var s = r["sparsest"]!;
        Assert.Equal("optimal", (string?)s["status"]);
        Assert.Equal((int)s["count"]!, (int)s["lowerBound"]!);
        Assert.Equal("parameters", (string?)r["objective"]);
        Assert.False((bool)r["skip"]!);
        Assert.Null(r["lp"]);
        Assert.Equal(MultivariateLpSlot.UnavailableReason, (string?)r["lpReason"]);
        Assert.Null(r["pStar"]);
        Assert.NotNull(r["pStarReason"]);
    }
}
