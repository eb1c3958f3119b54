using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Verifier.Continuous.Univariate;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier pstar DATA</c>: the critical threshold p* of Thm 3.2.</summary>
public static class PStarCommand
{
    private const string Method =
        "univariate runs: per run, the first p where a non-sparsest block partition costs no more than every sparsest one, traced with certified (outward-rounded) interval bounds and bisected on proven signs only, so the bracket contains p*; a tie of the cost curves at a rational p = m/n where both costs are rational is detected exactly (pStarExact); (1 - t, 1) certified by a second-order bound at p = 1";

    public static Command Build()
    {
        var data = CommonOptions.DataArgument();
        var json = CommonOptions.Json();
        var limit = new Option<double>("--time-limit") { Description = "seconds per solve (ℓ^0 minimum, pattern enumeration, each ℓ^p probe); applies to d > 1 only (1-D is exact without a limit)", DefaultValueFactory = _ => 60 };
        var cmd = new Command("pstar", "Critical threshold p*: for every p < p* the ℓ^p minimiser is a sparsest interpolant") { data, json, limit };
        cmd.SetAction(r => ExitCodes.Guard(() => Run(r.GetValue(data)!, r.GetValue(json), r.GetValue(limit))));
        return cmd;
    }

    private static int Run(string path, bool json, double timeLimit)
    {
        CommonOptions.ValidateTimeLimit(timeLimit);
        var total = Stopwatch.StartNew();
        var (data, _, _) = CommonOptions.Load(path);
        if (data.Dimension != 1) return MultivariatePStarReport.Run(path, data, json, timeLimit, total);
        var structure = UnivariateStructure.Analyze(data);
        var r = UnivariatePStar.Compute(structure);
        var run = r.LimitingRun;
        if (json)
        {
            CommonOptions.PrintJson(new JsonObject
            {
                ["pStar"] = r.PStar,
                ["exact"] = r.Exact,
                ["pStarExact"] = r.ExactValue?.ToString(),
                ["sparsest"] = r.SparsestNeurons,
                ["method"] = Method,
                ["lower"] = r.Lower,
                ["upper"] = r.Upper,
                ["limitingRun"] = run is { } lr ? new JsonObject
                {
                    ["firstPoint"] = lr.First, ["lastPoint"] = lr.Last, ["length"] = lr.Length,
                    ["xFrom"] = structure.X(lr.First).ToString(), ["xTo"] = structure.X(lr.Last).ToString(),
                } : null,
                ["seconds"] = CommonOptions.Round(total.Elapsed.TotalSeconds),
            });
        }
        else
        {
            var o = Console.Out;
            o.WriteLine(run is null
                ? $"p* = 1 for {path}: the min-ℓ^p interpolant is sparsest ({r.SparsestNeurons} neurons) for every p < 1 (proven up to p = {Report.F(r.Lower)})"
                : $"p* = {r.PStar:F6} for {path}: for p < p* the min-ℓ^p interpolant has the sparsest count {r.SparsestNeurons}; bracket [{Report.F(r.Lower)}, {Report.F(r.Upper)}]");
            if (run is { } lr2)
                o.WriteLine($"  attained on the run of {lr2.Length} points x = {Report.Show(structure.X(lr2.First))} … {Report.Show(structure.X(lr2.Last))}");
            if (r.ExactValue is { } exactValue) o.WriteLine($"  p* = {exactValue} exactly: the cost curves tie there with rational costs (proven in exact arithmetic)");
            if (!r.Exact) o.WriteLine($"  not certified to 1e-9: only the bracket [{Report.F(r.Lower)}, {Report.F(r.Upper)}] is claimed");
            o.WriteLine($"  method: {Method}");
        }
        return ExitCodes.Success;
    }
}
