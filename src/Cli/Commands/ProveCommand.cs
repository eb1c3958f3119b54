using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Verifier.Proofs.Running;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier prove [--result NAME] [--cases N] [--seed S] [--replay "seed,gamma[,size]"] [--json]</c>: runs the
/// property checks of the paper's results (the same catalogue as proofs-as-tests/) and reports, per property,
/// the cases tried, the verdict, the time, and for a failure the shrunk counterexample with its replay seed.
/// A property whose generator filter discards too many candidates is reported as "exhausted" (only K of N cases
/// generated), distinct from a counterexample, and fails the run too: it has checked too little to count.
/// Exit 0 when every property holds, 1 when one fails or is exhausted, 2 for bad usage.
/// </summary>
public static class ProveCommand
{
    public static Command Build()
    {
        var result = new Option<string?>("--result") { Description = "run one result (e.g. Thm3_1_Structure) or one property (Result/Property)" };
        var cases = new Option<int?>("--cases") { Description = "generated cases per property (default: each property's own budget; MIP-backed properties are capped)" };
        var seed = new Option<ulong?>("--seed") { Description = "seed of the generators, for a reproducible run (default: random, printed)" };
        var replay = new Option<string?>("--replay") { Description = "rerun the one case a failure printed: \"seed,gamma[,size]\" (needs --result Result/Property)" };
        var json = CommonOptions.Json();
        var cmd = new Command("prove", "Property-check the paper's results on generated datasets (the proofs-as-tests suite, outside the test runner)")
            { result, cases, seed, replay, json };
        cmd.SetAction(r => ExitCodes.Guard(() => Run(r.GetValue(result), r.GetValue(cases), r.GetValue(seed), r.GetValue(replay), r.GetValue(json))));
        return cmd;
    }

    private static int Run(string? only, int? cases, ulong? seed, string? replay, bool json)
    {
        if (cases is <= 0) throw new UsageException($"--cases must be positive, got {cases}");
        if (replay is not null)
        {
            // A replay seed reproduces one case of one property: with a whole result it would rerun that seed
            // against every property of the result, which reproduces nothing.
            if (only is null || !only.Contains('/', StringComparison.Ordinal))
                throw new UsageException("--replay needs --result Result/Property naming the one property that failed (as the failure printed it)");
            try { ProofSettings.ParseReplay(replay); }
            catch (FormatException e) { throw new UsageException(e.Message); }
        }
        var selection = Select(only);
        ulong runSeed = seed ?? (ulong)Random.Shared.NextInt64(1, 1L << 53);
        var settings = new ProofSettings(cases, replay is null ? runSeed : null, replay);

        var total = Stopwatch.StartNew();
        var outcomes = new List<(ProofResult Result, List<(ProofProperty Property, PropertyOutcome Outcome)> Properties)>();
        foreach (var (r, properties) in selection)
        {
            var done = new List<(ProofProperty, PropertyOutcome)>();
            foreach (var p in properties)
            {
                Console.Error.WriteLine($"verifier: prove {r.Name}/{p.Name} …");
                done.Add((p, ProofRunner.Run(r, p, settings)));
            }
            outcomes.Add((r, done));
        }
        bool passed = outcomes.All(o => o.Properties.All(p => p.Outcome.Passed));
        if (json) PrintJson(outcomes, passed, cases, replay is null ? runSeed : null, replay, total.Elapsed.TotalSeconds);
        else PrintTable(outcomes, passed, replay is null ? runSeed : null, replay, total.Elapsed.TotalSeconds);
        return passed ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    /// <summary>All results, one result, or one property of a result ("Result/Property").</summary>
    private static List<(ProofResult, IReadOnlyList<ProofProperty>)> Select(string? only)
    {
        if (only is null) return ProofCatalogue.All.Select(r => (r, r.Properties)).ToList();
        var parts = only.Split('/', 2, StringSplitOptions.TrimEntries);
        var result = ProofCatalogue.Find(parts[0]) ?? throw new UsageException(
            $"unknown result '{parts[0]}'; known: {string.Join(", ", ProofCatalogue.All.Select(r => r.Name))}");
        if (parts.Length == 1) return [(result, result.Properties)];
        var property = result.Properties.FirstOrDefault(p => string.Equals(p.Name, parts[1], StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException($"{result.Name} has no property '{parts[1]}'; known: {string.Join(", ", result.Properties.Select(p => p.Name))}");
        return [(result, [property])];
    }

    private static void PrintTable(List<(ProofResult Result, List<(ProofProperty Property, PropertyOutcome Outcome)> Properties)> outcomes,
        bool passed, ulong? seed, string? replay, double seconds)
    {
        var o = Console.Out;
        int width = Math.Max(40, outcomes.SelectMany(r => r.Properties).Max(p => p.Property.Name.Length) + 2);
        o.WriteLine($"{"result / property".PadRight(width)} {"cases",6}  {"passed",-6} {"time",9}");
        foreach (var (result, properties) in outcomes)
        {
            bool all = properties.All(p => p.Outcome.Passed);
            o.WriteLine($"{result.Name.PadRight(width)} {properties.Sum(p => p.Outcome.Tried),6}  {(all ? "yes" : "NO"),-6} {properties.Sum(p => p.Outcome.Seconds),8:F2}s");
            foreach (var (property, outcome) in properties)
            {
                o.WriteLine($"{("  " + property.Name).PadRight(width)} {outcome.Tried,6}  {(outcome.Passed ? "yes" : outcome.Exhausted ? "EXHST" : "NO"),-6} {outcome.Seconds,8:F2}s");
                // What a passing property collected (e.g. how many solves were certified), FsCheck's summary lines.
                if (outcome.Passed && outcome.Report is { } report)
                    foreach (var line in report.Replace($"{result.Name}/{property.Name}-", "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        o.WriteLine($"      {line}");
            }
        }
        foreach (var (result, properties) in outcomes)
            foreach (var (property, outcome) in properties.Where(p => !p.Outcome.Passed))
            {
                o.WriteLine();
                if (outcome.Exhausted)
                {
                    o.WriteLine($"EXHAUSTED {result.Name}/{property.Name}: {outcome.ExhaustedMessage}");
                    continue;
                }
                o.WriteLine($"FAILED {result.Name}/{property.Name}: {property.Law}");
                if (outcome.Counterexample is not null) o.WriteLine($"  minimal counterexample: {outcome.Counterexample}");
                if (outcome.Replay is not null)
                    o.WriteLine($"  replay: verifier prove --result {result.Name}/{property.Name} --replay \"{outcome.Replay}\"");
                if (outcome.Report is not null) o.WriteLine("  " + outcome.Report.Trim().Replace("\n", "\n  "));
            }
        o.WriteLine();
        int results = outcomes.Count, failed = outcomes.Count(r => r.Properties.Any(p => !p.Outcome.Passed));
        o.WriteLine(passed
            ? $"all {results} results hold on every generated case ({Source(seed, replay)}, {seconds:F1} s)"
            : $"{failed} of {results} results FAILED ({Source(seed, replay)}, {seconds:F1} s)");
    }

    private static string Source(ulong? seed, string? replay) => replay is null ? $"seed {seed}" : $"replay {replay}";

    private static void PrintJson(List<(ProofResult Result, List<(ProofProperty Property, PropertyOutcome Outcome)> Properties)> outcomes,
        bool passed, int? cases, ulong? seed, string? replay, double seconds)
    {
        var results = new JsonArray();
        foreach (var (result, properties) in outcomes)
        {
            var props = new JsonArray();
            foreach (var (property, outcome) in properties)
                props.Add(new JsonObject
                {
                    ["property"] = property.Name, ["law"] = property.Law, ["tried"] = outcome.Tried, ["passed"] = outcome.Passed,
                    ["seconds"] = CommonOptions.Round(outcome.Seconds), ["counterexample"] = outcome.Counterexample,
                    ["replay"] = outcome.Replay, ["report"] = outcome.ExhaustedMessage ?? outcome.Report,
                    ["exhausted"] = outcome.Exhausted,
                });
            results.Add(new JsonObject
            {
                ["result"] = result.Name, ["statement"] = result.Statement,
                ["passed"] = properties.All(p => p.Outcome.Passed), ["tried"] = properties.Sum(p => p.Outcome.Tried),
                ["seconds"] = CommonOptions.Round(properties.Sum(p => p.Outcome.Seconds)), ["properties"] = props,
            });
        }
        CommonOptions.PrintJson(new JsonObject
        {
            ["passed"] = passed, ["seed"] = seed, ["replay"] = replay, ["cases"] = cases,
            ["seconds"] = CommonOptions.Round(seconds), ["results"] = results,
        });
    }
}
