using System.Globalization;
using System.Text.Json.Nodes;
using Verifier.Continuous.Training;
using Verifier.Orchestration.Drivers;
using Verifier.Shared.Data;

namespace Verifier.Cli.Commands;

/// <summary>What <c>train</c> prints: the JSON object (field names fixed in INTERFACE.md) or the text report of one
/// <see cref="TrainingExperiment"/>. No computation here.</summary>
internal sealed record TrainReport(TrainCommand.Settings Settings, Dataset Data, TrainingArchitecture Architecture, TrainerOptions Options,
    TrainingOptimizer Algorithm, int Width, int RestartCount, TrainingRuns Runs, TrainingComparison Comparison, double TotalSeconds)
{
    public void PrintJson()
    {
        var s = Settings;
        var (data, arch, options, algorithm, width, restartCount) = (Data, Architecture, Options, Algorithm, Width, RestartCount);
        var best = Runs.Best;
        var result = best.Result;
        var runs = Runs.Runs;
        var (trainSeconds, totalSteps, runSeconds) = (Runs.Seconds, Runs.TotalSteps, Runs.RunSeconds);
        var (mse, maxError, pathNorm) = (best.Mse, best.MaxError, best.PathNorm);
        var (net, exactCheck, fitTolerance, neurons, parameters) = (Comparison.Network, Comparison.ExactCheck, Comparison.FitTolerance, Comparison.Neurons, Comparison.Parameters);
        var (reference, reachedSparsest, runsReaching) = (Comparison.Reference, Comparison.ReachedSparsest, Comparison.RunsReaching);
        bool fits = best.Fits, oneD = data.Dimension == 1, usesLambda = algorithm != TrainingOptimizer.Adam;
        double p = s.P ?? 1;
        string optimizerName = s.Optimizer;
        var obj = new JsonObject
        {
            ["neurons"] = neurons,
            ["parameters"] = parameters,
            ["mse"] = mse,
            ["maxError"] = maxError,
            ["steps"] = result.Steps,
            ["seconds"] = CommonOptions.Round(TotalSeconds),
            ["trainingSeconds"] = CommonOptions.Round(trainSeconds),
            ["microsecondsPerStep"] = totalSteps > 0 ? Math.Round(runSeconds * 1e6 / totalSteps, 3) : null,
            ["preset"] = s.Preset,
            ["optimizer"] = optimizerName,
            ["p"] = s.P,
            ["lambda"] = usesLambda ? options.Lambda : null,
            ["lr"] = options.LearningRate,
            ["width"] = width,
            ["seed"] = best.Seed,
            ["restarts"] = restartCount,
            ["firstSeed"] = s.Seed,
            ["dataSeed"] = s.Preset == "paper-random" ? s.DataSeed ?? s.Seed : null,
            ["restartRule"] = restartCount > 1 ? RestartRule : null,
            ["runs"] = restartCount > 1 ? new JsonArray(runs.Select(r => (JsonNode)new JsonObject
            {
                ["seed"] = r.Seed, ["diverged"] = r.Network is null,
                ["neurons"] = r.Network is null ? null : r.ActiveNeurons, ["parameters"] = r.Network is null ? null : r.NonzeroParameters,
                ["pathNorm"] = CommonOptions.Finite(r.PathNorm), ["maxError"] = CommonOptions.Finite(r.MaxError), ["fitsData"] = r.Fits,
            }).ToArray()) : null,
            ["runsReachingSparsest"] = runsReaching,
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
            ["fitTolerance"] = fitTolerance,
            ["fitsData"] = fits,
            ["exactMethod"] = reference?.Method,
            ["exactStatus"] = reference?.Status,
            ["exactObjective"] = reference?.Objective,
            ["exactSparsest"] = reference?.Exact,
            ["exactLowerBound"] = reference?.LowerBound,
            ["exactUpperBound"] = reference?.UpperBound,
            ["reachedSparsest"] = reachedSparsest,
            ["reachedSparsestRule"] = SparsestComparison.Rule,
        };
        CommonOptions.PrintJson(obj, net, writeNetwork: true);
    }

    public void PrintText(TextWriter o)
    {
        var s = Settings;
        var best = Runs.Best;
        var c = Comparison;
        var runs = Runs.Runs;
        bool oneD = Data.Dimension == 1;
        double p = s.P ?? 1;
        string what = s.Preset is null ? s.DataPath! : $"preset {s.Preset}";
        o.WriteLine($"trained on {what} ({Data.Count} points, d = {Data.Dimension}) with {s.Optimizer}" +
                    (Algorithm == TrainingOptimizer.ReweightedL1 ? $", p = {Report.F(p)}" : "") +
                    $", K = {Width}, {best.Result.Steps} steps, γ = {Report.F(Options.LearningRate)}, " +
                    (Algorithm != TrainingOptimizer.Adam ? $"λ = {Report.F(Options.Lambda)}" : "λ unused") + $", seed {best.Seed}");
        if (RestartCount > 1)
            o.WriteLine($"  best of {RestartCount} seeded runs (seeds {s.Seed}…{s.Seed + RestartCount - 1}): {RestartRule}; " +
                        $"run counts {Histogram(runs.Where(r => r.Network is not null).Select(r => oneD ? r.ActiveNeurons : r.NonzeroParameters))} {(oneD ? "neurons" : "nonzeros")}" +
                        (runs.Count(r => r.Network is null) is int diverged and > 0 ? $" ({diverged} diverged)" : "") + ", " +
                        $"{runs.Count(r => r.Fits)} of {RestartCount} fit" +
                        (c.RunsReaching is int k ? $", {k} of {RestartCount} reached the proven sparsest count" : ""));
        o.WriteLine($"  architecture: {(Architecture.BiasPenalised ? "bias penalised" : "bias free")}, linear term {(Architecture.LinearTerm ? "yes" : "no")}, output constant {(Architecture.OutputBias ? "yes" : "no")}");
        o.WriteLine($"  {Runs.Seconds:F3} s ({(Runs.TotalSteps > 0 ? Runs.RunSeconds * 1e6 / Runs.TotalSteps : 0):F2} µs/step" +
                    (RestartCount > 1 ? $" per run, {RestartCount} runs on {Environment.ProcessorCount} cores)" : ")"));
        o.WriteLine($"  active neurons {c.Neurons}, nonzero parameters {c.Parameters}, ℓ^{Report.F(p)} path norm {Report.F(best.PathNorm)} (|v·w| ≤ {Options.ZeroThreshold:G2} counted as 0)");
        o.WriteLine($"  mse {best.Mse:G4}, max error {best.MaxError:G4}: floating-point weights interpolate only approximately" +
                    (c.ExactCheck.Interpolates ? " (this one exactly)" : " (exact check: does not interpolate exactly)"));
        o.WriteLine($"  fits the data within {c.FitTolerance:G4} = 1e-3·max(max_i |y_i|, 1e-12): {(best.Fits ? "yes" : "no")}");
        if (c.Reference is not { } reference) o.WriteLine("  exact comparison skipped (--exact-time-limit 0)");
        else if (reference.Exact is int e)
            o.WriteLine($"  sparsest possible ({reference.Objective}, proven by {reference.Method}): {e}; reached: {Verdict(c.ReachedSparsest)}");
        else
            o.WriteLine($"  sparsest possible ({reference.Objective}) not proven ({reference.Method}, {reference.Status}): between {reference.LowerBound} and {(reference.UpperBound?.ToString(CultureInfo.InvariantCulture) ?? "?")}; reached: {Verdict(c.ReachedSparsest)}");
        o.WriteLine($"  (reached = {SparsestComparison.Rule})");
        if (s.Trace is not null) o.WriteLine($"  trace written to {s.Trace}");
        if (s.Out is not null) o.WriteLine($"  network written to {s.Out}");
    }

    private static string Verdict(bool? reached) => reached switch { true => "yes", false => "no", null => "unknown" };

    /// <summary>"3×7, 4×25": how many runs ended at each count.</summary>
    private static string Histogram(IEnumerable<int> counts) =>
        string.Join(", ", counts.GroupBy(c => c).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
    private const string RestartRule = TrainCommand.RestartRule;
}
