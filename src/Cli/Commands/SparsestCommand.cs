using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Verifier.Cli.Output;
using Verifier.Exact.Certificates;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Formats;
using Verifier.Shared.Networks;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier sparsest DATA</c>: the provably sparsest interpolating network.</summary>
public static class SparsestCommand
{
    public static Command Build()
    {
        var data = CommonOptions.DataArgument();
        var objective = new Option<string?>("--objective") { Description = "what to minimise: neurons | parameters (default: neurons in 1-D, parameters in d > 1)" };
        objective.AcceptOnlyFromAmong("neurons", "parameters");
        var method = new Option<string>("--method") { Description = "auto | univariate | mip", DefaultValueFactory = _ => "auto" };
        method.AcceptOnlyFromAmong("auto", "univariate", "mip");
        var skip = new Option<bool>("--skip") { Description = "with the free linear term aᵀx + c (default in 1-D)" };
        var noSkip = new Option<bool>("--no-skip") { Description = "without the free linear term (default in d > 1)" };
        var timeLimit = new Option<double>("--time-limit") { Description = "seconds for the whole command, counted from its start (reading the data, pattern enumeration and the solver included)", DefaultValueFactory = _ => 60 };
        var formulation = new Option<string>("--formulation") { Description = "mixed-integer formulation: benders (exact cuts, default) | pattern (Lemma 4.1 with indicators, SCIP; baseline) | direct (big-M, guessed M, never proves optimality; baseline)", DefaultValueFactory = _ => "benders" };
        formulation.AcceptOnlyFromAmong("benders", "pattern", "direct");
        var threads = new Option<int>("--threads") { Description = "solver threads (1 = reproducible)", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "solver random seed", DefaultValueFactory = _ => 0 };
        var master = new Option<string>("--master") { Description = "the Benders master: auto (default: dfs for d ≥ 2, cpsat in 1-D) | dfs (depth-first search over the exact cuts) | cpsat | scip (a 0/1 model re-solved after each cut)", DefaultValueFactory = _ => "auto" };
        master.AcceptOnlyFromAmong("auto", "dfs", "cpsat", "scip");
        var recheck = new Option<bool>("--recheck-bound") { Description = "also re-check the depth-first master's lower bound as a hitting-set fact over all its cuts (a second, independent argument; at most a tenth of the master's time; the 0/1 masters' bounds are always re-checked)" };
        var json = CommonOptions.Json();
        var output = CommonOptions.Out();
        var cmd = new Command("sparsest", "Provably sparsest interpolating network, with an exact re-check") { data, objective, method, skip, noSkip, timeLimit, formulation, threads, seed, master, recheck, json, output };
        cmd.SetAction(r => ExitCodes.Guard(() => Run(
            r.GetValue(data)!, r.GetValue(objective), r.GetValue(method)!, r.GetValue(skip), r.GetValue(noSkip),
            r.GetValue(json), r.GetValue(output),
            new SolverChoice(r.GetValue(formulation)!, new MipOptions(r.GetValue(timeLimit), r.GetValue(threads), r.GetValue(seed), Master: r.GetValue(master)!, RecheckSearchBound: r.GetValue(recheck))))));
        return cmd;
    }

    private sealed record SolverChoice(string Formulation, MipOptions Options);

    private static int Run(string path, string? objectiveName, string method, bool skip, bool noSkip, bool json, string? outPath, SolverChoice choice)
    {
        CommonOptions.ValidateTimeLimit(choice.Options.TimeLimitSeconds);
        CommonOptions.ValidateThreads(choice.Options.Threads);
        if (skip && noSkip) throw new UsageException("--skip and --no-skip exclude each other");
        using var outputs = new OutputFiles(path);
        var outStream = outPath is null ? null : outputs.Create(outPath, "--out");
        var total = Stopwatch.StartNew();
        var (data, parseSeconds, canonSeconds) = CommonOptions.Load(path);
        var problem = SparsestProblem.WithDefaults(data,
            skip ? true : noSkip ? false : null,
            objectiveName switch { "neurons" => SparsityObjective.Neurons, "parameters" => SparsityObjective.Parameters, _ => null });

        // --time-limit covers the whole command: what start-up and reading the data used is not the solver's.
        var budget = choice with { Options = choice.Options with { TimeLimitSeconds = CommonOptions.SolverSeconds(choice.Options.TimeLimitSeconds) } };
        IExactSolver solver = ChooseSolver(problem, method, budget, json);
        var sw = Stopwatch.StartNew();
        var result = solver.Solve(problem);
        double solveSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var verdict = SparsestVerdict.Decide(problem, result); // the one status decision; throws on a solver defect
        double verifySeconds = sw.Elapsed.TotalSeconds;
        var net = verdict.Network;
        if (outStream is not null)
        {
            if (net is not null) NetworkJson.Write(net, outStream);
            else outputs.Abandon(outStream); // no network: the target is left as it was
        }
        outputs.Commit();
        int? neurons = net is null ? null : SparsityMeasures.ActiveNeurons(net);
        int? parameters = net is null ? null : SparsityMeasures.NonzeroParameters(net);
        double seconds = total.Elapsed.TotalSeconds;

        if (json)
        {
            CommonOptions.PrintJson(new JsonObject
            {
                ["status"] = verdict.StatusName,
                ["failure"] = verdict.FailureReason,
                ["method"] = solver.Name,
                ["objective"] = problem.Objective == SparsityObjective.Neurons ? "neurons" : "parameters",
                ["neurons"] = neurons,
                ["parameters"] = parameters,
                ["lowerBound"] = verdict.LowerBound,
                ["verified"] = verdict.Verified,
                ["seconds"] = CommonOptions.Round(seconds),
                ["proof"] = verdict.Proof,
                ["points"] = data.Count,
                ["inputDim"] = data.Dimension,
                ["skip"] = problem.Skip,
                ["maxError"] = verdict.Check.Interpolation?.MaxError,
                ["timings"] = new JsonObject
                {
                    ["parse"] = CommonOptions.Round(parseSeconds),
                    ["sortAndMerge"] = CommonOptions.Round(canonSeconds),
                    ["solve"] = CommonOptions.Round(solveSeconds),
                    ["verify"] = CommonOptions.Round(verifySeconds),
                },
                ["statistics"] = result.Statistics is null ? null : new JsonObject(result.Statistics.ToDictionary().Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            }, net, writeNetwork: true);
        }
        else
        {
            var o = Console.Out;
            o.WriteLine(verdict.Count is null
                ? $"sparsest interpolant of {path}: none found — {verdict.FailureReason ?? verdict.StatusName} (lower bound {verdict.LowerBound})"
                : $"sparsest interpolant of {path}: {verdict.Count} {(problem.Objective == SparsityObjective.Neurons ? "neurons" : "nonzero parameters")} — {verdict.StatusName}");
            o.WriteLine($"  method {solver.Name}; lower bound {verdict.LowerBound}; proof: {verdict.Proof}");
            o.WriteLine($"  verified exactly: {(verdict.Verified ? "yes" : "NO — " + verdict.Check.Problem)}; max floating error {Report.F(verdict.Check.Interpolation?.MaxError ?? double.NaN)}");
            o.WriteLine($"  {data.Count} points; {neurons} active neurons, {parameters} nonzero parameters; {seconds:F3} s (parse {parseSeconds:F3}, sort {canonSeconds:F3}, solve {solveSeconds:F3}, verify {verifySeconds:F3})");
            if (net is not null && data.Dimension == 1) Report.PrintUnivariate(net, o);
            else if (net is not null) Report.PrintMultivariate(net, o);
            if (outPath is not null && net is not null) o.WriteLine($"  network written to {outPath}");
        }
        return ExitCodes.Success;
    }

    private static IExactSolver ChooseSolver(SparsestProblem problem, string method, SolverChoice choice, bool json)
    {
        bool univariateApplies = problem.UnivariateApplies;
        if (method == "univariate" && !univariateApplies)
            throw new UsageException("--method univariate needs 1-D data with the free linear term");
        if ((method == "auto" && univariateApplies) || method == "univariate") return new UnivariateSparsest();
        if (choice.Formulation == "direct") return new DirectMip(choice.Options);
        if (choice.Formulation == "pattern") return new PatternMip(choice.Options);
        return new CombinatorialBendersSolver(choice.Options with { Progress = json ? null : new ThrottledProgress() });
    }

    /// <summary>Progress on stderr: a line when a bound changes, at most one every two seconds otherwise.</summary>
    private sealed class ThrottledProgress : IProgress<MipProgress>
    {
        private (int, int?) _last = (-1, null);
        private double _lastSeconds = -10;

        public void Report(MipProgress p)
        {
            bool changed = (p.LowerBound, p.Incumbent) != _last;
            if (!changed && p.Seconds - _lastSeconds < 2) return;
            _last = (p.LowerBound, p.Incumbent);
            _lastSeconds = p.Seconds;
            Console.Error.WriteLine($"  [{p.Seconds,7:F2} s] lower bound {p.LowerBound}, best {p.Incumbent?.ToString() ?? "-"}, {p.Iterations} master solves, {p.Cuts} cuts");
        }
    }

}
