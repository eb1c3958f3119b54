using System.Diagnostics;
using System.Text.Json.Nodes;
using Verifier.Cli.Output;
using Verifier.Orchestration.Corpus;
using Verifier.Orchestration.Drivers;
using Verifier.Continuous.GlobalLp;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Formats;
using Verifier.Shared.Networks;

namespace Verifier.Cli.Commands;

/// <summary>The d &gt; 1 branch of <c>verifier lp</c>: runs <see cref="GlobalLpSolver"/> and prints its certificate.</summary>
public static class MultivariateLpReport
{
    public const string Method = "incumbent seeded with the exact l^0 (parameters) network (combinatorial Benders, a quarter of the time limit); then branch and bound over the Lemma 4.1 pattern polyhedron: secant (bounded intervals) or constant ([l, ∞)) under-estimators of t^p, GLOP node LPs, node bounds by weak duality with the true objective and a rounding margin, duality-based range reduction of each node's box, nodes whose LP fails dropped only with a phase-1 Farkas certificate; box [0, V^(1/p)] (V = exact incumbent value; [0, ∞) when above 1e10); a node whose LP fails is retried with looser tolerances and then split blindly (its halves keep its bound); the network is an exact basic solution (or, when the search produced none in time, the seed or the projection interpolant: basic false) and is verified exactly";

    public const string EnumerationMethod =
        "exact l^0 (parameters) optimum by combinatorial Benders (a quarter of the time limit); then, data being tiny, " + EnumeratedMinimum.Proof + "; the network is verified exactly";

    public static int Run(string path, Dataset data, double p, bool json, OutputFiles outputs, Stream? outStream, string? outPath, double timeLimit, Stopwatch total)
    {
        var progress = json ? null : new ThrottledProgress();
        // --time-limit covers the whole command: what start-up and reading the data used is not the solver's.
        var seeded = SeededGlobalLp.Solve(data, p, CommonOptions.SolverSeconds(timeLimit), progress,
            enumerationProgress: json ? null : new EnumerationProgressLine("lp"));
        var r = seeded.Lp;
        var net = r.Network;
        var check = net is null ? null : InterpolationCheck.Check(net, data);
        if (net is not null && !check!.Interpolates)
            throw new InvalidOperationException($"the rebuilt ℓ^p network misses point {check.FirstMismatch} exactly");
        if (outStream is not null)
        {
            if (net is not null) NetworkJson.Write(net, outStream);
            else outputs.Abandon(outStream); // no network: the target is left as it was
        }
        outputs.Commit();
        int? neurons = net is null ? null : SparsityMeasures.ActiveNeurons(net);
        int? parameters = net is null ? null : SparsityMeasures.NonzeroParameters(net);
        string status = r.LpStatus;
        bool enumerated = r.Method == GlobalLpMethod.VertexEnumeration;
        string method = enumerated ? EnumerationMethod : Method;
        if (json)
        {
            CommonOptions.PrintJson(new JsonObject
            {
                ["p"] = p,
                ["value"] = net is null ? null : CommonOptions.Finite(r.UpperBound),
                ["neurons"] = neurons,
                ["parameters"] = parameters,
                ["certified"] = r.Certified,
                ["lowerBound"] = CommonOptions.Finite(r.LowerBound),
                ["upperBound"] = net is null ? null : CommonOptions.Finite(r.UpperBound),
                ["gap"] = net is null ? null : CommonOptions.Finite(r.Gap),
                ["method"] = enumerated ? "global-lp-vertex-enumeration" : "global-lp-branch-and-bound",
                ["methodDetail"] = method,
                ["status"] = status,
                ["basic"] = r.Basic,
                ["verified"] = check?.Interpolates ?? false,
                ["nodes"] = r.Nodes,
                ["lpCalls"] = r.LpCalls,
                ["blocks"] = r.Blocks,
                ["sparsestParameters"] = seeded.Sparsest,
                ["seconds"] = CommonOptions.Round(total.Elapsed.TotalSeconds),
            }, net, writeNetwork: true);
            return ExitCodes.Success;
        }
        var o = Console.Out;
        if (net is null)
        {
            o.WriteLine($"no interpolating network found for {path} within the time limit ({status}); lower bound {r.LowerBound:G12}");
            return ExitCodes.Success;
        }
        o.WriteLine($"min-ℓ^p network of {path} for p = {Report.F(p)}: value = {r.UpperBound:G12}, {neurons} neurons, {parameters} nonzero parameters");
        o.WriteLine(r.Certified
            ? $"  certified globally optimal: lower bound {r.LowerBound:G12} (relative gap {r.Gap:G3} ≤ {GlobalLpSolver.RelativeGap})"
            : $"  NOT certified ({status}): bounds [{r.LowerBound:G12}, {r.UpperBound:G12}], relative gap {r.Gap:G3}");
        o.WriteLine($"  {(enumerated ? $"{r.Nodes} candidate networks enumerated" : $"{r.Nodes} nodes, {r.LpCalls} LPs, {r.Blocks} blocks")}; exact basic solution: {(r.Basic ? "yes" : "no")}; verified exactly: {(check!.Interpolates ? "yes" : "NO")}");
        o.WriteLine(seeded.Sparsest is int k
            ? $"  proven ℓ^0 (parameters) optimum: {k}; this network has {parameters}"
            : $"  ℓ^0 (parameters) optimum not proven within its share of the time (≥ {seeded.SparsestLowerBound})");
        o.WriteLine($"  method: {method}");
        if (outPath is not null) o.WriteLine($"  network written to {outPath}");
        return ExitCodes.Success;
    }

    /// <summary>A JSON number, or null for ±∞ and NaN (which JSON cannot represent).</summary>

    /// <summary>Progress on stderr, synchronously and at most one line every two seconds (a search visits
    /// thousands of nodes a second).</summary>
    private sealed class ThrottledProgress : IProgress<GlobalLpProgress>
    {
        private double _lastSeconds = double.NegativeInfinity;

        public void Report(GlobalLpProgress g)
        {
            if (g.Seconds - _lastSeconds < 2) return;
            _lastSeconds = g.Seconds;
            Console.Error.WriteLine($"verifier: lp {g.Seconds:F1}s nodes {g.Nodes} open {g.OpenNodes} bounds [{g.LowerBound:G10}, {g.UpperBound:G10}]");
        }
    }
}
