using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Verifier.Cli.Output;
using Verifier.Exact.Certificates;
using Verifier.Exact.Problems;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier bench …</c>: benchmarks (speed and memory targets live here, never in unit tests).</summary>
public static class BenchCommand
{
    public static Command Build()
    {
        var points = new Option<int>("--points") { Description = "number of points", DefaultValueFactory = _ => 1_000_000 };
        var seed = new Option<int>("--seed") { Description = "random seed", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--data") { Description = "where to write the generated CSV (default: a temporary file, deleted afterwards)" };
        var json = CommonOptions.Json();
        var univariate = new Command("univariate",
            "Generate random 1-D data with 3-decimal coordinates, then time parse, sort, solve and verify of 'sparsest'") { points, seed, output, json };
        univariate.SetAction(r => ExitCodes.Guard(() => RunUnivariate(r.GetValue(points), r.GetValue(seed), r.GetValue(output), r.GetValue(json))));
        var sizes = new Option<string>("--points") { Description = "range of N, e.g. 4..16", DefaultValueFactory = _ => "4..16" };
        var dims = new Option<string>("--dims") { Description = "input dimensions, e.g. 1,2,3", DefaultValueFactory = _ => "1,2,3" };
        var limit = new Option<double>("--time-limit") { Description = "seconds per solve", DefaultValueFactory = _ => 60 };
        var mipSeed = new Option<int>("--seed") { Description = "data seed", DefaultValueFactory = _ => 1 };
        var objectives = new Option<string>("--objectives") { Description = "neurons,parameters", DefaultValueFactory = _ => "neurons,parameters" };
        var kinds = new Option<string>("--kinds") { Description = "random,planted", DefaultValueFactory = _ => "random,planted" };
        var formulations = new Option<string>("--formulations") { Description = "benders,pattern,direct", DefaultValueFactory = _ => "benders,pattern" };
        var stopAfterTimeout = new Option<bool>("--stop-after-timeout") { Description = "after a (d, data, objective, formulation) series times out at N, print its larger N as skipped" };
        var mipOut = new Option<string?>("--out") { Description = "also write the table to this Markdown file (flushed after each row)" };
        var mipThreads = new Option<int>("--threads")
        {
            Description = "solver threads per solve (default: every core of the machine; 1 = reproducible node counts)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var mipJson = CommonOptions.Json();
        var mip = new Command("mip", "Time to proven optimum of the exact multivariate solver over N, d, data kind and objective (one line per solve)")
            { sizes, dims, limit, mipSeed, objectives, kinds, formulations, stopAfterTimeout, mipOut, mipThreads, mipJson };
        mip.SetAction(r => ExitCodes.Guard(() => MipBenchmark.Run(r.GetValue(sizes)!, r.GetValue(dims)!, r.GetValue(limit), r.GetValue(mipSeed),
            r.GetValue(objectives)!, r.GetValue(kinds)!, r.GetValue(formulations)!, r.GetValue(stopAfterTimeout), r.GetValue(mipOut), r.GetValue(mipThreads), r.GetValue(mipJson))));
        return new Command("bench", "Benchmarks") { univariate, mip, TrainBenchmark.Build(), LpBenchmark.Build() };
    }

    /// <summary>Random distinct x on [−5000, 5000] and y on [−1000, 1000], both with 3 decimals, in random order.</summary>
    public static void WriteRandomUnivariateCsv(Stream stream, int n, int seed)
    {
        var rng = new Random(seed);
        const int range = 10_000_000; // x·1000 ∈ [−5·10^6, 5·10^6)
        if (n > range) throw new UsageException($"at most {range} distinct 3-decimal points fit the benchmark range");
        var used = new HashSet<int>(n);
        using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 20, leaveOpen: true);
        w.WriteLine("x,y");
        while (used.Count < n)
        {
            int x = rng.Next(range);
            if (!used.Add(x)) continue;
            int y = rng.Next(-1_000_000, 1_000_001);
            w.Write(Milli(x - range / 2)); w.Write(','); w.WriteLine(Milli(y));
        }
    }

    private static string Milli(int v) => (v / 1000m).ToString("0.000", CultureInfo.InvariantCulture);

    private static int RunUnivariate(int n, int seed, string? dataPath, bool json)
    {
        string path = dataPath ?? Path.Combine(Path.GetTempPath(), $"verifier-bench-{n}-{seed}.csv");
        var sw = Stopwatch.StartNew();
        using (var outputs = new OutputFiles())
        {
            WriteRandomUnivariateCsv(outputs.Create(path, "--data"), n, seed);
            outputs.Commit();
        }
        Console.Error.WriteLine($"generated {n} points in {sw.Elapsed.TotalSeconds:F2} s: {path}");
        try
        {
            var total = Stopwatch.StartNew();
            var (data, parse, sort) = CommonOptions.Load(path);
            sw.Restart();
            var problem = SparsestProblem.WithDefaults(data);
            var result = new UnivariateSparsest().Solve(problem);
            double solve = sw.Elapsed.TotalSeconds;
            sw.Restart();
            var verdict = SparsestVerdict.Decide(problem, result);
            double verify = sw.Elapsed.TotalSeconds;
            double seconds = total.Elapsed.TotalSeconds;
            long peakMiB = Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20);
            if (json)
            {
                CommonOptions.PrintJson(new JsonObject
                {
                    ["points"] = data.Count, ["neurons"] = verdict.Count, ["verified"] = verdict.Verified,
                    ["parse"] = CommonOptions.Round(parse), ["sortAndMerge"] = CommonOptions.Round(sort), ["solve"] = CommonOptions.Round(solve),
                    ["verify"] = CommonOptions.Round(verify), ["seconds"] = CommonOptions.Round(seconds), ["peakWorkingSetMiB"] = peakMiB,
                });
                return verdict.Verified ? ExitCodes.Success : ExitCodes.InternalError;
            }
            Console.WriteLine($"points {data.Count}, neurons {verdict.Count}, verified {verdict.Verified}");
            Console.WriteLine($"parse {parse:F3} s | sort+merge {sort:F3} s | solve {solve:F3} s | verify {verify:F3} s | total {seconds:F3} s");
            Console.WriteLine($"peak working set {peakMiB} MiB");
            return verdict.Verified ? ExitCodes.Success : ExitCodes.InternalError;
        }
        finally
        {
            if (dataPath is null) File.Delete(path);
        }
    }
}
