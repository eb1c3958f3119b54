using System.Diagnostics;
using Verifier.Shared.Networks;

namespace Verifier.Continuous.Training;

/// <summary>One finished training run, measured on its pruned network (<see cref="TrainedNetwork.ToNetwork"/>): counts,
/// ℓ^p path norm, mean squared and largest residual on the data (floating point), and whether it fits by
/// <see cref="SparsestComparison"/>'s rule. A run whose weights are not all finite (diverged) has no network, NaN
/// measures, and never fits.</summary>
public sealed record TrainingRun(int Seed, TrainingResult Result, ShallowReluNetwork? Network, int ActiveNeurons, int NonzeroParameters,
    double PathNorm, double Mse, double MaxError, bool Fits, double Seconds);

/// <summary>
/// A multi-start of one training configuration: R complete, independent runs of the same algorithm on the same data
/// from the initialisation seeds s, s + 1, …, s + R − 1 (each reproducible on its own with that seed), and the choice
/// of one of them by the training problem itself — never by the exact answer:
/// <list type="number">
/// <item>among the runs whose network fits the data (<see cref="SparsestComparison.Fits"/>), the one with the smallest
/// ℓ^p path norm Σ_k Σ_i |v_k w̄_{k,i}|^p (the objective of the paper's problem (2)/(8) that Algorithm 1 minimises, with
/// the options' p; p = 1 for the Adam baselines);</item>
/// <item>if no run fits, the one with the smallest final loss;</item>
/// <item>ties go to the lower seed.</item>
/// </list>
/// Every run is Algorithm 1 (or the baseline) unchanged; only the choice among runs is added. Runs go in parallel on
/// the available cores, and the result does not depend on their order.
/// </summary>
public static class SeededRestarts
{
    /// <summary>Runs <paramref name="restarts"/> seeds from <c>options.Seed</c>; <paramref name="completed"/> receives
    /// the number of finished runs (from the worker threads).</summary>
    public static IReadOnlyList<TrainingRun> Run(TrainingArchitecture arch, double[] x, double[] y, TrainerOptions options, int restarts,
        IProgress<int>? completed = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(restarts, 1);
        var runs = new TrainingRun[restarts];
        int done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellation };
        Parallel.For(0, restarts, parallel, r =>
        {
            var clock = Stopwatch.StartNew();
            var runOptions = options with { Seed = options.Seed + r, ReportEvery = 0 };
            var result = new ReweightedL1Trainer(new ShallowReluModel(arch, x, y), runOptions).Run(null, cancellation);
            runs[r] = Measure(arch, x, y, runOptions, result, clock.Elapsed.TotalSeconds);
            completed?.Report(Interlocked.Increment(ref done));
        });
        return runs;
    }

    /// <summary>Measures one finished run (pruned network, counts, path norm, fit).</summary>
    public static TrainingRun Measure(TrainingArchitecture arch, double[] x, double[] y, TrainerOptions options, TrainingResult result, double seconds)
    {
        if (!result.Parameters.All(double.IsFinite))
            return new TrainingRun(options.Seed, result, null, 0, 0, double.NaN, double.NaN, double.NaN, false, seconds);
        var net = TrainedNetwork.ToNetwork(arch, result.Parameters, options.ZeroThreshold);
        int d = arch.InputDim;
        double sum = 0, maxError = 0; // Math.Max propagates NaN, so a NaN residual never fits
        for (int i = 0; i < y.Length; i++)
        {
            double residual = Math.Abs(net.Evaluate(x.AsSpan(i * d, d)) - y[i]);
            sum += residual * residual;
            maxError = Math.Max(maxError, residual);
        }
        bool fits = SparsestComparison.Fits(maxError, SparsestComparison.FitTolerance(y));
        return new TrainingRun(options.Seed, result, net, SparsityMeasures.ActiveNeurons(net), SparsityMeasures.NonzeroParameters(net),
            SparsityMeasures.PathNorm(net, options.P), sum / y.Length, maxError, fits, seconds);
    }

    /// <summary>The chosen run (see the class contract): fitting runs by path norm, otherwise by final loss; lower seed on ties.
    /// Non-finite values never win over finite ones.</summary>
    public static TrainingRun Best(IReadOnlyList<TrainingRun> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("no runs to choose from", nameof(runs));
        var fitting = runs.Where(r => r.Fits && double.IsFinite(r.PathNorm)).ToList();
        if (fitting.Count > 0) return fitting.OrderBy(r => r.PathNorm).ThenBy(r => r.Seed).First();
        return runs.OrderBy(r => double.IsFinite(r.Result.FinalLoss) ? 0 : 1).ThenBy(r => r.Result.FinalLoss).ThenBy(r => r.Seed).First();
    }
}
