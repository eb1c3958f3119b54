using FsCheck;
using FsCheck.Fluent;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Proofs.Generators;

/// <summary>A multivariate dataset labelled by a planted network (no skip term): y_i = f(x_i) exactly.</summary>
public sealed record PlantedNetworkSample(MultivariateSample Data, ShallowReluNetwork Network)
{
    public override string ToString() =>
        Data + " || planted: " + string.Join(" ; ", Network.Neurons.Select(n => $"v={n.V} w=[{string.Join(",", n.W.Select(w => w.ToString()))}] b={n.B}"));

    /// <summary>Labels the inputs with the network's exact outputs.</summary>
    public static PlantedNetworkSample Label(int dimension, IReadOnlyList<Rational[]> inputs, ShallowReluNetwork network) =>
        new(new MultivariateSample(dimension, inputs, inputs.Select(x => network.EvaluateExact(x)).ToList()), network);

    /// <summary>Shrinks by dropping a neuron or a point (labels recomputed, so the sample stays planted).</summary>
    public IEnumerable<PlantedNetworkSample> Shrink()
    {
        for (int k = 0; k < Network.Neurons.Count && Network.Neurons.Count > 1; k++)
            yield return Label(Data.Dimension, Data.Inputs,
                new ShallowReluNetwork(Network.InputDim, Network.Neurons.Where((_, j) => j != k).ToArray(), null));
        for (int i = 0; i < Data.Count && Data.Count > 1; i++)
            yield return Label(Data.Dimension, Data.Inputs.Where((_, j) => j != i).ToList(), Network);
    }
}

/// <summary>Generators of planted sparse networks on general-position data (d ∈ [2, 3], the paper's
/// multivariate architecture with penalised bias and no skip term).</summary>
public static class PlantedSparseNetworks
{
    private static Gen<Rational> Coordinate => Gen.Choose(-997, 997).Select(v => Rational.Create(v, 101));

    private static Gen<Rational> Weight =>
        Gen.Frequency((1, Gen.Constant(Rational.Zero)), (4, Gen.Choose(-9, 9).SelectMany(n => Gen.Choose(1, 4), (n, d) => Rational.Create(n, d))));

    /// <summary>A network of 1–6 neurons with sparse rational weights (zeros are common) and output weights of
    /// both signs. Neuron j (0-based) is a positive multiple of an earlier neuron with probability
    /// |{0, 2, 4} ∩ [0, j)| / 6 (0, 1/6, 1/6, 1/3, 1/3, 1/2 for j = 0 … 5), with an independent output weight, so
    /// only half of these copies share the earlier neuron's output sign. Measured over 10 000 samples: 17 % of all
    /// neurons are such copies, 9 % are copies with the same sign, 19 % share their activation pattern on the data
    /// and output sign with an earlier neuron (copies plus coincidences), and 44 % of the samples contain at least
    /// one such same-pattern, same-sign pair (what Lemma 4.1 merges). Labels: the network's outputs on 2–7
    /// distinct random points.</summary>
    public static Gen<PlantedNetworkSample> PlantedSparseNetwork =>
        Gen.Choose(2, 3).SelectMany(d =>
            Gen.Choose(1, 6).SelectMany(k =>
                Gen.ArrayOf(Gen.ArrayOf(Weight, d + 1), k).SelectMany(ws =>
                    Gen.ArrayOf(Gen.Choose(-3, 3).Where(v => v != 0), k).SelectMany(vs =>
                        Gen.ArrayOf(Gen.Choose(0, 5), k).SelectMany(copyOf =>
                            Gen.Choose(2, 7).SelectMany(n =>
                                Gen.ArrayOf(Gen.ArrayOf(Coordinate, d), n).Select(xs =>
                                {
                                    var neurons = new Neuron[k];
                                    for (int j = 0; j < k; j++)
                                    {
                                        // An even copyOf[j] < j (probability |{0, 2, 4} ∩ [0, j)| / 6): a scaled copy of neuron copyOf[j].
                                        var w = copyOf[j] < j && copyOf[j] % 2 == 0 ? neurons[copyOf[j]].W.Append(neurons[copyOf[j]].B).Select(c => c * (j + 1)).ToArray() : ws[j];
                                        neurons[j] = new Neuron(w[..d], w[d], Rational.Create(vs[j], 2));
                                    }
                                    var distinct = xs.GroupBy(r => string.Join(",", r)).Select(g => g.First()).ToList();
                                    return PlantedNetworkSample.Label(d, distinct, new ShallowReluNetwork(d, neurons, null));
                                })))))));

    public static Arbitrary<PlantedNetworkSample> Arb(Gen<PlantedNetworkSample> gen) => FsCheck.Fluent.Arb.From(gen, s => s.Shrink());
}
