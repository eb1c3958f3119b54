using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Verifier.Cli.Output;
using Verifier.Continuous.Univariate;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Checks;
using Verifier.Shared.Formats;
using Verifier.Shared.Networks;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier lp DATA --p P</c>: the global minimiser of the ℓ^p path norm among interpolants.</summary>
public static class LpCommand
{
    public static Command Build()
    {
        var data = CommonOptions.DataArgument();
        var p = new Option<double>("--p") { Description = "exponent p in (0, 1)", Required = true };
        var json = CommonOptions.Json();
        var output = CommonOptions.Out();
        var limit = new Option<double>("--time-limit") { Description = "seconds for the whole command, counted from its start (reading the data, the l^0 seed, pattern enumeration and the branch and bound included); applies to d > 1 only (1-D is an exact dynamic programme without a limit)", DefaultValueFactory = _ => 60 };
        var cmd = new Command("lp", "Global minimiser of the ℓ^p path norm subject to interpolation (0 < p < 1)") { data, p, json, output, limit };
        cmd.SetAction(r => ExitCodes.Guard(() => Run(r.GetValue(data)!, r.GetValue(p), r.GetValue(json), r.GetValue(output), r.GetValue(limit))));
        return cmd;
    }

    private static int Run(string path, double p, bool json, string? outPath, double timeLimit)
    {
        if (!(p > 0 && p < 1)) throw new UsageException($"--p must lie in (0, 1), got {p}");
        CommonOptions.ValidateTimeLimit(timeLimit);
        using var outputs = new OutputFiles(path);
        var outStream = outPath is null ? null : outputs.Create(outPath, "--out");
        var total = Stopwatch.StartNew();
        var (data, _, _) = CommonOptions.Load(path);
        if (data.Dimension != 1) return MultivariateLpReport.Run(path, data, p, json, outputs, outStream, outPath, timeLimit, total);
        var structure = UnivariateStructure.Analyze(data);
        var solution = MinVpDynamicProgram.Solve(structure, p);
        var net = solution.Partition.ToNetwork();
        var check = InterpolationCheck.Check(net, data);
        if (!check.Interpolates)
            throw new InvalidOperationException($"the min-V_p network misses point {check.FirstMismatch} exactly");
        if (outStream is not null) NetworkJson.Write(net, outStream);
        outputs.Commit();
        int neurons = SparsityMeasures.ActiveNeurons(net);
        int parameters = SparsityMeasures.NonzeroParameters(net);
        double pathNorm = SparsityMeasures.PathNorm(net, p);
        const string certificate = "exact dynamic programme over the block partitions that contain every min-V_p interpolant (Thm 3.1, SPEC §2)";

        if (json)
        {
            CommonOptions.PrintJson(new JsonObject
            {
                ["p"] = p,
                ["value"] = solution.Value,
                ["neurons"] = neurons,
                ["parameters"] = parameters,
                ["certified"] = true,
                ["lowerBound"] = solution.Value,
                ["upperBound"] = pathNorm,
                ["method"] = "univariate-dp",
                ["certificate"] = certificate,
                ["unique"] = solution.IsUnique,
                ["optimalPartitions"] = solution.OptimalPartitions,
                ["tiedNeuronRange"] = new JsonArray(solution.MinKnots, solution.MaxKnots),
                ["sparsest"] = structure.SparsestNeuronCount,
                ["verified"] = check.Interpolates,
                ["seconds"] = CommonOptions.Round(total.Elapsed.TotalSeconds),
            }, net, writeNetwork: true);
        }
        else
        {
            var o = Console.Out;
            o.WriteLine($"min-ℓ^p interpolant of {path} for p = {Report.F(p)}: V_p = {Report.F(solution.Value)}, {neurons} neurons (sparsest possible: {structure.SparsestNeuronCount})");
            o.WriteLine($"  certified: {certificate}");
            o.WriteLine(solution.IsUnique
                ? "  the minimiser is unique"
                : $"  {solution.OptimalPartitions} block partitions tie at the minimum (knot counts {solution.MinKnots}..{solution.MaxKnots}); the one with the fewest knots is returned");
            o.WriteLine($"  verified exactly: {(check.Interpolates ? "yes" : "NO")}");
            Report.PrintUnivariate(net, o);
            if (outPath is not null) o.WriteLine($"  network written to {outPath}");
        }
        return ExitCodes.Success;
    }
}
