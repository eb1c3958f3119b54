using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Orchestration.Data;

/// <summary>
/// The benchmarks' data (<c>bench mip</c>, <c>bench lp</c>, the <c>paper-random</c> preset of <c>train</c>): seeded
/// with <see cref="System.Random"/>, so a (N, d, seed) triple always gives the same dataset and the tables in docs/
/// stay comparable. Corpora use <see cref="InstanceGenerators"/> (SplitMix64 streams per instance id) instead.
/// </summary>
public static class BenchmarkData
{
    private static Rational Milli(System.Random rng) => Rational.Create(rng.Next(-1000, 1001), 1000);

    /// <summary>Distinct random inputs with 3 decimals and labels uniform on [−1, 1] (3 decimals).</summary>
    public static Dataset Random(int n, int d, int seed)
    {
        var rng = new System.Random(seed);
        var xs = new List<Rational>();
        var seen = new HashSet<string>();
        while (seen.Count < n)
        {
            var x = Enumerable.Range(0, d).Select(_ => Milli(rng)).ToArray();
            if (seen.Add(string.Join(",", x))) xs.AddRange(x);
        }
        return Dataset.Create(d, xs.ToArray(), Enumerable.Range(0, n).Select(_ => Milli(rng)).ToArray());
    }

    /// <summary>Random inputs labelled by a random network of 2 or 3 neurons with 1-decimal weights (no skip).</summary>
    public static Dataset Planted(int n, int d, int seed)
    {
        var rng = new System.Random(seed);
        int k = 2 + rng.Next(2);
        var neurons = Enumerable.Range(0, k).Select(_ => new Neuron(
            Enumerable.Range(0, d).Select(_ => Rational.Create(rng.Next(-10, 11), 10)).ToArray(),
            Rational.Create(rng.Next(-10, 11), 10), rng.Next(2) == 0 ? Rational.One : Rational.MinusOne)).ToArray();
        var net = new ShallowReluNetwork(d, neurons, d == 1 ? new LinearSkip([Rational.Zero], Rational.Zero) : null);
        var random = Random(n, d, seed);
        var ys = Enumerable.Range(0, random.Count).Select(i => net.EvaluateExact(random.Input(i))).ToArray();
        var xs = Enumerable.Range(0, random.Count).SelectMany(i => random.Input(i).ToArray()).ToArray();
        return Dataset.Create(d, xs, ys);
    }
}
