using Verifier.Continuous.Training;
using Verifier.Orchestration.Comparisons;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;

namespace Verifier.Orchestration.Drivers;

/// <summary>The runs of one training configuration: the chosen run, every run of a multi-start (empty for one run),
/// and the time spent.</summary>
public sealed record TrainingRuns(TrainingRun Best, IReadOnlyList<TrainingRun> Runs, double Seconds, int TotalSteps, double RunSeconds);

/// <summary>A trained network against the exact answer: its exact interpolation check, the fit rule of
/// <see cref="SparsestComparison"/>, the proven sparsest reference and whether the run (and how many runs) reached it.</summary>
public sealed record TrainingComparison(ShallowReluNetwork Network, InterpolationVerdict ExactCheck, double FitTolerance,
    int Neurons, int Parameters, SparsestReferenceResult? Reference, bool? ReachedSparsest, int? RunsReaching);

/// <summary>
/// The <c>train</c> experiment as a driver over both sides: Algorithm 1 (or a baseline) once or as a seeded multi-start
/// (<see cref="SeededRestarts"/>, the choice made by the training objective only), then the comparison with the
/// provably sparsest count (<see cref="SparsestReference"/>: 1-D exactly, d &gt; 1 by the exact solver within a limit).
/// </summary>
public static class TrainingExperiment
{
    /// <summary>Trains <paramref name="restarts"/> runs. One run goes through <paramref name="traced"/> (which records
    /// its trace); of several, the chosen one is run again through <paramref name="traced"/> when
    /// <paramref name="retraceChosen"/>, and must reproduce bit for bit.</summary>
    public static TrainingRuns Train(TrainingArchitecture arch, Dataset data, TrainerOptions options, int restarts,
        Func<TrainerOptions, TrainingRun> traced, IProgress<int>? restartProgress, bool retraceChosen)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (restarts == 1)
        {
            var single = traced(options);
            double seconds = clock.Elapsed.TotalSeconds;
            return new TrainingRuns(single, [], seconds, single.Result.Steps, seconds);
        }
        var runs = SeededRestarts.Run(arch, data.XDouble, data.YDouble, options, restarts, restartProgress);
        var best = SeededRestarts.Best(runs);
        if (retraceChosen && best.Network is not null)
        {
            // Runs are reproducible from their seed: the chosen one is run again, with the trace.
            var again = traced(options with { Seed = best.Seed });
            if (!again.Result.Parameters.AsSpan().SequenceEqual(best.Result.Parameters))
                throw new InvalidOperationException($"the run with seed {best.Seed} did not reproduce bit for bit");
        }
        return new TrainingRuns(best, runs, clock.Elapsed.TotalSeconds, runs.Sum(r => r.Result.Steps), runs.Sum(r => r.Seconds));
    }

    /// <summary>Compares the chosen (finite) network with the proven sparsest count: neurons in 1-D, nonzero
    /// parameters for d &gt; 1 (there only when <paramref name="exactTimeLimit"/> &gt; 0).</summary>
    public static TrainingComparison Compare(Dataset data, TrainingArchitecture arch, TrainingRuns runs, ShallowReluNetwork network, double exactTimeLimit)
    {
        bool oneD = data.Dimension == 1;
        var reference = oneD ? SparsestReference.Univariate(data, arch)
            : exactTimeLimit > 0 ? SparsestReference.Multivariate(data, exactTimeLimit) : null;
        int neurons = SparsityMeasures.ActiveNeurons(network), parameters = SparsityMeasures.NonzeroParameters(network);
        bool? reached = SparsestComparison.Reached(oneD ? neurons : parameters, runs.Best.Fits, reference);
        int? runsReaching = runs.Runs.Count == 0 || reference?.Exact is null ? null
            : runs.Runs.Count(r => SparsestComparison.Reached(oneD ? r.ActiveNeurons : r.NonzeroParameters, r.Fits, reference) == true);
        return new TrainingComparison(network, InterpolationCheck.Check(network, data), SparsestComparison.FitTolerance(data.YDouble),
            neurons, parameters, reference, reached, runsReaching);
    }
}
