using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Verifier.Orchestration.Corpus;
using Verifier.Continuous.GlobalLp;
using Verifier.Shared.Checks;
using Verifier.Shared.Networks;
using Verifier.Orchestration.Data;
using Verifier.Orchestration.Drivers;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier bench lp</c>: time to a certified global ℓ^p minimiser (d &gt; 1) over N and d, one line per
/// solve, on the random 3-decimal data of <see cref="BenchmarkData.Random"/>; per dimension it stops after the
/// first N that is not certified within the time limit. Each row says whether the minimiser came from the enumeration
/// of every basic solution ("enum": nodes are candidates) or the branch and bound ("bb": nodes are tree nodes).</summary>
public static class LpBenchmark
{
    public static Command Build()
    {
        var sizes = new Option<string>("--points") { Description = "range of N, e.g. 2..8", DefaultValueFactory = _ => "2..8" };
        var dims = new Option<string>("--dims") { Description = "input dimensions, e.g. 2,3", DefaultValueFactory = _ => "2,3" };
        var ps = new Option<string>("--p") { Description = "exponents, e.g. 0.5,0.2", DefaultValueFactory = _ => "0.5" };
        var limit = new Option<double>("--time-limit") { Description = "seconds per solve", DefaultValueFactory = _ => 60 };
        var seed = new Option<int>("--seed") { Description = "data seed", DefaultValueFactory = _ => 1 };
        var json = CommonOptions.Json();
        var cmd = new Command("lp", "Time to a certified global ℓ^p minimiser in d > 1 (largest N certified within the limit)") { sizes, dims, ps, limit, seed, json };
        cmd.SetAction(r => ExitCodes.Guard(() => Run(r.GetValue(sizes)!, r.GetValue(dims)!, r.GetValue(ps)!, r.GetValue(limit), r.GetValue(seed), r.GetValue(json))));
        return cmd;
    }

    private static int Run(string sizes, string dims, string ps, double limit, int seed, bool json)
    {
        if (!CorpusSpec.TryParseRange(sizes, out int lo, out int hi) || lo < 1 || hi < lo)
            throw new UsageException($"--points must look like 2..8 (or a single N), got '{sizes}'");
        CommonOptions.ValidateTimeLimit(limit);
        var dimList = dims.Split(',').Select(s => int.TryParse(s, out int d) && d >= 2 ? d : throw new UsageException($"--dims takes integers ≥ 2, got '{s}'")).ToArray();
        var pList = ps.Split(',').Select(s => double.TryParse(s, CultureInfo.InvariantCulture, out double p) && p > 0 && p < 1 ? p : throw new UsageException($"--p takes exponents in (0, 1), got '{s}'")).ToArray();
        var human = json ? Console.Error : Console.Out; // with --json the table is progress, the JSON the answer
        var table = new JsonTable();
        void Emit(string line) { human.WriteLine(line); table.Add(line); }
        // method: "bb" (branch and bound; nodes are tree nodes) or "enum" (every basic solution; nodes are candidates, no blocks built).
        Emit("| d | N | p | method | blocks | status | certified | value | lower bound | gap | parameters | ℓ^0 optimum | nodes | seconds | verified |");
        Emit("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (double p in pList)
            foreach (int d in dimList)
                for (int n = lo; n <= hi; n++)
                {
                    var data = BenchmarkData.Random(n, d, seed * 1000 + n * 10 + d);
                    var seeded = SeededGlobalLp.Solve(data, p, limit);
                    var r = seeded.Lp;
                    bool enumerated = r.Method == GlobalLpMethod.VertexEnumeration;
                    bool verified = r.Network is not null && InterpolationCheck.Check(r.Network, data).Interpolates;
                    string parameters = r.Network is null ? "–" : SparsityMeasures.NonzeroParameters(r.Network).ToString(CultureInfo.InvariantCulture);
                    string sparsest = seeded.Sparsest is int k ? k.ToString(CultureInfo.InvariantCulture) : $"≥ {seeded.SparsestLowerBound}";
                    Emit(FormattableString.Invariant(
                        $"| {d} | {n} | {p} | {(enumerated ? "enum" : "bb")} | {(enumerated ? "–" : r.Blocks.ToString(CultureInfo.InvariantCulture))} | {r.LpStatus} | {r.Certified} | {r.UpperBound:G10} | {r.LowerBound:G10} | {r.Gap:G3} | {parameters} | {sparsest} | {r.Nodes} | {r.Seconds:F2} | {verified} |"));
                    if (!r.Certified) break;
                }
        if (json) CommonOptions.PrintJson(new JsonObject { ["timeLimit"] = limit, ["seed"] = seed, ["rows"] = table.Rows });
        return ExitCodes.Success;
    }
}
