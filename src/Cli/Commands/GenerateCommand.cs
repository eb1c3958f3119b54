using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Verifier.Orchestration.Corpus;
using Verifier.Exact.Mip;
using Verifier.Reformulation;
using Verifier.Exact.Problems;
using Verifier.Shared.Networks;
using Verifier.Orchestration.Data;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier generate</c>: a certified ground-truth corpus, one JSON record per line (resumable, shardable).
/// An instance whose record fails with an internal error is reported on stderr with its id and not written; the
/// run goes on and exits 3 at the end (a rerun retries exactly the missing ids).
/// </summary>
public static class GenerateCommand
{
    public static Command Build()
    {
        var dim = new Option<int>("--dim") { Description = "input dimension d", Required = true };
        var points = new Option<string>("--points") { Description = "points per instance: N or N1..N2 (instance i has N1 + i mod (N2 − N1 + 1))", Required = true };
        var count = new Option<int>("--count") { Description = "number of instances (ids 0 … count − 1)", Required = true };
        var seed = new Option<long>("--seed") { Description = "corpus seed S; instance i uses a stable hash of (S, i)", Required = true };
        var output = new Option<string>("--out") { Description = "the JSON-lines corpus file (appended to; complete records are kept)", Required = true };
        var kind = new Option<string>("--kind") { Description = "random | planted | grid", DefaultValueFactory = _ => "random" };
        kind.AcceptOnlyFromAmong("random", "planted", "grid");
        var objective = new Option<string?>("--objective") { Description = "neurons | parameters (default: neurons in 1-D, parameters in d > 1)" };
        objective.AcceptOnlyFromAmong("neurons", "parameters");
        var ps = new Option<string>("--p") { Description = "comma-separated exponents p in (0, 1) for the ℓ^p minimisers (default: none)", DefaultValueFactory = _ => "" };
        var timeLimit = new Option<double>("--time-limit") { Description = "time limit in seconds per instance for the mixed-integer solver (d > 1)", DefaultValueFactory = _ => 60 };
        var shard = new Option<string>("--shard") { Description = "I/M: only the instances with i mod M = I (for job arrays; concatenate the shard files)", DefaultValueFactory = _ => "0/1" };
        var json = CommonOptions.Json();
        var cmd = new Command("generate", "Generate a certified ground-truth corpus (JSON lines): sparsest counts with status and bounds, witnesses, ℓ^p minimisers, p*")
            { dim, points, count, seed, output, kind, objective, ps, timeLimit, shard, json };
        cmd.SetAction(r => ExitCodes.Guard(() =>
        {
            var spec = Spec(r.GetValue(dim), r.GetValue(points)!, r.GetValue(count), r.GetValue(seed), r.GetValue(kind)!,
                r.GetValue(objective), r.GetValue(ps)!, r.GetValue(timeLimit));
            var (index, modulus) = ParseShard(r.GetValue(shard)!);
            return Run(spec, r.GetValue(output)!, index, modulus, r.GetValue(json));
        }));
        return cmd;
    }

    private static CorpusSpec Spec(int dim, string points, int count, long seed, string kind, string? objective, string ps, double timeLimit)
    {
        if (dim < 1) throw new UsageException("--dim must be at least 1");
        if (!CorpusSpec.TryParseRange(points, out int lo, out int hi) || lo < 1 || hi < lo)
            throw new UsageException($"--points must be N or N1..N2 with 1 ≤ N1 ≤ N2, got '{points}'");
        var instanceKind = Enum.Parse<InstanceKind>(kind, ignoreCase: true);
        if (dim == 1 && hi > 2001 && instanceKind != InstanceKind.Grid)
            throw new UsageException("--points: at most 2001 distinct 3-decimal inputs exist in [−1, 1] (use --kind grid for more)");
        // The exact multivariate solver's own limits, checked here so that they are usage errors (exit 2) before the
        // corpus file is created, not per-instance failures in an empty file.
        if (dim > BlockGroups.MaxInputDimension)
            throw new UsageException($"--dim: the exact multivariate solver handles d ≤ {BlockGroups.MaxInputDimension}, got {dim}");
        if (dim > 1 && hi > ActivationPatterns.MaxPoints)
            throw new UsageException($"--points: the exact multivariate solver handles at most {ActivationPatterns.MaxPoints} points in d > 1, got {hi}");
        if (count < 0) throw new UsageException("--count must not be negative");
        CommonOptions.ValidateTimeLimit(timeLimit);
        var exponents = new List<double>();
        foreach (var part in ps.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) || !(p > 0 && p < 1))
                throw new UsageException($"--p: each exponent must be a number in (0, 1), got '{part}'");
            if (!exponents.Contains(p)) exponents.Add(p);
        }
        SparsityObjective? obj = objective switch { "neurons" => SparsityObjective.Neurons, "parameters" => SparsityObjective.Parameters, _ => null };
        return new CorpusSpec(dim, lo, hi, count, seed, instanceKind, obj, exponents, timeLimit);
    }

    private static (int Index, int Modulus) ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            && m >= 1 && i < m)
            return (i, m);
        throw new UsageException($"--shard must be I/M with 0 ≤ I < M, got '{text}'");
    }

    private static int Run(CorpusSpec spec, string path, int shardIndex, int shardCount, bool json)
    {
        using var file = JsonlCorpusFile.OpenForAppend(path, spec.ToJson());
        if (file.TruncatedBytes > 0)
            Console.Error.WriteLine($"verifier: {path}: discarded a torn last line ({file.TruncatedBytes} bytes) left by an interrupted run");
        var todo = new List<long>();
        int kept = 0;
        for (long i = shardIndex; i < spec.Count; i += shardCount)
            if (file.CompleteIds.Contains(i)) kept++; else todo.Add(i);
        if (kept > 0) Console.Error.WriteLine($"verifier: {path}: resuming, {kept} complete records kept, {todo.Count} to go");

        var clock = Stopwatch.StartNew();
        var summary = CorpusWriter.Write(spec, file, todo, new ThrottledProgress(path, clock, shardIndex, shardCount));
        var statuses = summary.StatusCounts;
        if (json)
        {
            CommonOptions.PrintJson(new JsonObject
            {
                ["file"] = path,
                ["written"] = summary.Written,
                ["kept"] = kept,
                ["seconds"] = CommonOptions.Round(clock.Elapsed.TotalSeconds),
                ["shard"] = $"{shardIndex}/{shardCount}",
                ["statusCounts"] = new JsonObject(statuses.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
                ["failedIds"] = new JsonArray(summary.Failures.Select(f => (JsonNode?)f.Id).ToArray()),
            });
            return summary.Failures.Count == 0 ? ExitCodes.Success : ExitCodes.InternalError;
        }
        string counts = string.Join(", ", new[] { "optimal", "feasible", "timeout" }.Concat(statuses.Keys).Distinct()
            .Select(s => $"{statuses.GetValueOrDefault(s)} {s}"));
        Console.WriteLine($"{path}: {summary.Written} records written in {clock.Elapsed.TotalSeconds:F1} s ({counts})" +
                          (kept > 0 ? $"; {kept} were already complete" : "") +
                          (shardCount > 1 ? $"; shard {shardIndex}/{shardCount}" : "") +
                          (summary.Failures.Count > 0
                              ? $"; {summary.Failures.Count} FAILED with an internal error (ids {string.Join(", ", summary.Failures.Take(10).Select(f => f.Id))}" +
                                $"{(summary.Failures.Count > 10 ? ", …" : "")}; not written, a rerun retries them)"
                              : ""));
        return summary.Failures.Count == 0 ? ExitCodes.Success : ExitCodes.InternalError;
    }

    /// <summary>Plain-text progress with an ETA on stderr, at most one line every two seconds; every failed
    /// instance is printed at once with its id.</summary>
    private sealed class ThrottledProgress(string path, Stopwatch clock, int shardIndex, int shardCount) : IProgress<CorpusProgress>
    {
        private double _last;

        public void Report(CorpusProgress p)
        {
            if (p.Failure is { } f) Console.Error.WriteLine($"verifier: {path}: id {f.Id}: internal error: {f.Problem}");
            double seconds = clock.Elapsed.TotalSeconds;
            if (seconds - _last < 2 || p.Done == p.Total) return;
            _last = seconds;
            double rate = p.Done / seconds;
            double eta = (p.Total - p.Done) / rate;
            string shard = shardCount > 1 ? $" (shard {shardIndex}/{shardCount})" : "";
            Console.Error.WriteLine($"  [{seconds,7:F1} s] {p.Done}/{p.Total} instances{shard}, {rate:F1}/s, ETA {eta:F0} s; " +
                                    string.Join(", ", p.StatusCounts.Select(kv => $"{kv.Value} {kv.Key}")));
        }
    }
}
