using System.Diagnostics;
using System.Text.Json.Nodes;
using Verifier.Continuous.GlobalLp;
using Verifier.Shared.Data;
using Verifier.Orchestration.Drivers;

namespace Verifier.Cli.Commands;

/// <summary>The d &gt; 1 branch of <c>verifier pstar</c>: a grid-and-bisection estimate, never claimed exact.</summary>
public static class MultivariatePStarReport
{
    public static int Run(string path, Dataset data, bool json, double timeLimit, Stopwatch total)
    {
        var progress = json ? null : new ThrottledProgress();
        var r = MultivariatePStar.Estimate(data, timeLimit, progress: progress);
        if (json)
        {
            CommonOptions.PrintJson(new JsonObject
            {
                ["pStar"] = r.Lower,
                ["exact"] = r.Exact,
                ["sparsest"] = r.Sparsest,
                ["method"] = r.Method,
                ["lower"] = r.Lower,
                ["upper"] = r.Upper,
                ["probes"] = new JsonArray(r.Probes.Select(pr => (JsonNode)new JsonObject
                {
                    ["p"] = pr.P, ["certified"] = pr.Certified, ["parameters"] = pr.Parameters,
                    ["lowerBound"] = CommonOptions.Finite(pr.LowerBound), ["upperBound"] = CommonOptions.Finite(pr.UpperBound),
                }).ToArray()),
                ["seconds"] = CommonOptions.Round(total.Elapsed.TotalSeconds),
            });
            return ExitCodes.Success;
        }
        var o = Console.Out;
        o.WriteLine(Headline(path, r, timeLimit));
        o.WriteLine("  NOT exact: only the probed exponents are certified; nothing is proven between them or below the smallest probe");
        foreach (var pr in r.Probes)
            o.WriteLine($"  p = {pr.P:F4}: {Describe(pr)}");
        o.WriteLine($"  method: {r.Method}");
        return ExitCodes.Success;
    }

    /// <summary>The one-line verdict. "Not sparsest" is said of a certified minimiser only; an uncertified probe only
    /// says something about the network it returned.</summary>
    public static string Headline(string path, MultivariatePStarResult r, double timeLimit)
    {
        if (r.Sparsest is not int sparsest) return $"p* of {path}: the exact ℓ^0 minimum was not proven within {timeLimit} s, no estimate";
        if (r.PatternsTimedOut) return $"p* of {path}: the activation patterns were not enumerated within {timeLimit} s, no ℓ^p probe (sparsest: {sparsest} parameters)";
        var first = r.FirstCertifiedNonSparsest;
        string above = first is null
            ? "no probe's certified minimiser is non-sparsest"
            : $"smallest probe whose certified minimiser is not sparsest: p = {Report.F(first.P)} ({first.Parameters} parameters)";
        if (r.Lower is double lower) return $"p* estimate for {path}: {Report.F(lower)} (sparsest: {sparsest} parameters); {above}";
        if (first is null) return $"p* of {path}: no probe was certified, no estimate (sparsest: {sparsest} parameters)";
        return $"p* of {path}: no estimate — no probe below p = {Report.F(first.P)} was certified sparsest, and the certified minimiser there has {first.Parameters} parameters (sparsest: {sparsest})";
    }

    private static string Describe(PStarProbe pr) =>
        pr.Certified ? $"certified minimiser with {pr.Parameters} parameters"
        : pr.Parameters is int k ? $"not certified (bounds [{pr.LowerBound:G6}, {pr.UpperBound:G6}]); the network returned has {k} parameters"
        : $"not certified, no network within the limit (lower bound {pr.LowerBound:G6})";

    /// <summary>Progress on stderr, synchronously (no thread-pool callbacks racing the report) and at most one line a
    /// second; the probe list of the final report is complete either way.</summary>
    private sealed class ThrottledProgress : IProgress<PStarProbe>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private double _lastSeconds = double.NegativeInfinity;

        public void Report(PStarProbe pr)
        {
            double now = _clock.Elapsed.TotalSeconds;
            if (now - _lastSeconds < 1) return;
            _lastSeconds = now;
            Console.Error.WriteLine($"verifier: pstar {now:F1}s p = {pr.P:F4}: {Describe(pr)}");
        }
    }
}
