using FsCheck;
using FsCheck.Fluent;
using Verifier.Exact.Certificates;
using Verifier.Exact.Mip;
using Verifier.Reformulation;
using Verifier.Exact.Problems;
using Verifier.Proofs.Generators;
using Verifier.Proofs.Running;
using Verifier.Shared.Checks;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Proofs.Results;

/// <summary>
/// Proposition 4.1. Sparsest interpolants use at most N active neurons; when N ≤ d + 1 and the points are in
/// general position, the two neurons ±w̄ with X w̄ = y (a basic solution, ‖w̄‖_0 ≤ N) interpolate, so at most 2N
/// nonzero parameters are needed. Checked on the construction (exactly) and on the exact solver's optimum.
/// </summary>
public static class Prop4_1_AtMostNNeurons
{
    public static ProofResult Result { get; } = new(nameof(Prop4_1_AtMostNNeurons),
        "Sparsest interpolants use at most N active neurons; with N ≤ d + 1 points in general position, ±w̄ with X w̄ = y interpolate with ≤ 2N nonzeros.",
        [new("TwoNeuronConstructionInterpolatesAndBoundsTheOptimum",
            "the ±w̄ construction interpolates exactly with ≤ 2N nonzeros; the certified optimum is ≤ it and uses ≤ N neurons", 10, Property, MaxCases: 60)]);

    private static Property Property() =>
        Prop.ForAll(
            MultivariateGenerators.Arb(MultivariateGenerators.GeneralPositionPoints(1, 4).Where(s => s.Count <= s.Dimension + 1 && s.Dimension >= 2)),
            sample =>
            {
                var data = sample.ToDataset();
                var lifted = LiftedInputs.Of(data);
                int dim = data.Dimension + 1;
                var columns = Enumerable.Range(0, dim).Select(k => lifted.Select(r => r[k]).ToArray()).ToList();
                var wBar = ExactLinearAlgebra.Solve(columns, data.Labels.ToArray());
                if (wBar is null) return false;
                var net = new ShallowReluNetwork(data.Dimension,
                    [new Neuron(wBar[..^1], wBar[^1], Rational.One), new Neuron(wBar[..^1].Select(v => -v).ToArray(), -wBar[^1], Rational.MinusOne)], null);
                int construction = SparsityMeasures.NonzeroParameters(net);
                var problem = new SparsestProblem(data, Skip: false, SparsityObjective.Parameters);
                var optimum = new CombinatorialBendersSolver(new MipOptions(30)).Solve(problem);
                var neuronsOptimum = new CombinatorialBendersSolver(new MipOptions(30)).Solve(problem with { Objective = SparsityObjective.Neurons });
                return InterpolationCheck.Check(net, data).Interpolates
                    && construction <= 2 * data.Count
                    && optimum.Status == SolveStatus.Optimal && optimum.Objective <= construction
                    && CertificateCheck.Verify(problem, optimum).Verified
                    && neuronsOptimum.Objective <= data.Count;
            });
}
