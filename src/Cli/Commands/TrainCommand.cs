using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Verifier.Continuous.Training;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Formats;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier train [DATA] --p P …</c>: gradient training with the paper's Algorithm 1 or a baseline,
/// then a comparison with the provably sparsest interpolant.</summary>
public static class TrainCommand
{
    /// <summary>The header of the <c>--trace</c> CSV (read by <c>verifier plot --trace</c>; do not change).</summary>
    public const string TraceHeader = "step,loss,activeNeurons,nonzeros,lpNorm";

    private sealed record Settings(string? DataPath, double? P, int? Width, int? Steps, double? Lr, double? Lambda, int Seed, string Optimizer,
        string? Preset, string? Trace, int TraceEvery, bool Json, string? Out, bool Quiet, double ExactTimeLimit, bool LinearTerm);

    public static Command Build()
    {
        var data = new Argument<string?>("DATA") { Description = "dataset (CSV or JSON); optional with --preset", Arity = ArgumentArity.ZeroOrOne };
        var p = new Option<double?>("--p") { Description = "exponent p in (0, 1] of the ℓ^p path norm (required for irl1)" };
        var width = new Option<int?>("--width") { Description = "number of hidden neurons K (default 80 in 1-D, 100 otherwise)" };
        var steps = new Option<int?>("--steps") { Description = "training steps (default 100000)" };
        var lr = new Option<double?>("--lr") { Description = "learning rate γ (default 0.01)" };
        var lambda = new Option<double?>("--lambda") { Description = "regularisation λ (default 0.003 in 1-D, 0.005 otherwise)" };
        var seed = new Option<int>("--seed") { Description = "seed of the initialisation (and of the paper-random data)", DefaultValueFactory = _ => 0 };
        var optimizer = new Option<string>("--optimizer") { Description = "irl1 (the paper's Algorithm 1), adam or adamw", DefaultValueFactory = _ => "irl1" };
        optimizer.AcceptOnlyFromAmong("irl1", "adam", "adamw");
        var preset = new Option<string?>("--preset") { Description = "paper-univariate or paper-random: the paper's experiment (data and hyper-parameters)" };
        preset.AcceptOnlyFromAmong("paper-univariate", "paper-random");
        var trace = new Option<string?>("--trace") { Description = $"write a CSV trace ({TraceHeader})" };
        var traceEvery = new Option<int>("--trace-every") { Description = "steps between trace rows", DefaultValueFactory = _ => 100 };
        var quiet = new Option<bool>("--quiet") { Description = "no progress on stderr" };
        var exactLimit = new Option<double>("--exact-time-limit") { Description = "seconds for the exact comparison when d > 1 (0 skips it)", DefaultValueFactory = _ => 10 };
        var linear = new Option<bool>("--linear-term") { Description = "1-D only: add the free linear term a·x of paper eq. 1 (the paper's training code and the presets omit it)" };
        var json = CommonOptions.Json();
        var output = CommonOptions.Out();
        var cmd = new Command("train", "Gradient training with the paper's Algorithm 1 (Adam + reweighted-ℓ^1 proximal step) or the Adam/AdamW baselines")
            { data, p, width, steps, lr, lambda, seed, optimizer, preset, trace, traceEvery, quiet, exactLimit, linear, json, output };
        cmd.SetAction(r => ExitCodes.Guard(() => Run(new Settings(r.GetValue(data), r.GetValue(p), r.GetValue(width), r.GetValue(steps), r.GetValue(lr),
            r.GetValue(lambda), r.GetValue(seed), r.GetValue(optimizer)!, r.GetValue(preset), r.GetValue(trace), r.GetValue(traceEvery), r.GetValue(json),
            r.GetValue(output), r.GetValue(quiet), r.GetValue(exactLimit), r.GetValue(linear)))));
        return cmd;
    }

    /// <summary>The paper's univariate experiment data (SPEC §2 worked example, eq. 81).</summary>
    public static Dataset WorkedExample() => Dataset.Univariate(
        new Rational[] { -2, -1, 0, 1, 2, 3 }, new Rational[] { 0, 0, 1, 1, 0, 0 });

    /// <summary>The paper's random experiment data: N = 10 points in d = 50, x and y uniform on [−1, 1] (3 decimals).</summary>
    public static Dataset PaperRandomData(int seed) => MipBenchmark.RandomData(10, 50, seed);

    private static int Run(Settings s)
    {
        Validate(s);
        var total = Stopwatch.StartNew();
        Dataset data = s.Preset switch
        {
            "paper-univariate" => WorkedExample(),
            "paper-random" => PaperRandomData(s.Seed),
            _ => CommonOptions.Load(s.DataPath!).Data,
        };
        bool oneD = data.Dimension == 1;
        if (s.LinearTerm && !oneD) throw new UsageException("--linear-term is available for 1-D data only (the paper's d > 1 architecture has no linear term)");
        var algorithm = s.Optimizer switch { "adam" => TrainingOptimizer.Adam, "adamw" => TrainingOptimizer.AdamW, _ => TrainingOptimizer.ReweightedL1 };
        int width = s.Width ?? (oneD ? 80 : 100);
        var arch = oneD ? new TrainingArchitecture(1, width, s.LinearTerm, OutputBias: true) : TrainingArchitecture.PaperMultivariate(data.Dimension, width);
        double p = s.P ?? 1;
        var options = new TrainerOptions(algorithm, p, s.Lambda ?? (oneD ? 0.003 : 0.005), s.Lr ?? 0.01, s.Steps ?? 100_000, s.Seed,
            ZeroThreshold: oneD ? 1e-8 : 1e-6, ReportEvery: s.TraceEvery);
        var model = new ShallowReluModel(arch, data.XDouble, data.YDouble);
        var trainer = new ReweightedL1Trainer(model, options);

        using var traceWriter = s.Trace is null ? null : new StreamWriter(s.Trace, false, new UTF8Encoding(false));
        traceWriter?.WriteLine(TraceHeader);
        var observer = new Observer(traceWriter, s.Quiet ? null : Console.Error, options.Steps);
        var clock = Stopwatch.StartNew();
        var result = trainer.Run(observer);
        double trainSeconds = clock.Elapsed.TotalSeconds;
        observer.Finish();

        var net = TrainedNetwork.ToNetwork(arch, result.Parameters, options.ZeroThreshold);
        var (mse, maxError) = Errors(net, data);
        var exactCheck = InterpolationCheck.Check(net, data);
        int neurons = SparsityMeasures.ActiveNeurons(net), parameters = SparsityMeasures.NonzeroParameters(net);
        double pathNorm = SparsityMeasures.PathNorm(net, p);
        SparsestReferenceResult? reference = oneD ? SparsestReference.Univariate(data, arch)
            : s.ExactTimeLimit > 0 ? SparsestReference.Multivariate(data, s.ExactTimeLimit) : null;
        int reached = oneD ? neurons : parameters;
        bool? reachedSparsest = reference?.Exact is int exact ? reached == exact : null;
        if (s.Out is not null) NetworkJson.Write(net, s.Out);
        string optimizerName = s.Optimizer;

        if (s.Json)
        {
            var obj = new JsonObject
            {
                ["neurons"] = neurons,
                ["parameters"] = parameters,
                ["mse"] = mse,
                ["maxError"] = maxError,
                ["steps"] = result.Steps,
                ["seconds"] = CommonOptions.Round(total.Elapsed.TotalSeconds),
                ["trainingSeconds"] = CommonOptions.Round(trainSeconds),
                ["microsecondsPerStep"] = result.Steps > 0 ? Math.Round(trainSeconds * 1e6 / result.Steps, 3) : null,
                ["preset"] = s.Preset,
                ["optimizer"] = optimizerName,
                ["p"] = s.P,
                ["lambda"] = options.Lambda,
                ["lr"] = options.LearningRate,
                ["width"] = width,
                ["seed"] = s.Seed,
                ["inputDim"] = data.Dimension,
                ["points"] = data.Count,
                ["linearTerm"] = arch.LinearTerm,
                ["outputBias"] = arch.OutputBias,
                ["biasPenalised"] = arch.BiasPenalised,
                ["zeroThreshold"] = options.ZeroThreshold,
                ["pathNorm"] = pathNorm,
                ["pathNormP"] = p,
                ["trainingLoss"] = result.FinalLoss,
                ["interpolatesExactly"] = exactCheck.Interpolates,
                ["verified"] = exactCheck.Interpolates,
                ["exactMethod"] = reference?.Method,
                ["exactStatus"] = reference?.Status,
                ["exactObjective"] = reference?.Objective,
                ["exactSparsest"] = reference?.Exact,
                ["exactLowerBound"] = reference?.LowerBound,
                ["exactUpperBound"] = reference?.UpperBound,
                ["reachedSparsest"] = reachedSparsest,
            };
            CommonOptions.PrintJson(obj, net, writeNetwork: true);
        }
        else
        {
            var o = Console.Out;
            string what = s.Preset is null ? s.DataPath! : $"preset {s.Preset}";
            o.WriteLine($"trained on {what} ({data.Count} points, d = {data.Dimension}) with {optimizerName}" +
                        (algorithm == TrainingOptimizer.ReweightedL1 ? $", p = {Report.F(p)}" : "") +
                        $", K = {width}, {result.Steps} steps, γ = {Report.F(options.LearningRate)}, λ = {Report.F(options.Lambda)}, seed {s.Seed}");
            o.WriteLine($"  architecture: {(arch.BiasPenalised ? "bias penalised" : "bias free")}, linear term {(arch.LinearTerm ? "yes" : "no")}, output constant {(arch.OutputBias ? "yes" : "no")}");
            o.WriteLine($"  {trainSeconds:F3} s ({(result.Steps > 0 ? trainSeconds * 1e6 / result.Steps : 0):F2} µs/step)");
            o.WriteLine($"  active neurons {neurons}, nonzero parameters {parameters}, ℓ^{Report.F(p)} path norm {Report.F(pathNorm)} (|v·w| ≤ {options.ZeroThreshold:G2} counted as 0)");
            o.WriteLine($"  mse {mse:G4}, max error {maxError:G4}: floating-point weights interpolate only approximately" +
                        (exactCheck.Interpolates ? " (this one exactly)" : " (exact check: does not interpolate exactly)"));
            if (reference is null) o.WriteLine("  exact comparison skipped (--exact-time-limit 0)");
            else if (reference.Exact is int e)
                o.WriteLine($"  sparsest possible ({reference.Objective}, proven by {reference.Method}): {e}; reached: {(reachedSparsest == true ? "yes" : "no")}");
            else
                o.WriteLine($"  sparsest possible ({reference.Objective}) not proven ({reference.Method}, {reference.Status}): between {reference.LowerBound} and {(reference.UpperBound?.ToString(CultureInfo.InvariantCulture) ?? "?")}");
            if (s.Trace is not null) o.WriteLine($"  trace written to {s.Trace}");
            if (s.Out is not null) o.WriteLine($"  network written to {s.Out}");
        }
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
        if (!(s.ExactTimeLimit >= 0)) throw new UsageException($"--exact-time-limit must be ≥ 0, got {s.ExactTimeLimit}");
    }

    private static (double Mse, double MaxError) Errors(ShallowReluNetwork net, Dataset data)
    {
        var x = data.XDouble; var y = data.YDouble;
        int d = data.Dimension;
        double sum = 0, max = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double r = Math.Abs(net.Evaluate(x.AsSpan(i * d, d)) - y[i]);
            sum += r * r; max = Math.Max(max, r);
        }
        return (sum / data.Count, max);
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
}
