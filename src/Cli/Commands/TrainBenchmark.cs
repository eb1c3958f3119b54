using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Verifier.Continuous.Training;
using Verifier.Shared.Data;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier bench train</c>: µs per training step of Algorithm 1 on the two preset shapes, against the
/// PyTorch figures quoted in the issue (about 330 µs/step univariate, 450 µs/step random; one thread; constants, not
/// measured here, and labelled so in the output). Targets: 20× and 10× faster.</summary>
public static class TrainBenchmark
{
    public static Command Build()
    {
        var steps = new Option<int>("--steps") { Description = "timed steps per shape (after a warm-up of 500 steps)", DefaultValueFactory = _ => 5000 };
        var p = new Option<double>("--p") { Description = "exponent p", DefaultValueFactory = _ => 0.4 };
        var json = CommonOptions.Json();
        var cmd = new Command("train", "µs per step of the paper's trainer on the univariate (K=80, N=6) and random (K=100, N=10, d=50) shapes") { steps, p, json };
        cmd.SetAction(r => ExitCodes.Guard(() => Run(r.GetValue(steps), r.GetValue(p), r.GetValue(json))));
        return cmd;
    }

    /// <summary>The label of the PyTorch µs figures: constants quoted from the issue, not timed by this command.</summary>
    public const string PyTorchLabel = "reference figure from the issue (not measured here)";

    private static int Run(int steps, double p, bool json)
    {
        if (steps < 1) throw new UsageException($"--steps must be at least 1, got {steps}");
        if (!(p > 0 && p <= 1)) throw new UsageException($"--p must lie in (0, 1], got {p}");
        var human = json ? Console.Error : Console.Out; // with --json these lines are progress, the JSON the answer
        var rows = new JsonArray();
        human.WriteLine($"one thread, {steps} timed steps after 500 warm-up steps (the timed steps are mostly past the dense start: see the full-run µs/step of 'train --json')");
        human.WriteLine($"PyTorch µs/step (330 univariate, 450 random): {PyTorchLabel}; the ratios below divide by them");
        Measure("univariate K=80 N=6 d=1", TrainCommand.WorkedExample(), 80, 0.003, 1e-8, p, steps, 330, 20, human, rows);
        Measure("random K=100 N=10 d=50", TrainCommand.PaperRandomData(0), 100, 0.005, 1e-6, p, steps, 450, 10, human, rows);
        if (json) CommonOptions.PrintJson(new JsonObject { ["steps"] = steps, ["p"] = p, ["pyTorchLabel"] = PyTorchLabel, ["rows"] = rows });
        return ExitCodes.Success;
    }

    private static void Measure(string name, Dataset data, int width, double lambda, double threshold, double p, int steps, double torchMicros, double target,
        TextWriter human, JsonArray rows)
    {
        var arch = TrainingArchitecture.PaperDefault(data.Dimension, width);
        var model = new ShallowReluModel(arch, data.XDouble, data.YDouble);
        foreach (var optimizer in new[] { TrainingOptimizer.ReweightedL1, TrainingOptimizer.Adam })
        {
            var trainer = new ReweightedL1Trainer(model, new TrainerOptions(optimizer, p, lambda, 0.01, int.MaxValue, 0, threshold));
            var warm = Stopwatch.StartNew();
            for (int i = 0; i < 500; i++) trainer.Step();
            double warmMicros = warm.Elapsed.TotalMicroseconds / 500;
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++) trainer.Step();
            double micros = sw.Elapsed.TotalMicroseconds / steps;
            long bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            var snap = trainer.Snapshot(double.NaN);
            rows.Add(new JsonObject
            {
                ["shape"] = name, ["optimizer"] = optimizer == TrainingOptimizer.ReweightedL1 ? "irl1" : "adam",
                ["microsecondsPerStep"] = Math.Round(micros, 3), ["pyTorchMicrosecondsPerStep"] = torchMicros, ["speedup"] = Math.Round(torchMicros / micros, 2),
                ["target"] = target, ["bytesPerStep"] = Math.Round(bytes / (double)steps, 1), ["activeNeurons"] = snap.ActiveNeurons, ["nonzeros"] = snap.Nonzeros,
            });
            human.WriteLine($"{name,-26} {(optimizer == TrainingOptimizer.ReweightedL1 ? "irl1" : "adam"),-5} {micros,8:F2} µs/step  " +
                              $"{torchMicros / micros,6:F1}× PyTorch {torchMicros:F0} µs/step [{PyTorchLabel}] (target {target}×)  {bytes / (double)steps:F1} B/step allocated  " +
                              $"[{snap.ActiveNeurons} active, {snap.Nonzeros} nonzeros at step {trainer.StepCount}; first 500 dense steps incl. JIT {warmMicros:F1} µs/step]");
        }
    }
}
