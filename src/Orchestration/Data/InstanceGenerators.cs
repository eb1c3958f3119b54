using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Orchestration.Data;

/// <summary>The data families of a corpus.</summary>
public enum InstanceKind { Random, Planted, Grid }

/// <summary>A generated dataset and, for planted data, the network that produced the labels.</summary>
public sealed record GeneratedInstance(Dataset Data, ShallowReluNetwork? Planted);

/// <summary>
/// Random instances for a corpus, each drawn from its own <see cref="SplitMix64"/> stream, all numbers exact
/// decimals so the dataset is exactly what the record stores.
/// <list type="bullet">
/// <item><b>random</b>: N distinct inputs with 3-decimal coordinates in [−1, 1]^d, labels 3-decimal in [−1, 1].</item>
/// <item><b>planted</b>: the same inputs, labelled exactly by a random network of 2 or 3 neurons with nonzero
/// 1-decimal input weights w in [−1, 1]^d, bias b = −w·c for a random 3-decimal point c in [−0.9, 0.9]^d (so
/// each hyperplane cuts the box), and output weights ±1 (with a zero linear term in 1-D, none in d &gt; 1), so
/// the sparsest interpolant has at most as many neurons (and parameters) as the planted network.</item>
/// <item><b>grid</b>: N distinct points of the lattice {−1, −1 + h, …, 1}^d with m = ⌈N^(1/d)⌉ + 1 points per axis
/// (h = 2/(m − 1)), chosen at random; labels 3-decimal in [−1, 1].</item>
/// </list>
/// </summary>
public static class InstanceGenerators
{
    public static GeneratedInstance Generate(InstanceKind kind, int points, int dim, SplitMix64 rng) => kind switch
    {
        InstanceKind.Random => new(RandomLabels(DistinctMilliInputs(points, dim, rng), dim, rng), null),
        InstanceKind.Planted => PlantedSparseNetwork(points, dim, rng),
        InstanceKind.Grid => new(RandomLabels(DistinctGridInputs(points, dim, rng), dim, rng), null),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static Rational Milli(SplitMix64 rng) => Rational.Create(rng.Next(-1000, 1000), 1000);

    private static List<Rational[]> DistinctMilliInputs(int n, int d, SplitMix64 rng)
    {
        if (d == 1 && n > 2001) throw new ArgumentException("at most 2001 distinct 3-decimal inputs exist in [−1, 1]");
        return Distinct(n, () => Enumerable.Range(0, d).Select(_ => Milli(rng)).ToArray());
    }

    private static List<Rational[]> DistinctGridInputs(int n, int d, SplitMix64 rng)
    {
        int m = (int)Math.Ceiling(Math.Pow(n, 1.0 / d) - 1e-9) + 1;
        return Distinct(n, () => Enumerable.Range(0, d).Select(_ => Rational.Create(2 * rng.Next(0, m - 1), m - 1) - 1).ToArray());
    }

    /// <summary>Draws until n distinct inputs are found (in draw order, so the stream decides everything).</summary>
    private static List<Rational[]> Distinct(int n, Func<Rational[]> draw)
    {
        var seen = new HashSet<string>();
        var inputs = new List<Rational[]>(n);
        while (inputs.Count < n)
        {
            var x = draw();
            if (seen.Add(string.Join(",", x))) inputs.Add(x);
        }
        return inputs;
    }

    private static Dataset RandomLabels(List<Rational[]> inputs, int d, SplitMix64 rng) =>
        Dataset.Create(d, inputs.SelectMany(x => x).ToArray(), inputs.Select(_ => Milli(rng)).ToArray());

    private static GeneratedInstance PlantedSparseNetwork(int n, int d, SplitMix64 rng)
    {
        int k = (int)rng.Next(2, 3);
        Rational Deci() => Rational.Create(rng.Next(-10, 10), 10);
        var neurons = new Neuron[k];
        for (int j = 0; j < k; j++)
        {
            Rational[] w;
            do w = Enumerable.Range(0, d).Select(_ => Deci()).ToArray(); while (w.All(x => x.IsZero));
            // The neuron's hyperplane w·x + b = 0 passes through a random point c of [−0.9, 0.9]^d, so it
            // cuts the data box and the planted neurons actually bend the labels.
            var b = Rational.Zero;
            for (int i = 0; i < d; i++) b -= w[i] * Rational.Create(rng.Next(-900, 900), 1000);
            neurons[j] = new Neuron(w, b, rng.Next(0, 1) == 0 ? Rational.One : Rational.MinusOne);
        }
        var net = new ShallowReluNetwork(d, neurons, d == 1 ? new LinearSkip([Rational.Zero], Rational.Zero) : null);
        var inputs = DistinctMilliInputs(n, d, rng);
        var data = Dataset.Create(d, inputs.SelectMany(x => x).ToArray(), inputs.Select(x => net.EvaluateExact(x)).ToArray());
        return new GeneratedInstance(data, net);
    }
}
