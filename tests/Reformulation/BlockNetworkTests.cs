using Verifier.Reformulation;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Reformulation;

/// <summary>Both directions of Lemma 4.1 (<see cref="BlockNetwork"/>) and the block cones (<see cref="BlockGroups"/>),
/// checked exactly on random rational data and networks.</summary>
public class BlockNetworkTests
{
    private static Rational Small(Random rng) => Rational.Create(rng.Next(-12, 13), rng.Next(1, 5));

    private static Dataset RandomData(Random rng, int n, int d)
    {
        var seen = new HashSet<string>();
        var xs = new List<Rational>();
        while (seen.Count < n)
        {
            var x = Enumerable.Range(0, d).Select(_ => Small(rng)).ToArray();
            if (seen.Add(string.Join(",", x))) xs.AddRange(x);
        }
        return Dataset.Create(d, xs.ToArray(), Enumerable.Range(0, n).Select(_ => Small(rng)).ToArray());
    }

    /// <summary>A network with repeated neurons (same pattern and sign), zero output weights and dead neurons.</summary>
    private static ShallowReluNetwork RandomNetwork(Random rng, int d, int width)
    {
        var neurons = new List<Neuron>();
        for (int k = 0; k < width; k++)
        {
            var w = Enumerable.Range(0, d).Select(_ => rng.Next(3) == 0 ? Rational.Zero : Small(rng)).ToArray();
            var v = rng.Next(6) == 0 ? Rational.Zero : Small(rng);
            neurons.Add(new Neuron(w, Small(rng), v));
            if (rng.Next(3) == 0) neurons.Add(new Neuron(w.Select(c => c * 2).ToArray(), neurons[^1].B * 2, v)); // same pattern and sign
        }
        return new ShallowReluNetwork(d, neurons, null);
    }

    private static bool SameOutputs(ShallowReluNetwork a, ShallowReluNetwork b, Dataset data) =>
        Enumerable.Range(0, data.Count).All(i => a.EvaluateExact(data.Input(i)) == b.EvaluateExact(data.Input(i)));

    [Fact]
    public void NetworkToBlocksToNetworkKeepsEveryOutputAndNeverIncreasesACount()
    {
        var rng = new Random(41);
        for (int trial = 0; trial < 200; trial++)
        {
            int d = rng.Next(1, 4), n = rng.Next(2, 8);
            var data = RandomData(rng, n, d);
            var lifted = LiftedInputs.Of(data);
            var net = RandomNetwork(rng, d, rng.Next(0, 6));
            var merged = BlockNetwork.Merge(net, lifted);
            Assert.True(SameOutputs(net, merged, data), $"trial {trial}: outputs differ after merging");
            Assert.True(SparsityMeasures.ActiveNeurons(merged) <= SparsityMeasures.ActiveNeurons(net));
            Assert.True(SparsityMeasures.NonzeroParameters(merged) <= SparsityMeasures.NonzeroParameters(net));
            Assert.True(SparsityMeasures.PathNorm(merged, 0.5) <= SparsityMeasures.PathNorm(net, 0.5) * (1 + 1e-12));

            // A network in block form is a fixed point: the round trip keeps outputs and every count exactly.
            var again = BlockNetwork.Merge(merged, lifted);
            Assert.True(SameOutputs(merged, again, data));
            Assert.Equal(SparsityMeasures.ActiveNeurons(merged), SparsityMeasures.ActiveNeurons(again));
            Assert.Equal(SparsityMeasures.NonzeroParameters(merged), SparsityMeasures.NonzeroParameters(again));
            Assert.Equal(merged.Neurons.Count, again.Neurons.Count);

            // Each block lies in the cone of its own strict pattern, and the blocks are distinct (pattern, sign) pairs.
            var blocks = BlockNetwork.ToBlocks(merged, lifted);
            Assert.Equal(blocks.Count, blocks.Select(b => (b.Mask, b.Block.Sign)).Distinct().Count());
            foreach (var (mask, block) in blocks)
                Assert.True(BlockNetwork.InCone(lifted, new ActivationPattern(mask, []), block.Weights));
        }
    }

    [Fact]
    public void TheLinearTermSurvivesTheRoundTrip()
    {
        var data = Dataset.Create(1, [0, 1, 2, 3], [1, 2, 5, 4]);
        var net = new ShallowReluNetwork(1, [new Neuron([1], -1, 2), new Neuron([1], -2, -3)], new LinearSkip([1], 1));
        var merged = BlockNetwork.Merge(net, LiftedInputs.Of(data));
        Assert.NotNull(merged.Skip);
        Assert.True(SameOutputs(net, merged, data));
    }

    [Fact]
    public void EveryGroupGeneratorIsTheOutputOfItsRayAsABlock()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 12; trial++)
        {
            int d = rng.Next(1, 3), n = rng.Next(3, 6);
            var data = RandomData(rng, n, d);
            var lifted = LiftedInputs.Of(data);
            var patterns = ActivationPatterns.Enumerate(data);
            Assert.True(patterns.Complete);
            foreach (var objective in new[] { SparsityObjective.Neurons, SparsityObjective.Parameters })
                foreach (var group in BlockGroups.Build(lifted, patterns, objective))
                {
                    int expectedCost = d == 1 ? (group.SupportMask == 1UL << d ? 0 : 1)
                        : objective == SparsityObjective.Neurons ? 1 : System.Numerics.BitOperations.PopCount(group.SupportMask);
                    Assert.Equal(expectedCost, group.Cost);
                    for (int r = 0; r < group.Rays.Length; r++)
                    {
                        var ray = group.Rays[r];
                        Assert.True(BlockNetwork.InCone(lifted, group.Pattern, ray), "a ray outside its pattern cone");
                        for (int k = 0; k <= d; k++)
                            if ((group.SupportMask >> k & 1) == 0) Assert.True(ray[k].IsZero, "a ray outside its support");
                        // The inverse of Lemma 4.1 applied to the ray alone outputs its generator on the data.
                        var lambda = new Rational[group.Rays.Length];
                        lambda[r] = Rational.One;
                        var net = BlockNetwork.ToNetwork(d, [BlockNetwork.FromRays(group, lambda)]);
                        for (int i = 0; i < n; i++)
                            Assert.Equal(group.Generators[r].Exact[i], net.EvaluateExact(data.Input(i)));
                    }
                }
        }
    }

    [Fact]
    public void TheBlockModelCoefficientsAreLemma41s()
    {
        var data = Dataset.Create(2, [0, 0, 1, 0, 0, 1, 1, 1], [1, 0, 0, 1]);
        var model = BlockModel.Build(data);
        Assert.True(model.PatternsComplete);
        Assert.Equal(2 * model.Patterns.Patterns.Count(p => p.Mask != 0), model.Blocks.Count);
        for (int b = 0; b < model.Blocks.Count; b++)
            for (int i = 0; i < data.Count; i++)
                for (int k = 0; k < model.Width; k++)
                {
                    var (pattern, sign) = model.Blocks[b];
                    var x = model.Lifted[i][k];
                    Assert.Equal(pattern.Contains(i) ? sign * x : Rational.Zero, model.InterpolationCoefficient(i, b, k));
                    Assert.Equal(pattern.Contains(i) ? x : -x, model.ConeCoefficient(i, b, k));
                }
    }
}

/// <summary>Zaslavsky's count: the closed form for independent normals agrees with the enumeration, and the
/// enumerated sum stops when cancelled (it is exponential in N, so a time limit must reach it).</summary>
public class ArrangementRegionsTests
{
    [Fact]
    public void IndependentNormalsGiveEverySignVectorAndTheEnumerationFindsThemAll()
    {
        // N = 6 points in d = 7: the lifted rows are independent, so all 2^6 sign vectors are regions.
        var rng = new Random(5);
        var xs = Enumerable.Range(0, 6 * 7).Select(_ => Rational.Create(rng.Next(-9, 10), rng.Next(1, 4))).ToArray();
        var data = Dataset.Create(7, xs, Enumerable.Range(0, 6).Select(i => Rational.FromInteger(i)).ToArray());
        var lifted = LiftedInputs.Of(data);
        Assert.Equal(64, ArrangementRegions.Count(lifted, 8));
        var patterns = ActivationPatterns.Enumerate(data);
        Assert.Equal(64, patterns.Patterns.Count);
        Assert.True(patterns.Complete);
    }

    [Fact]
    public void TheEnumeratedSumHonoursCancellation()
    {
        // Dependent normals (d = 1, N = 6): the sum is enumerated, so a cancelled token must stop it.
        var data = Dataset.Create(1, [.. Enumerable.Range(0, 6).Select(i => Rational.FromInteger(i))], [.. Enumerable.Range(0, 6).Select(_ => Rational.Zero)]);
        Assert.Equal(12, ArrangementRegions.Count(LiftedInputs.Of(data), 2)); // 2N regions of N distinct points on a line
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => ArrangementRegions.Count(LiftedInputs.Of(data), 2, cancelled.Token));
    }
}
