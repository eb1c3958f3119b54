using FsCheck;
using FsCheck.Fluent;
using Verifier.Reformulation;
using Verifier.Proofs.Generators;
using Verifier.Proofs.Running;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Proofs.Results;

/// <summary>
/// Lemma 4.1 (finite-dimensional reformulation). On data X (rows x̄_i = [x_i; 1]) a neuron v (w̄ᵀx̄)_+ with
/// pattern D = diag(1[X w̄ &gt; 0]) outputs sign(v)·D X u with u = |v| w̄ and (2D − I) X u ≥ 0. Hence
/// (a) merging all neurons with the same pattern and output sign into one (u = Σ u_k) keeps every output on
/// the data and never increases Σ‖u_k‖_p^p, Σ‖u_k‖_0 or the neuron count; (b) a network built from blocks
/// (ν_j, ω_j) with (2D_j − I) X ν_j ≥ 0 and (2D_j − I) X ω_j ≥ 0 (neurons (1, ν_j) and (−1, ω_j)) outputs
/// exactly Σ_j D_j X (ν_j − ω_j) on the data, with objectives Σ_j ‖ν_j‖_p^p + ‖ω_j‖_p^p, Σ_j ‖ν_j‖_0 + ‖ω_j‖_0
/// and the number of used blocks. All checked in exact rationals (ℓ^p up to rounding of the powers), on the
/// library's own Lemma 4.1 layer (<see cref="BlockNetwork"/>), which every solver uses to rebuild its networks.
/// </summary>
public static class Lemma4_1_Reformulation
{
    public static ProofResult Result { get; } = new(nameof(Lemma4_1_Reformulation),
        "Problem (8) is equivalent to the block problem over patterns D_j: merging same-pattern, same-sign neurons and rebuilding a network from blocks keep the outputs on the data and never increase the objectives.",
        [
            new("MergingSamePatternAndSignKeepsOutputsAndNeverIncreasesObjectives",
                "merged network: same outputs on the data (exactly); ℓ^p, ℓ^0 and neuron count never increase", 100, Merging),
            new("ReconstructionFromBlocksReproducesTheBlockSum",
                "network from blocks (ν_j, ω_j) on the enumerated patterns outputs Σ_j D_j X (ν_j − ω_j) exactly, with the block objectives", 60, Reconstruction),
        ]);

    private static Property Merging() =>
        Prop.ForAll(PlantedSparseNetworks.Arb(PlantedSparseNetworks.PlantedSparseNetwork), Arb.From(Gen.Choose(1, 99)), (sample, pPercent) =>
        {
            var data = sample.Data.ToDataset();
            var lifted = LiftedInputs.Of(data);
            var net = sample.Network;
            var merged = BlockNetwork.Merge(net, lifted);
            double p = pPercent / 100.0;
            bool outputs = sample.Data.Inputs.All(x => merged.EvaluateExact(x) == net.EvaluateExact(x));
            return outputs
                && SparsityMeasures.PathNorm(merged, p) <= SparsityMeasures.PathNorm(net, p) * (1 + 1e-12)
                && SparsityMeasures.NonzeroParameters(merged) <= SparsityMeasures.NonzeroParameters(net)
                && SparsityMeasures.ActiveNeurons(merged) <= SparsityMeasures.ActiveNeurons(net);
        });

    private static Property Reconstruction() =>
        Prop.ForAll(
            MultivariateGenerators.Arb(MultivariateGenerators.GeneralPositionPoints(2, 6).Where(s => s.Dimension >= 2)),
            Arb.From(Gen.ArrayOf(Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, 12))), 2 * 64)),
            Arb.From(Gen.Choose(1, 99)),
            (sample, scales, pPercent) =>
            {
                var data = sample.ToDataset();
                var lifted = LiftedInputs.Of(data);
                var patterns = ActivationPatterns.Enumerate(data).Patterns;
                // Blocks ν_j = a_j u_j, ω_j = b_j u_j on the enumerated witnesses u_j (a_j, b_j ≥ 0, many zero).
                var blocks = patterns.Select((pat, j) =>
                    (Pattern: pat, Nu: Scale(pat.Witness, Rational.Create(scales[2 * j % scales.Length], 3)),
                     Omega: Scale(pat.Witness, Rational.Create(scales[(2 * j + 1) % scales.Length], 5)))).ToList();
                var net = BlockNetwork.ToNetwork(data.Dimension,
                    blocks.SelectMany(b => new[] { new SignedBlock(1, b.Nu), new SignedBlock(-1, b.Omega) }));
                bool feasible = blocks.All(b => BlockNetwork.InCone(lifted, b.Pattern, b.Nu) && BlockNetwork.InCone(lifted, b.Pattern, b.Omega));
                bool outputs = Enumerable.Range(0, lifted.Length).All(i =>
                {
                    Rational sum = Rational.Zero;
                    foreach (var (pat, nu, omega) in blocks)
                        if (pat.Contains(i)) sum += LiftedInputs.Dot(lifted[i], nu) - LiftedInputs.Dot(lifted[i], omega);
                    return net.EvaluateExact(data.Input(i)) == sum;
                });
                double p = pPercent / 100.0;
                double lp = blocks.Sum(b => b.Nu.Concat(b.Omega).Where(c => !c.IsZero).Sum(c => Math.Exp(p * c.LogAbs())));
                int l0 = blocks.Sum(b => b.Nu.Concat(b.Omega).Count(c => !c.IsZero));
                int used = blocks.Sum(b => (b.Nu.Any(c => !c.IsZero) ? 1 : 0) + (b.Omega.Any(c => !c.IsZero) ? 1 : 0));
                return feasible && outputs
                    && Math.Abs(SparsityMeasures.PathNorm(net, p) - lp) <= 1e-9 * Math.Max(1, lp)
                    && SparsityMeasures.NonzeroParameters(net) == l0
                    && SparsityMeasures.ActiveNeurons(net) == used;
            });

    private static Rational[] Scale(Rational[] u, Rational t) => u.Select(c => c * t).ToArray();
}
