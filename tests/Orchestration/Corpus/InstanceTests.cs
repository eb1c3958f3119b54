using Verifier.Orchestration.Corpus;
using Xunit;
using Verifier.Orchestration.Data;

namespace Verifier.Tests.Orchestration.Corpus;

public class InstanceTests
{
    [Fact]
    public void SplitMix64MatchesTheReferenceStream()
    {
        // Reference values of splitmix64.c (Vigna) started from state 0.
        var rng = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, rng.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, rng.NextUInt64());
    }

    [Fact]
    public void InstanceSeedsAreStableAndDistinct()
    {
        // The documented formula, evaluated independently of InstanceSeed.Derive's code path.
        ulong expected = InstanceSeed.Mix(InstanceSeed.Mix(7) ^ unchecked(3UL * 0x9E3779B97F4A7C15UL));
        Assert.Equal(expected, InstanceSeed.Derive(7, 2));
        var seeds = Enumerable.Range(0, 10_000).Select(i => InstanceSeed.Derive(7, i)).ToHashSet();
        Assert.Equal(10_000, seeds.Count);
        Assert.NotEqual(InstanceSeed.Derive(7, 0), InstanceSeed.Derive(8, 0));
    }

    [Fact]
    public void BoundedDrawsStayInRangeAndHitBothEnds()
    {
        var rng = new SplitMix64(42);
        var draws = Enumerable.Range(0, 2000).Select(_ => rng.Next(-3, 3)).ToArray();
        Assert.All(draws, v => Assert.InRange(v, -3, 3));
        Assert.Contains(-3L, draws);
        Assert.Contains(3L, draws);
    }

    [Theory]
    [InlineData(InstanceKind.Random, 1, 40)]
    [InlineData(InstanceKind.Random, 3, 12)]
    [InlineData(InstanceKind.Planted, 1, 30)]
    [InlineData(InstanceKind.Planted, 2, 9)]
    [InlineData(InstanceKind.Grid, 1, 17)]
    [InlineData(InstanceKind.Grid, 2, 10)]
    public void GeneratedDataHaveDistinctInputsInTheUnitBox(InstanceKind kind, int dim, int points)
    {
        var instance = InstanceGenerators.Generate(kind, points, dim, new SplitMix64(InstanceSeed.Derive(5, points)));
        var data = instance.Data;
        Assert.Equal(points, data.Count); // Dataset.Create merges repeats, so the count proves distinctness
        Assert.Equal(dim, data.Dimension);
        for (int i = 0; i < data.Count; i++)
            foreach (var x in data.Input(i).ToArray()) Assert.True(x >= -1 && x <= 1);
        if (kind != InstanceKind.Planted)
            Assert.All(data.Labels.ToArray(), y => Assert.True(y >= -1 && y <= 1 && (y * 1000).IsInteger));
    }

    [Fact]
    public void GridInputsLieOnTheLattice()
    {
        var data = InstanceGenerators.Generate(InstanceKind.Grid, 10, 2, new SplitMix64(3)).Data;
        // m = ⌈√10⌉ + 1 = 5 points per axis: multiples of h = 1/2.
        for (int i = 0; i < data.Count; i++)
            foreach (var x in data.Input(i).ToArray()) Assert.True((x * 2).IsInteger);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void PlantedLabelsComeFromThePlantedNetwork(int dim)
    {
        var instance = InstanceGenerators.Generate(InstanceKind.Planted, 12, dim, new SplitMix64(11));
        var net = instance.Planted!;
        Assert.InRange(net.Neurons.Count, 2, 3);
        for (int i = 0; i < instance.Data.Count; i++)
            Assert.Equal(instance.Data.Y(i), net.EvaluateExact(instance.Data.Input(i)));
    }

    [Fact]
    public void TheSameSeedGivesTheSameInstance()
    {
        static string Show(InstanceKind k) =>
            Verifier.Orchestration.Corpus.CorpusRecordBuilder.DataJson(InstanceGenerators.Generate(k, 15, 2, new SplitMix64(99)).Data).ToJsonString();
        foreach (var kind in Enum.GetValues<InstanceKind>()) Assert.Equal(Show(kind), Show(kind));
        Assert.NotEqual(Show(InstanceKind.Random), Show(InstanceKind.Grid));
    }
}
