using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Reformulation;
using Verifier.Shared.Checks;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Exact;

/// <summary>The Benders sub-problem and the baselines' exact rebuild, checked directly in rational arithmetic: every
/// "reachable" answer is an exact nonnegative combination equal to y, every "unreachable" one an exact Farkas vector.</summary>
public class ConeSubproblemTests
{
    [Theory]
    [InlineData(SparsityObjective.Neurons, false, 3)]
    [InlineData(SparsityObjective.Parameters, false, 4)]
    [InlineData(SparsityObjective.Neurons, true, 5)]
    public void EveryAnswerIsExactEvidence(SparsityObjective objective, bool skip, int seed)
    {
        var rng = new Random(seed);
        int reached = 0, refused = 0;
        for (int trial = 0; trial < 6; trial++)
        {
            var data = BendersSolverTests.RandomMilliData(rng.Next(3, 7), 2, seed * 100 + trial);
            var lifted = LiftedInputs.Of(data);
            var groups = BlockGroups.Build(lifted, ActivationPatterns.Enumerate(data), objective);
            var y = data.Labels.ToArray();
            Rational[][]? skipColumns = skip ? Enumerable.Range(0, 3).Select(k => lifted.Select(r => r[k]).ToArray()).ToArray() : null;
            var sub = new ConeSubproblem(y, skipColumns);
            for (int draw = 0; draw < 25; draw++)
            {
                var selected = Enumerable.Range(0, groups.Count).Where(_ => rng.Next(groups.Count) < 3).ToList();
                var outcome = sub.Solve(groups, selected);
                if (outcome.Weights is { } weights)
                {
                    reached++;
                    // Σ λ g (+ X β) = y exactly, λ ≥ 0, only selected groups.
                    var sum = new Rational[y.Length];
                    foreach (var (k, lambda) in weights)
                    {
                        Assert.Contains(k, selected);
                        for (int r = 0; r < lambda.Length; r++)
                        {
                            Assert.True(lambda[r].Sign >= 0);
                            for (int i = 0; i < y.Length; i++) sum[i] += lambda[r] * groups[k].Generators[r].Exact[i];
                        }
                    }
                    if (outcome.Beta is { } beta)
                        for (int i = 0; i < y.Length; i++) sum[i] += LiftedInputs.Dot(lifted[i], beta);
                    Assert.Equal(y, sum);
                    // And the rebuilt network interpolates exactly (Lemma 4.1 inverse).
                    var net = CombinatorialBendersSolver.BuildNetwork(2, groups, weights, outcome.Beta);
                    Assert.True(InterpolationCheck.Check(net, data).Interpolates);
                }
                else if (outcome.Pi is { } pi)
                {
                    refused++;
                    var cut = new FarkasCut(pi, FarkasCut.GroupsViolating(groups, pi));
                    Assert.True(cut.Verify(y, groups, skipColumns));
                    Assert.Empty(cut.Groups.Intersect(selected)); // it separates its own selection
                }
                else Assert.True(outcome.Numerical, "an outcome with neither witness nor Farkas vector must say it is numerical");
            }
        }
        Assert.True(reached > 0 && refused > 0, $"both answers must occur: {reached} reachable, {refused} refused");
    }

    [Fact]
    public void TheRebuildOfAPlantedNetworksBlocksReproducesItsCount()
    {
        // y = (x1 + x2 − 1)_+ − (x1 − 2 x2)_+ at eight points; the baselines' rebuild maps each used neuron to its group.
        var planted = new ShallowReluNetwork(2, [new Neuron([1, 1], -1, 1), new Neuron([1, -2], 0, -1)], null);
        var xs = new Rational[] { 0, 0, 1, 1, 2, 0, 0, 3, Rational.Create(1, 2), 2, 3, 1, -1, 2, 2, -1 };
        var data = Verifier.Shared.Data.Dataset.Create(2, xs, Enumerable.Range(0, 8).Select(i => planted.EvaluateExact(xs.AsSpan(2 * i, 2))).ToArray());
        var lifted = LiftedInputs.Of(data);
        foreach (var objective in new[] { SparsityObjective.Neurons, SparsityObjective.Parameters })
        {
            var used = BlockNetwork.ToBlocks(planted, lifted)
                .Select(b => new ExactRebuild.UsedBlock(b.Mask, b.Block.Sign,
                    Enumerable.Range(0, 3).Where(k => !b.Block.Weights[k].IsZero).Aggregate(0UL, (m, k) => m | 1UL << k)));
            var rebuilt = ExactRebuild.Rebuild(new SparsestProblem(data, false, objective), used);
            Assert.NotNull(rebuilt);
            Assert.True(InterpolationCheck.Check(rebuilt!.Value.Network, data).Interpolates);
            Assert.True(rebuilt.Value.Cost <= SparsityMeasures.Count(planted, objective), $"{objective}: {rebuilt.Value.Cost}");
        }
    }
}
