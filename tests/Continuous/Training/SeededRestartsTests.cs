using Verifier.Continuous.Training;
using Xunit;

namespace Verifier.Tests.Continuous.Training;

public class SeededRestartsTests
{
    private static readonly double[] WorkedX = [-2, -1, 0, 1, 2, 3];
    private static readonly double[] WorkedY = [0, 0, 1, 1, 0, 0];

    private static TrainerOptions Options(int seed, int steps = 400) =>
        new(TrainingOptimizer.ReweightedL1, 0.4, 0.003, 0.01, steps, seed, ZeroThreshold: 1e-8);

    [Fact]
    public void EachRunIsTheSingleRunOfItsSeed()
    {
        var arch = TrainingArchitecture.PaperUnivariate(10);
        var runs = SeededRestarts.Run(arch, WorkedX, WorkedY, Options(seed: 5), restarts: 4);
        Assert.Equal([5, 6, 7, 8], runs.Select(r => r.Seed));
        foreach (var run in runs)
        {
            var alone = new ReweightedL1Trainer(new ShallowReluModel(arch, WorkedX, WorkedY), Options(run.Seed)).Run();
            Assert.Equal(alone.Parameters, run.Result.Parameters);
            Assert.Equal(alone.FinalLoss, run.Result.FinalLoss);
        }
        // Different seeds give different runs (otherwise a multi-start would be pointless).
        Assert.Equal(4, runs.Select(r => string.Join(",", r.Result.Parameters)).Distinct().Count());
    }

    [Fact]
    public void AFittingRunWithTheSmallestPathNormIsChosenAndTiesGoToTheLowerSeed()
    {
        var runs = new[]
        {
            Fake(seed: 0, fits: false, pathNorm: 1.0, loss: 1e-12),   // smallest norm and loss, but does not fit
            Fake(seed: 1, fits: true, pathNorm: 3.9, loss: 1e-10),
            Fake(seed: 2, fits: true, pathNorm: 3.3, loss: 1e-9),
            Fake(seed: 3, fits: true, pathNorm: 3.3, loss: 1e-11),
        };
        Assert.Equal(2, SeededRestarts.Best(runs).Seed);
        Assert.Equal(2, SeededRestarts.Best(runs.Reverse().ToArray()).Seed); // order of the list does not matter
    }

    [Fact]
    public void WithoutAFittingRunTheSmallestFiniteLossIsChosen()
    {
        var runs = new[]
        {
            Fake(seed: 0, fits: false, pathNorm: 2, loss: double.NaN),
            Fake(seed: 1, fits: false, pathNorm: 2, loss: 0.5),
            Fake(seed: 2, fits: false, pathNorm: 9, loss: 0.1),
            Fake(seed: 3, fits: false, pathNorm: 1, loss: double.PositiveInfinity),
        };
        Assert.Equal(2, SeededRestarts.Best(runs).Seed);
    }

    [Fact]
    public void ADivergedRunHasNoNetworkAndNeverFits()
    {
        var arch = TrainingArchitecture.PaperUnivariate(4);
        var options = Options(seed: 0, steps: 50) with { LearningRate = 1e308 };
        var run = SeededRestarts.Run(arch, WorkedX, WorkedY, options, restarts: 2);
        Assert.All(run, r => { Assert.Null(r.Network); Assert.False(r.Fits); });
    }

    private static TrainingRun Fake(int seed, bool fits, double pathNorm, double loss)
    {
        var arch = TrainingArchitecture.PaperUnivariate(1);
        var result = new TrainingResult(arch, Options(seed), new double[arch.ParameterCount], 0, loss, new TrainingSnapshot(0, loss, 0, 0, pathNorm));
        return new TrainingRun(seed, result, null, 0, 0, pathNorm, loss, fits ? 0 : 1, fits, 0);
    }
}
