using System.Diagnostics;
using System.Text.Json.Nodes;
using Verifier.Continuous.GlobalLp;
using Verifier.Shared.Data;

namespace Verifier.Cli.Commands;

/// <summary>The d &gt; 1 branch of <c>verifier pstar</c>: a grid-and-bisection estimate, never claimed exact.</summary>
public static class MultivariatePStarReport
{
    public static int Run(string path, Dataset data, bool json, double timeLimit, Stopwatch total)
    {
        if (!(timeLimit > 0)) throw new UsageException($"--time-limit must be positive, got {timeLimit}");
        var progress = json ? null : new Progress<PStarProbe>(pr =>
            Console.Error.WriteLine($"verifier: pstar p = {pr.P:F4}: {(pr.Certified ? $"certified, {pr.Parameters} parameters" : "not certified")}"));
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
                    ["lowerBound"] = pr.LowerBound, ["upperBound"] = pr.UpperBound,
                }).ToArray()),
                ["seconds"] = CommonOptions.Round(total.Elapsed.TotalSeconds),
            });
            return ExitCodes.Success;
        }
        var o = Console.Out;
        if (r.Sparsest is null) o.WriteLine($"p* of {path}: the exact ℓ^0 minimum was not proven within {timeLimit} s, no estimate");
        else if (r.Lower is null) o.WriteLine($"p* of {path}: no probed p gave a certified sparsest ℓ^p minimiser (sparsest: {r.Sparsest} parameters)");
        else o.WriteLine($"p* estimate for {path}: {Report.F(r.Lower.Value)} (sparsest: {r.Sparsest} parameters); first non-sparsest probe: {(r.Upper is double u ? Report.F(u) : "none up to 0.9")}");
        o.WriteLine("  NOT exact: only the probed exponents are certified; nothing is proven between them or below the smallest probe");
        foreach (var pr in r.Probes)
            o.WriteLine($"  p = {pr.P:F4}: {(pr.Certified ? $"certified minimiser with {pr.Parameters} parameters" : $"not certified (bounds [{pr.LowerBound:G6}, {pr.UpperBound:G6}])")}");
        o.WriteLine($"  method: {r.Method}");
        return ExitCodes.Success;
    }
}
