using FsCheck;
using FsCheck.Fluent;
using Verifier.Proofs.Running;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Proofs.Results;

/// <summary>
/// Proposition 3.1 (the parts that are identities about networks). With distinct knot locations the ℓ^p path
/// norm of a univariate network equals V_p of its function (Σ over knots of |slope change|^p); rescaling a neuron
/// (v, w, b) → (v/t, t·w, t·b), t &gt; 0, changes neither the function nor the path norm; and merging two neurons
/// with the same knot location never increases the ℓ^p path norm (subadditivity of t ↦ t^p).
/// </summary>
public static class Prop3_1_VariationalEquivalence
{
    public static ProofResult Result { get; } = new(nameof(Prop3_1_VariationalEquivalence),
        "For 0 ≤ p ≤ 1 optimal networks represent exactly the min-V_p CPWL interpolants; with distinct knots the ℓ^p path norm equals V_p.",
        [
            new("PathNormEqualsVpWhenKnotsAreDistinct", "distinct knots: Σ_k |v_k w_k|^p = Σ_knots |slope change|^p", 200, PathNormEqualsVp),
            new("RescalingKeepsFunctionAndPathNorm", "(v, w, b) → (v/t, t w, t b), t > 0, keeps f (exactly) and the path norm", 200, Rescaling),
            new("MergingNeuronsAtOneKnotNeverIncreasesThePathNorm", "merging neurons at one knot keeps f and never increases the ℓ^p norm", 200, Merging),
        ]);

    /// <summary>Random univariate networks: up to 6 neurons with small rational parameters and w ≠ 0.</summary>
    private static Gen<ShallowReluNetwork> UnivariateNetworks =>
        Gen.Choose(1, 6).SelectMany(k =>
            Gen.ArrayOf(Gen.Choose(-9, 9).Where(v => v != 0), 3 * k).Select(v =>
                new ShallowReluNetwork(1,
                    Enumerable.Range(0, k).Select(i => Neuron.Univariate(Rational.Create(v[3 * i], 2), Rational.Create(v[3 * i + 1], 3), v[3 * i + 2])).ToArray(),
                    new LinearSkip([Rational.Zero], Rational.Zero))));

    private static readonly Rational[] Probes = Enumerable.Range(-40, 81).Select(i => Rational.Create(i, 7)).ToArray();

    private static Property PathNormEqualsVp() =>
        Prop.ForAll(Arb.From(UnivariateNetworks), Arb.From(Gen.Choose(1, 100)), (net, pPercent) =>
        {
            double p = pPercent / 100.0;
            var hinges = UnivariateSweep.HingeForm(net);
            bool distinct = hinges.Knots.Distinct().Count() == hinges.Knots.Length;
            if (!distinct) return true; // the statement assumes distinct locations
            double vp = hinges.Changes.Sum(c => Math.Exp(p * c.LogAbs()));
            return Math.Abs(vp - SparsityMeasures.PathNorm(net, p)) <= 1e-9 * Math.Max(1, vp);
        });

    private static Property Rescaling() =>
        Prop.ForAll(Arb.From(UnivariateNetworks), Arb.From(Gen.Choose(1, 50)), (net, t) =>
        {
            var scale = Rational.Create(t, 7);
            var scaled = new ShallowReluNetwork(1, net.Neurons.Select(n => new Neuron([n.W[0] * scale], n.B * scale, n.V / scale)).ToArray(), net.Skip);
            return Probes.All(x => net.EvaluateExact([x]) == scaled.EvaluateExact([x]))
                && Math.Abs(SparsityMeasures.PathNorm(net, 0.5) - SparsityMeasures.PathNorm(scaled, 0.5)) <= 1e-9 * Math.Max(1, SparsityMeasures.PathNorm(net, 0.5));
        });

    private static Property Merging() =>
        Prop.ForAll(Arb.From(UnivariateNetworks), Arb.From(Gen.Choose(1, 99)), (net, pPercent) =>
        {
            double p = pPercent / 100.0;
            // Merge by knot: the hinge form sums the slope changes of neurons sharing a location.
            var hinges = UnivariateSweep.HingeForm(net);
            var merged = hinges.Knots.Zip(hinges.Changes).GroupBy(kc => kc.First)
                .Select(g => Neuron.Knot(g.Key, g.Aggregate(Rational.Zero, (s, kc) => s + kc.Second))).Where(n => !n.V.IsZero).ToArray();
            var mergedNet = new ShallowReluNetwork(1, merged, new LinearSkip([hinges.Alpha], hinges.Beta));
            return Probes.All(x => net.EvaluateExact([x]) == mergedNet.EvaluateExact([x]))
                && SparsityMeasures.PathNorm(mergedNet, p) <= SparsityMeasures.PathNorm(net, p) * (1 + 1e-12);
        });
}
