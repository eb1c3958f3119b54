namespace Verifier.Continuous.Training;

/// <summary>Which update the trainer applies each step.</summary>
public enum TrainingOptimizer
{
    /// <summary>The paper's Algorithm 1: Adam on the loss, then the reweighted-ℓ^1 proximal step (SPEC §4).</summary>
    ReweightedL1,
    /// <summary>Plain Adam on the mean squared loss (baseline, no regularisation).</summary>
    Adam,
    /// <summary>AdamW: Adam with decoupled weight decay λ on every parameter (PyTorch semantics).</summary>
    AdamW,
}

/// <summary>Hyper-parameters of a training run. Adam constants are PyTorch's defaults.</summary>
/// <param name="P">Exponent p ∈ (0, 1] of the ℓ^p path norm (used by the proximal step and for reporting).</param>
/// <param name="Lambda">Regularisation weight λ (AdamW: the decoupled weight decay).</param>
/// <param name="LearningRate">Step size γ.</param>
/// <param name="ZeroThreshold">|u| at or below this counts as zero when reporting (1e-8 in 1-D, 1e-6 for d &gt; 1).</param>
/// <param name="DeadThreshold">A neuron whose ‖u_k‖_2 falls below this after the proximal step is set to zero.</param>
/// <param name="ProximalFromStep">First (1-based) step with the proximal step; the paper starts at step 6.</param>
/// <param name="ReportEvery">Steps between <see cref="TrainingSnapshot"/> reports (0: never).</param>
public sealed record TrainerOptions(
    TrainingOptimizer Optimizer,
    double P,
    double Lambda,
    double LearningRate,
    int Steps,
    int Seed,
    double ZeroThreshold,
    double DeadThreshold = 1e-12,
    int ProximalFromStep = 6,
    int ReportEvery = 100,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Epsilon = 1e-8)
{
    internal void Validate()
    {
        if (!(P > 0 && P <= 1)) throw new ArgumentOutOfRangeException(nameof(P), $"p must lie in (0, 1], got {P}");
        if (!(Lambda >= 0) || !double.IsFinite(Lambda)) throw new ArgumentOutOfRangeException(nameof(Lambda), $"λ must be a finite number ≥ 0, got {Lambda}");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), $"the learning rate must be positive, got {LearningRate}");
        if (Steps < 0) throw new ArgumentOutOfRangeException(nameof(Steps), "the number of steps must be ≥ 0");
        if (ReportEvery < 0) throw new ArgumentOutOfRangeException(nameof(ReportEvery));
    }
}

/// <summary>State of a run at one step: the loss at the start of that step (before its update), and the sparsity
/// of the parameters after it, counted with <see cref="TrainerOptions.ZeroThreshold"/>.</summary>
public sealed record TrainingSnapshot(int Step, double Loss, int ActiveNeurons, int Nonzeros, double LpNorm);
