using Verifier.Continuous.Training;
using Xunit;

namespace Verifier.Tests.Continuous.Training;

public class GradientTests
{
    private static (ShallowReluModel Model, double[] Theta) RandomProblem(TrainingArchitecture arch, int n, int seed)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n * arch.InputDim).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        var theta = new double[arch.ParameterCount];
        ReweightedL1Trainer.Initialise(arch, theta, seed);
        return (new ShallowReluModel(arch, x, y), theta);
    }

    public static TheoryData<int, int, bool, bool> Architectures => new()
    {
        { 1, 7, false, true },   // the paper's 1-D training architecture (free bias and output constant)
        { 1, 7, true, true },    // paper eq. 1 with the free linear term
        { 5, 9, false, false },  // paper eq. 7, d > 1, bias penalised, no free terms
        { 3, 4, true, true },    // d > 1 with the optional free affine term
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void GradientMatchesCentralFiniteDifferences(int d, int width, bool linear, bool outputBias)
    {
        var arch = new TrainingArchitecture(d, width, linear, outputBias);
        var (model, theta) = RandomProblem(arch, n: 8, seed: 3 + d);
        var gradient = new double[theta.Length];
        double loss = model.LossAndGradient(theta, gradient);
        Assert.Equal(model.Loss(theta), loss, 14);
        const double h = 1e-6;
        for (int i = 0; i < theta.Length; i++)
        {
            double saved = theta[i];
            theta[i] = saved + h; double up = model.Loss(theta);
            theta[i] = saved - h; double down = model.Loss(theta);
            theta[i] = saved;
            double numeric = (up - down) / (2 * h);
            // A kink of a ReLU within ±h would break the comparison; with random data that has probability ~1e-6.
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-6 * (1 + Math.Abs(numeric)), $"parameter {i}: analytic {gradient[i]}, numeric {numeric}");
        }
    }

    [Fact]
    public void VisitingOnlyLiveNeuronsGivesTheSameGradientWhenTheOthersAreZero()
    {
        var arch = TrainingArchitecture.PaperMultivariate(4, 6);
        var (model, theta) = RandomProblem(arch, n: 5, seed: 11);
        foreach (int k in new[] { 1, 4 })
        {
            for (int j = 0; j < 4; j++) theta[k * 4 + j] = 0;
            theta[arch.ParameterCount - 12 + k] = 0; // b_k (B then V occupy the last 2K entries)
            theta[arch.ParameterCount - 6 + k] = 0;  // v_k
        }
        var full = new double[theta.Length];
        var partial = new double[theta.Length];
        double l1 = model.LossAndGradient(theta, full);
        double l2 = model.LossAndGradient(theta, partial, new[] { 0, 2, 3, 5 });
        Assert.Equal(l1, l2);
        Assert.Equal(full, partial);
    }
}

public class ProximalStepTests
{
    private static readonly TrainingArchitecture Multi = TrainingArchitecture.PaperMultivariate(2, 2);  // u_k = v_k·(w_k1, w_k2, b_k)
    private static readonly TrainingArchitecture Uni = TrainingArchitecture.PaperUnivariate(1);

    private static int Apply(TrainingArchitecture arch, double[] theta, double[] previous, bool[] dead, double lambdaGamma, double p) =>
        ReweightedL1Proximal.Apply(arch, theta, previous, new double[previous.Length], dead, lambdaGamma, p, 1e-12);

    [Fact]
    public void WithPEqualOneTheStepIsPlainSoftThresholdingOfTheProducts()
    {
        // Neuron 0: v = 2, w̄ = (1.5, −0.25, 0.05) → u = (3, −0.5, 0.1); λγ = 0.2 → u' = (2.8, −0.3, 0).
        var theta = new double[] { 1.5, -0.25, 0, 0, 0.05, 0, 2, 0 };
        var dead = new[] { false, true };
        var previous = new double[] { 123, 456, 789, 0, 0, 0 }; // irrelevant for p = 1
        Apply(Multi, theta, previous, dead, 0.2, 1);
        double norm = Math.Sqrt(2.8 * 2.8 + 0.3 * 0.3);
        double v = Math.Sqrt(norm);
        Assert.Equal(v, theta[6], 12);
        Assert.Equal(2.8 / v, theta[0], 12);
        Assert.Equal(-0.3 / v, theta[1], 12);
        Assert.Equal(0.0, theta[4]);                                   // b·v = 0.1 ≤ 0.2 → 0
        Assert.Equal(new[] { 2.8, -0.3, 0 }, previous[..3].Select(u => Math.Round(u, 12)).ToArray());
    }

    [Fact]
    public void ReweightedThresholdIsLambdaGammaPTimesPreviousToThePMinusOne()
    {
        // p = 0.5, λγ = 0.01, u^prev = (4, 0.25, 1): C = 0.005·(0.5, 2, 1) = (0.0025, 0.01, 0.005).
        var theta = new double[] { 0.5, 0.125, 0, 0, 0.25, 0, -2, 0 }; // v = −2 → u = (−1, −0.25, −0.5)
        var previous = new double[] { 4, 0.25, 1, 0, 0, 0 };
        Apply(Multi, theta, previous, new[] { false, true }, 0.01, 0.5);
        var expected = new[] { -1 + 0.0025, -0.25 + 0.01, -0.5 + 0.005 };
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], previous[i], 12);
        // rebalanced: |v| = ‖w̄‖₂ and v·w̄ = u, sign of v kept
        double v = theta[6];
        Assert.True(v < 0);
        double wNorm = Math.Sqrt(theta[0] * theta[0] + theta[1] * theta[1] + theta[4] * theta[4]);
        Assert.Equal(Math.Abs(v), wNorm, 12);
        Assert.Equal(expected[0], v * theta[0], 12);
        Assert.Equal(expected[2], v * theta[4], 12);
    }

    [Fact]
    public void ZerosStayZeroForPBelowOne()
    {
        // w_{0,2} moved away from 0 by Adam, but its previous product was 0: threshold ∞, so it returns to 0.
        var theta = new double[] { 1, 0.3, 0, 0, 0.2, 0, 1, 0 };
        var previous = new double[] { 1, 0, 0.2, 0, 0, 0 };
        Apply(Multi, theta, previous, new[] { false, true }, 1e-4, 0.4);
        Assert.Equal(0.0, theta[1]);
        Assert.Equal(0.0, previous[1]);
        Assert.NotEqual(0.0, theta[0]);
    }

    [Fact]
    public void ANeuronThresholdedToZeroDiesAndIsCounted()
    {
        var theta = new double[] { 0.01, 0.01, 0, 0, 0.01, 0, 0.01, 0 }; // u = 1e-4 each
        var previous = new double[] { 1e-4, 1e-4, 1e-4, 0, 0, 0 };
        var dead = new[] { false, true };
        int died = Apply(Multi, theta, previous, dead, 1, 0.5);
        Assert.Equal(1, died);
        Assert.True(dead[0]);
        Assert.All(theta, t => Assert.Equal(0.0, t));
    }

    [Fact]
    public void UnivariateRebalancingKeepsTheKnotAndLeavesTheFreeBiasUnpenalised()
    {
        // v = 4, w = 1, b = −2: knot at 2, u = 4; p = 1, λγ = 0.5 → u' = 3.5, v' = √3.5, w' = √3.5, knot still at 2.
        var theta = new double[] { 1, -2, 4, 0.7 };
        var previous = new double[] { 4 };
        Apply(Uni, theta, previous, new[] { false }, 0.5, 1);
        Assert.Equal(Math.Sqrt(3.5), theta[2], 12);
        Assert.Equal(Math.Sqrt(3.5), theta[0], 12);
        Assert.Equal(2.0, -theta[1] / theta[0], 12);
        Assert.Equal(0.7, theta[3]); // the output constant is untouched
    }
}

public class TrainerTests
{
    private static ShallowReluModel WorkedExample(int width) => new(TrainingArchitecture.PaperUnivariate(width),
        new double[] { -2, -1, 0, 1, 2, 3 }, new double[] { 0, 0, 1, 1, 0, 0 });

    private static TrainerOptions Options(TrainingOptimizer o, int steps, int seed = 5) => new(o, 0.4, 0.003, 0.01, steps, seed, 1e-8);

    [Fact]
    public void TrainingIsDeterministicGivenTheSeed()
    {
        var a = new ReweightedL1Trainer(WorkedExample(12), Options(TrainingOptimizer.ReweightedL1, 300)).Run();
        var b = new ReweightedL1Trainer(WorkedExample(12), Options(TrainingOptimizer.ReweightedL1, 300)).Run();
        var c = new ReweightedL1Trainer(WorkedExample(12), Options(TrainingOptimizer.ReweightedL1, 300, seed: 6)).Run();
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.NotEqual(a.Parameters, c.Parameters);
    }

    [Theory]
    [InlineData(TrainingOptimizer.ReweightedL1)]
    [InlineData(TrainingOptimizer.Adam)]
    [InlineData(TrainingOptimizer.AdamW)]
    public void AShortRunReducesTheLoss(TrainingOptimizer optimizer)
    {
        var model = WorkedExample(20);
        var trainer = new ReweightedL1Trainer(model, Options(optimizer, 2000));
        double initial = model.Loss(trainer.Parameters);
        var result = trainer.Run();
        Assert.True(result.FinalLoss < initial / 100, $"loss {initial} → {result.FinalLoss}");
    }

    [Fact]
    public void InitialisationIsPyTorchsUniformOnOneOverSqrtFanIn()
    {
        var arch = TrainingArchitecture.PaperMultivariate(16, 25);
        var theta = new double[arch.ParameterCount];
        ReweightedL1Trainer.Initialise(arch, theta, 1);
        Assert.All(theta.AsSpan(0, 25 * 17).ToArray(), t => Assert.InRange(Math.Abs(t), 0, 0.25));   // W and B: 1/√16
        Assert.All(theta.AsSpan(25 * 17).ToArray(), t => Assert.InRange(Math.Abs(t), 0, 0.2));         // V: 1/√25
        Assert.Contains(theta.AsSpan(0, 25 * 17).ToArray(), t => Math.Abs(t) > 0.2);                  // the wider range is used
    }

    [Fact]
    public void DeadNeuronsStayDead()
    {
        var trainer = new ReweightedL1Trainer(WorkedExample(30), Options(TrainingOptimizer.ReweightedL1, 3000) with { Lambda = 0.05 });
        var result = trainer.Run();
        var arch = trainer.Architecture;
        Assert.True(trainer.AliveNeurons < arch.Width);
        var p = result.Parameters;
        int zero = Enumerable.Range(0, arch.Width).Count(k => p[k] == 0 && p[arch.Width + k] == 0 && p[2 * arch.Width + k] == 0);
        Assert.Equal(arch.Width - trainer.AliveNeurons, zero);
    }
}
