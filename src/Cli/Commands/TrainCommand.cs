using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Verifier.Cli.Output;
using Verifier.Continuous.Training;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Formats;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Verifier.Orchestration.Comparisons;
using Verifier.Orchestration.Data;
using Verifier.Orchestration.Drivers;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier train [DATA] --p P …</c>: gradient training with the paper's Algorithm 1 or a baseline,
/// then a comparison with the provably sparsest interpolant.</summary>
public static class TrainCommand
{
    /// <summary>The header of the <c>--trace</c> CSV (read by <c>verifier plot --trace</c>; do not change).</summary>
    public const string TraceHeader = "step,loss,activeNeurons,nonzeros,lpNorm";

    /// <summary>Upper bound on the trainable parameters K·(d+2)+…: the trainer keeps about six arrays of that many
    /// doubles (θ, gradient, two Adam moments, products, thresholds), so 10⁷ is roughly 0.5 GB.</summary>
    public const long MaxTrainableParameters = 10_000_000;

    /// <summary>Upper bound on the hidden activations N·K the model caches (8 bytes each, so at most 0.8 GB).</summary>
    public const long MaxHiddenActivations = 100_000_000;

    /// <summary>Largest <c>--exact-time-limit</c> in seconds (about 11.6 days; the solver's timer takes at most ~24 days).</summary>
    public const double MaxExactTimeLimit = 1_000_000;

    internal sealed record Settings(string? DataPath, double? P, int? Width, int? Steps, double? Lr, double? Lambda, int Seed, string Optimizer,
        string? Preset, string? Trace, int TraceEvery, bool Json, string? Out, bool Quiet, double ExactTimeLimit, bool LinearTerm, int? Restarts,
        int? DataSeed);

    /// <summary>Default number of seeded runs of <c>--preset paper-univariate</c>. Measured (seeds 0–19, 100k steps, p = 0.4):
    /// a single run of Algorithm 1 ends at the sparsest 3 neurons for 3 of 20 seeds, and those runs have by far the smallest
    /// ℓ^0.4 path norm (3.32 against 3.83–4.03 for the 4-neuron ends), so the best of 32 runs by that objective is a
    /// sparsest network unless all 32 miss (about 0.85^32 ≈ 0.6 % for a random block of seeds).</summary>
    public const int UnivariatePresetRestarts = 32;

    /// <summary>Largest <c>--restarts</c>.</summary>
    public const int MaxRestarts = 10_000;

    public static Command Build()
    {
        var data = new Argument<string?>("DATA") { Description = "dataset (CSV or JSON); optional with --preset", Arity = ArgumentArity.ZeroOrOne };
        var p = new Option<double?>("--p") { Description = "exponent p in (0, 1] of the ℓ^p path norm (required for irl1)" };
        var width = new Option<int?>("--width") { Description = "number of hidden neurons K (default 80 in 1-D, 100 otherwise)" };
        var steps = new Option<int?>("--steps") { Description = "training steps (default 100000)" };
        var lr = new Option<double?>("--lr") { Description = "learning rate γ (default 0.01)" };
        var lambda = new Option<double?>("--lambda") { Description = "regularisation λ (default 0.003 in 1-D, 0.005 otherwise)" };
        var seed = new Option<int>("--seed") { Description = "seed of the initialisation, the first of --restarts runs (and of the paper-random data unless --data-seed)", DefaultValueFactory = _ => 0 };
        var optimizer = new Option<string>("--optimizer") { Description = "irl1 (the paper's Algorithm 1), adam or adamw", DefaultValueFactory = _ => "irl1" };
        optimizer.AcceptOnlyFromAmong("irl1", "adam", "adamw");
        var preset = new Option<string?>("--preset") { Description = "paper-univariate or paper-random: the paper's experiment (data and hyper-parameters)" };
        preset.AcceptOnlyFromAmong("paper-univariate", "paper-random");
        var trace = new Option<string?>("--trace") { Description = $"write a CSV trace ({TraceHeader})" };
        var traceEvery = new Option<int>("--trace-every") { Description = "steps between trace rows", DefaultValueFactory = _ => 100 };
        var quiet = new Option<bool>("--quiet") { Description = "no progress on stderr" };
        var exactLimit = new Option<double>("--exact-time-limit") { Description = "seconds for the exact comparison when d > 1 (0 skips it)", DefaultValueFactory = _ => 10 };
        var restarts = new Option<int?>("--restarts")
        {
            Description = "seeded runs from --seed, --seed + 1, …; the one reported fits the data with the smallest ℓ^p path norm " +
                          $"(default {UnivariatePresetRestarts} with --preset paper-univariate, otherwise 1)",
        };
        var dataSeed = new Option<int?>("--data-seed") { Description = "--preset paper-random: seed of the drawn dataset (default: --seed)" };
        var linear = new Option<bool>("--linear-term") { Description = "1-D only: add the free linear term a·x of paper eq. 1 (the paper's training code and the presets omit it)" };
        var json = CommonOptions.Json();
        var output = CommonOptions.Out();
        var cmd = new Command("train", "Gradient training with the paper's Algorithm 1 (Adam + reweighted-ℓ^1 proximal step) or the Adam/AdamW baselines")
            { data, p, width, steps, lr, lambda, seed, optimizer, preset, restarts, dataSeed, trace, traceEvery, quiet, exactLimit, linear, json, output };
        cmd.SetAction(r => ExitCodes.Guard(() => Run(new Settings(r.GetValue(data), r.GetValue(p), r.GetValue(width), r.GetValue(steps), r.GetValue(lr),
            r.GetValue(lambda), r.GetValue(seed), r.GetValue(optimizer)!, r.GetValue(preset), r.GetValue(trace), r.GetValue(traceEvery), r.GetValue(json),
            r.GetValue(output), r.GetValue(quiet), r.GetValue(exactLimit), r.GetValue(linear), r.GetValue(restarts), r.GetValue(dataSeed)))));
        return cmd;
    }

    /// <summary>The paper's univariate experiment data (SPEC §2 worked example, eq. 81).</summary>
    public static Dataset WorkedExample() => Dataset.Univariate(
        new Rational[] { -2, -1, 0, 1, 2, 3 }, new Rational[] { 0, 0, 1, 1, 0, 0 });

    /// <summary>The paper's random experiment data: N = 10 points in d = 50, x and y uniform on [−1, 1] (3 decimals).</summary>
    public static Dataset PaperRandomData(int seed) => BenchmarkData.Random(10, 50, seed);

    private static int Run(Settings s)
    {
        Validate(s);
        // Both outputs are declared before any work (refused when they are the data or each other) and land
        // together after the run, or not at all.
        using var outputs = new OutputFiles(s.DataPath);
        var outStream = s.Out is null ? null : outputs.Create(s.Out, "--out");
        // Not disposed here: the helper owns the stream (flushed before the commit, deleted on failure).
        var traceFile = s.Trace is null ? null : new StreamWriter(outputs.Create(s.Trace, "--trace"), new UTF8Encoding(false), 1 << 16);
        var total = Stopwatch.StartNew();
        Dataset data = s.Preset switch
        {
            "paper-univariate" => WorkedExample(),
            "paper-random" => PaperRandomData(s.DataSeed ?? s.Seed),
            _ => CommonOptions.Load(s.DataPath!).Data,
        };
        bool oneD = data.Dimension == 1;
        if (s.LinearTerm && !oneD) throw new UsageException("--linear-term is available for 1-D data only (the paper's d > 1 architecture has no linear term)");
        var algorithm = s.Optimizer switch { "adam" => TrainingOptimizer.Adam, "adamw" => TrainingOptimizer.AdamW, _ => TrainingOptimizer.ReweightedL1 };
        int width = s.Width ?? (oneD ? 80 : 100);
        ValidateSize(width, data, s.LinearTerm, oneD);
        var arch = oneD ? new TrainingArchitecture(1, width, s.LinearTerm, OutputBias: true) : TrainingArchitecture.PaperMultivariate(data.Dimension, width);
        double p = s.P ?? 1;
        var options = new TrainerOptions(algorithm, p, s.Lambda ?? (oneD ? 0.003 : 0.005), s.Lr ?? 0.01, s.Steps ?? 100_000, s.Seed,
            ZeroThreshold: oneD ? 1e-8 : 1e-6, ReportEvery: s.TraceEvery);
        int restartCount = RestartCount(s);
        // Every run's final θ is kept until the choice is made.
        long keptParameters = (long)restartCount * arch.ParameterCount;
        if (keptParameters > MaxTrainableParameters)
            throw new UsageException($"--restarts {restartCount} keeps {keptParameters} trained parameters in memory, the limit is {MaxTrainableParameters}; use fewer runs");

        traceFile?.WriteLine(TraceHeader);
        var restartProgress = restartCount > 1 ? new RestartProgress(s.Quiet ? null : Console.Error, restartCount, options.Steps) : null;
        var runs = TrainingExperiment.Train(arch, data, options, restartCount,
            o => TraceRun(arch, data, o, traceFile, quiet: s.Quiet || restartCount > 1), restartProgress, retraceChosen: traceFile is not null);
        restartProgress?.Finish();
        var best = runs.Best;
        if (best.Network is not { } net) throw Diverged("weights", best.Result.Steps, options.LearningRate);
        // Finite but huge weights can still overflow the loss, the errors or the path norm (not printable as JSON).
        if (!(double.IsFinite(best.Result.FinalLoss) && double.IsFinite(best.Mse) && double.IsFinite(best.MaxError) && double.IsFinite(best.PathNorm)))
            throw Diverged("loss, error or path norm", best.Result.Steps, options.LearningRate);
        var comparison = TrainingExperiment.Compare(data, arch, runs, net, s.ExactTimeLimit);
        if (outStream is not null) NetworkJson.Write(net, outStream);
        traceFile?.Flush();
        outputs.Commit();
        var report = new TrainReport(s, data, arch, options, algorithm, width, restartCount, runs, comparison, total.Elapsed.TotalSeconds);
        if (s.Json) report.PrintJson();
        else report.PrintText(Console.Out);
        return ExitCodes.Success;
    }

    private static void Validate(Settings s)
    {
        if (s.Preset is null && s.DataPath is null) throw new UsageException("train needs DATA or --preset");
        if (s.Preset is not null && s.DataPath is not null) throw new UsageException("give either DATA or --preset, not both");
        if (s.Optimizer == "irl1" && s.P is null) throw new UsageException("--p is required with --optimizer irl1");
        if (s.P is double p && !(p > 0 && p <= 1)) throw new UsageException($"--p must lie in (0, 1], got {p}");
        if (s.Width is int k && k < 1) throw new UsageException($"--width must be at least 1, got {k}");
        if (s.Steps is int t && t < 0) throw new UsageException($"--steps must be ≥ 0, got {t}");
        if (s.Lr is double g && !(g > 0 && double.IsFinite(g))) throw new UsageException($"--lr must be positive, got {g}");
        if (s.Lambda is double l && !(l >= 0 && double.IsFinite(l))) throw new UsageException($"--lambda must be ≥ 0, got {l}");
        if (s.TraceEvery < 1) throw new UsageException($"--trace-every must be at least 1, got {s.TraceEvery}");
        if (s.DataSeed is not null && s.Preset != "paper-random") throw new UsageException("--data-seed applies to --preset paper-random only");
        if (s.Restarts is int r && !(r >= 1 && r <= MaxRestarts)) throw new UsageException($"--restarts must lie in [1, {MaxRestarts}], got {r}");
        if ((long)s.Seed + RestartCount(s) - 1 > int.MaxValue)
            throw new UsageException($"--seed {s.Seed} with {RestartCount(s)} runs goes past the largest seed {int.MaxValue}");
        if (!(s.ExactTimeLimit >= 0 && s.ExactTimeLimit <= MaxExactTimeLimit))
            throw new UsageException($"--exact-time-limit must be a number of seconds in [0, {MaxExactTimeLimit:F0}], got {s.ExactTimeLimit}");
    }

    /// <summary>Rejects a width whose memory the trainer cannot reasonably hold, before anything is allocated.</summary>
    private static void ValidateSize(int width, Dataset data, bool linearTerm, bool oneD)
    {
        long trainable = TrainingArchitecture.RequiredParameters(data.Dimension, width, linearTerm, outputBias: oneD);
        if (trainable > MaxTrainableParameters)
            throw new UsageException($"--width {width} is too large for d = {data.Dimension}: {trainable} trainable parameters, the limit is {MaxTrainableParameters} (about 0.5 GB)");
        long activations = (long)width * data.Count;
        if (activations > MaxHiddenActivations)
            throw new UsageException($"--width {width} is too large for N = {data.Count} points: {activations} hidden activations, the limit is {MaxHiddenActivations} (0.8 GB)");
    }

    private static UsageException Diverged(string what, int steps, double learningRate) =>
        new($"training diverged: non-finite {what} after {steps} steps (γ = {Report.F(learningRate)}; try a smaller --lr)");

    /// <summary>The rule by which <c>--restarts</c> picks its run (<see cref="SeededRestarts"/>).</summary>
    public const string RestartRule = "among the runs that fit the data, the smallest ℓ^p path norm (lower seed on ties; smallest loss if none fits)";

    private static int RestartCount(Settings s) => s.Restarts ?? (s.Preset == "paper-univariate" ? UnivariatePresetRestarts : 1);

    /// <summary>One run of the configuration, with the trace rows and the progress lines.</summary>
    private static TrainingRun TraceRun(TrainingArchitecture arch, Dataset data, TrainerOptions options, TextWriter? traceFile, bool quiet)
    {
        var observer = new Observer(traceFile, quiet ? null : Console.Error, options.Steps);
        var clock = Stopwatch.StartNew();
        var result = new ReweightedL1Trainer(new ShallowReluModel(arch, data.XDouble, data.YDouble), options).Run(observer);
        double seconds = clock.Elapsed.TotalSeconds;
        observer.Finish();
        return SeededRestarts.Measure(arch, data.XDouble, data.YDouble, options, result, seconds);
    }

    /// <summary>Writes trace rows and throttled progress lines (at most one per second) as snapshots arrive.</summary>
    private sealed class Observer(TextWriter? trace, TextWriter? progress, int steps) : IProgress<TrainingSnapshot>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private double _lastPrint;
        private bool _printed;

        public void Report(TrainingSnapshot s)
        {
            trace?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Step},{s.Loss:R},{s.ActiveNeurons},{s.Nonzeros},{s.LpNorm:R}"));
            double now = _clock.Elapsed.TotalSeconds;
            if (progress is null || now - _lastPrint < 1) return;
            _lastPrint = now; _printed = true;
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"train: step {s.Step}/{steps} ({100.0 * s.Step / Math.Max(steps, 1):F0}%), loss {s.Loss:G3}, {s.ActiveNeurons} active neurons, {s.Nonzeros} nonzeros"));
        }

        public void Finish()
        {
            if (_printed) progress?.WriteLine("train: done");
        }
    }

    /// <summary>Progress of a <c>--restarts</c> batch on stderr (at most one line per second; reports come from worker threads).</summary>
    private sealed class RestartProgress(TextWriter? progress, int runs, int steps) : IProgress<int>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Lock _gate = new();
        private double _lastPrint;
        private bool _printed;

        public void Report(int done)
        {
            if (progress is null) return;
            lock (_gate)
            {
                double now = _clock.Elapsed.TotalSeconds;
                if (now - _lastPrint < 1) return;
                _lastPrint = now; _printed = true;
                progress.WriteLine($"train: {done}/{runs} runs of {steps} steps finished");
            }
        }

        public void Finish()
        {
            if (_printed) progress?.WriteLine("train: done");
        }
    }
}
