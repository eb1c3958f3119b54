using Verifier.Shared.Checks;
using Verifier.Shared.Formats;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Shared;

public class NetworkTests
{
    private static Rational R(string s) => Rational.Parse(s);

    /// <summary>f(x) = (x+1)_+ − 2(x − ½)_+ + (x − 2)_+ (SPEC §2 worked example).</summary>
    private static ShallowReluNetwork PaperNetwork() => new(1,
        [Neuron.Univariate(1, 1, 1), Neuron.Univariate(2, -1, -1), Neuron.Univariate(1, -2, 1)],
        new LinearSkip([Rational.Zero], Rational.Zero));

    [Fact]
    public void PaperNetworkInterpolatesThePeakPlateauData()
    {
        var verdict = InterpolationCheck.Check(PaperNetwork(), TestData.PeakPlateau);
        Assert.True(verdict.Interpolates);
        Assert.Equal(0, verdict.MaxError);
    }

    [Fact]
    public void MeasuresFollowThePaperConventions()
    {
        var net = PaperNetwork();
        Assert.Equal(3, SparsityMeasures.ActiveNeurons(net));
        Assert.Equal(3, SparsityMeasures.NonzeroParameters(net));
        // |v w| = 1, 2, 1 (the second neuron is −1·(2x − 1)_+ = −2(x − ½)_+): V_p = 2 + 2^p.
        Assert.Equal(2 + Math.Pow(2, 0.4), SparsityMeasures.PathNorm(net, 0.4), 12);
        Assert.Equal(4, SparsityMeasures.PathNorm(net, 1), 12);
    }

    [Fact]
    public void BiasIsCountedOnlyInTheMultivariateArchitecture()
    {
        var uni = new ShallowReluNetwork(1, [Neuron.Univariate(3, 5, 2), Neuron.Univariate(0, 5, 2)], null);
        Assert.Equal(1, SparsityMeasures.ActiveNeurons(uni)); // w = 0 is a constant, not active
        Assert.Equal(1, SparsityMeasures.NonzeroParameters(uni));
        var multi = new ShallowReluNetwork(2, [new Neuron([R("1"), R("0")], R("2"), R("-3")), new Neuron([R("0"), R("0")], R("1"), R("1"))], null);
        Assert.Equal(2, SparsityMeasures.ActiveNeurons(multi)); // bias-only neuron counts in d > 1
        Assert.Equal(3, SparsityMeasures.NonzeroParameters(multi));
        Assert.Equal(Math.Pow(3, 0.5) + Math.Pow(6, 0.5) + 1, SparsityMeasures.PathNorm(multi, 0.5), 12);
    }

    [Fact]
    public void RescalingANeuronChangesNeitherFunctionNorPathNorm()
    {
        var net = PaperNetwork();
        var scaled = new ShallowReluNetwork(1,
            net.Neurons.Select(n => new Neuron([n.W[0] * 7], n.B * 7, n.V / 7)).ToArray(), net.Skip);
        foreach (var x in new[] { "-3", "-1/2", "0", "1/3", "2", "9/4" })
            Assert.Equal(net.EvaluateExact([R(x)]), scaled.EvaluateExact([R(x)]));
        Assert.Equal(SparsityMeasures.PathNorm(net, 0.3), SparsityMeasures.PathNorm(scaled, 0.3), 12);
    }

    [Fact]
    public void SweepEqualsDirectEvaluationOnRandomNetworks()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 30; trial++)
        {
            Rational Rand() => Rational.Create(rng.Next(-20, 21), rng.Next(1, 6));
            var neurons = Enumerable.Range(0, rng.Next(0, 8)).Select(_ => Neuron.Univariate(Rand(), Rand(), Rand())).ToArray();
            var net = new ShallowReluNetwork(1, neurons, rng.Next(2) == 0 ? null : new LinearSkip([Rand()], Rand()));
            var xs = Enumerable.Range(0, 12).Select(_ => Rand()).Distinct().Order().ToArray();
            var exact = new Rational[xs.Length];
            UnivariateSweep.EvaluateExact(net, xs, (i, f) => exact[i] = f);
            var dbl = UnivariateSweep.EvaluateDouble(net, xs.Select(x => x.ToDouble()).ToArray());
            for (int i = 0; i < xs.Length; i++)
            {
                Assert.Equal(net.EvaluateExact([xs[i]]), exact[i]);
                Assert.Equal(net.Evaluate([xs[i].ToDouble()]), dbl[i], 9);
            }
        }
    }

    /// <summary>The exact 1-D check split into parts (each later part resumed from two labels) finds the sequential
    /// sweep's first mismatch: wherever the wrong labels are, with and without knot-free gaps to split at.</summary>
    [Fact]
    public void SplitSweepFindsTheSequentialFirstMismatch()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 200; trial++)
        {
            Rational Rand(int scale) => Rational.Create(rng.Next(-20 * scale, 20 * scale + 1), rng.Next(1, 4));
            int points = rng.Next(2, 40);
            var xs = Enumerable.Range(0, points * 2).Select(_ => Rand(10)).Distinct().Order().Take(points).ToArray();
            int knots = rng.Next(0, trial % 4 == 0 ? 3 * xs.Length : 6);
            var neurons = Enumerable.Range(0, knots).Select(_ => Neuron.Univariate(Rand(1), Rand(10), Rand(1))).ToArray();
            var net = new ShallowReluNetwork(1, neurons, new LinearSkip([Rand(1)], Rand(1)));
            var ys = new Rational[xs.Length];
            UnivariateSweep.EvaluateExact(net, xs, (i, f) => ys[i] = f);
            for (int wrong = rng.Next(0, 3); wrong > 0; wrong--) ys[rng.Next(ys.Length)] += Rational.Create(1, rng.Next(1, 5));
            var data = Verifier.Shared.Data.Dataset.Create(1, xs, ys);
            int expected = -1;
            UnivariateSweep.EvaluateExact(net, xs, (i, f) => { if (expected < 0 && f != ys[i]) expected = i; });
            var hinges = UnivariateSweep.HingeForm(net);
            for (int parts = 1; parts <= 5; parts++)
                Assert.Equal(expected, InterpolationCheck.FirstMismatch(hinges, data, parts));
        }
    }

    [Fact]
    public void JsonRoundTripKeepsExactValues()
    {
        var net = new ShallowReluNetwork(1, [Neuron.Knot(R("1/3"), R("-2/7"))], new LinearSkip([R("1/10")], R("5")));
        var back = NetworkJson.Parse(NetworkJson.ToJson(net).ToJsonString());
        Assert.True(back.HasExactSource);
        Assert.Equal(net.Neurons[0], back.Neurons[0] with { W = net.Neurons[0].W });
        Assert.Equal(R("1/3"), -back.Neurons[0].B);
        Assert.Equal(R("1/10"), back.Skip!.A[0]);
    }

    [Fact]
    public void JsonWithoutExactBlockIsReadAsBinaryDoubles()
    {
        var back = NetworkJson.Parse("""{"inputDim": 1, "neurons": [{"w": [0.1], "b": 0, "v": 1}], "skip": null}""");
        Assert.False(back.HasExactSource);
        Assert.Equal(Rational.FromDouble(0.1), back.Neurons[0].W[0]);
        Assert.NotEqual(R("1/10"), back.Neurons[0].W[0]);
        Assert.Null(back.Skip);
    }

    [Theory]
    [InlineData("""{"neurons": []}""", "inputDim")]
    [InlineData("""{"inputDim": 1, "neurons": [{"w": [1, 2], "b": 0, "v": 1}], "skip": null}""", "array of 1")]
    [InlineData("""{"inputDim": 1, "neurons": [{"w": [1], "b": "x", "v": 1}], "skip": null}""", "not a number")]
    [InlineData("""[1]""", "JSON object")]
    [InlineData("""{"inputDim": 1, "neurons": []}""", "skip")]
    [InlineData("""{"inputDim": 1, "neurons": [], "skip": null, "exact": {"neurons": []}}""", "exact.skip")]
    [InlineData("""{"inputDim": 1, "neurons": [{"w": [1], "b": 0, "v": null}], "skip": null}""", "non-finite")]
    public void RejectsBadNetworkFiles(string text, string reason) =>
        Assert.Contains(reason, Assert.ThrowsAny<Exception>(() => NetworkJson.Parse(text)).Message);

    [Fact]
    public void CheckRejectsAPerturbedNetworkExactly()
    {
        var net = PaperNetwork();
        var perturbed = new ShallowReluNetwork(1,
            [net.Neurons[0] with { V = R("1") + Rational.Create(1, 1_000_000_000_000) }, net.Neurons[1], net.Neurons[2]], net.Skip);
        var verdict = InterpolationCheck.Check(perturbed, TestData.PeakPlateau);
        Assert.False(verdict.Interpolates);
        Assert.True(verdict.MaxError < 1e-9); // invisible in floating point, caught exactly
    }

    [Fact]
    public void FloatingValuesAreComparedWithTheExactBlock()
    {
        const string text = """
            {"exact": {"skip": null, "neurons": [{"w": ["1"], "b": "1/3", "v": "6"}]},
             "inputDim": 1, "skip": null, "neurons": [{"w": [1], "b": 0.3333333333333333, "v": 7}]}
            """;
        var file = NetworkJson.ParseContents(text);
        Assert.Equal(1, file.Disagreements);
        Assert.Contains("neurons[0].v", file.FirstDisagreement);
        Assert.Equal(R("6"), file.Preferred.Neurons[0].V);
        Assert.Equal(R("7"), file.Floating.Neurons[0].V);
        Assert.Equal(0, NetworkJson.ParseContents(text.Replace("\"v\": 7", "\"v\": 6")).Disagreements); // 1/3 rounds to that double
    }

    /// <summary>Agreeing views of plain doubles: the floating view is rebuilt from the exact block rounded to doubles
    /// (the reader keeps no floating values), and it is the doubles' exact binary values, not the exact block's; with a
    /// "p/q" string in the floating view the string's value is kept.</summary>
    [Fact]
    public void AnAgreeingFloatingViewIsTheExactBlockRoundedToDoubles()
    {
        const string text = """
            {"exact": {"skip": {"a": ["2/3"], "c": "0"}, "neurons": [{"w": ["1"], "b": "1/3", "v": "6"}]},
             "inputDim": 1, "skip": {"a": [0.6666666666666666], "c": 0}, "neurons": [{"w": [1], "b": 0.3333333333333333, "v": 6}]}
            """;
        var file = NetworkJson.ParseContents(text);
        Assert.Equal(0, file.Disagreements);
        Assert.Equal(R("1/3"), file.Preferred.Neurons[0].B);
        Assert.False(file.Floating.HasExactSource);
        Assert.Equal(Rational.FromDouble(1.0 / 3), file.Floating.Neurons[0].B);
        Assert.Equal(Rational.FromDouble(2.0 / 3), file.Floating.Skip!.A[0]);
        Assert.Equal(R("6"), file.Floating.Neurons[0].V);
        var withString = NetworkJson.ParseContents(text.Replace("\"b\": 0.3333333333333333", "\"b\": \"1/3\""));
        Assert.Equal(R("1/3"), withString.Floating.Neurons[0].B);
    }

    [Fact]
    public void NullFloatsBesideAnExactBlockStandForValuesBeyondTheDoubleRange()
    {
        const string text = """{"inputDim": 1, "neurons": [{"w": [1], "b": 0, "v": null}], "skip": null, "exact": {"neurons": [{"w": ["1"], "b": "0", "v": "1e400"}], "skip": null}}""";
        var file = NetworkJson.ParseContents(text);
        Assert.Equal(0, file.Disagreements);
        Assert.Equal(R("1e400"), file.Preferred.Neurons[0].V);
        Assert.Contains("floating view", Assert.ThrowsAny<Exception>(() => file.Floating).Message);
    }
}
