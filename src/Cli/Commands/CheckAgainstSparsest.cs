using Verifier.Shared.Networks;
using System.Text.Json.Nodes;
using Verifier.Exact.Problems;
using Verifier.Shared.Formats.Onnx;

namespace Verifier.Cli.Commands;

/// <summary>The parts of <c>check</c>'s report about an ONNX source and <c>--against-sparsest</c>.</summary>
internal static class CheckAgainstSparsest
{
    public static JsonObject OnnxInfo(OnnxNetwork onnx) => new()
    {
        ["graph"] = onnx.Graph,
        ["weightType"] = onnx.WeightType,
        ["producer"] = onnx.Producer,
        ["irVersion"] = onnx.IrVersion,
    };

    /// <summary>The sparsest count and the network's excess over it; the excess only for a network that interpolates
    /// (a network that misses the data is no competitor of an interpolant, and its "excess" could be negative).</summary>
    public static JsonObject Json(SparsityGap gap, bool interpolates) => new()
    {
        ["status"] = Verifier.Exact.Certificates.SparsestVerdict.Name(gap.Sparsest.Status),
        ["method"] = gap.Sparsest.Method,
        ["objective"] = ObjectiveName(gap.Sparsest.Objective),
        ["skip"] = gap.Sparsest.Skip,
        ["count"] = gap.Sparsest.Count,
        ["lowerBound"] = gap.Sparsest.LowerBound,
        ["verified"] = gap.Sparsest.Verified,
        ["networkCount"] = gap.NetworkCount,
        ["excess"] = interpolates ? gap.Excess : null,
        ["excessAtMost"] = interpolates ? gap.ExcessAtMost : null,
    };

    public static void Print(SparsityGap gap, bool interpolates, TextWriter o)
    {
        var s = gap.Sparsest;
        string what = ObjectiveName(s.Objective);
        string arch = s.Skip ? "with the free linear term" : "without a linear term";
        if (!interpolates)
        {
            o.WriteLine($"  sparsest interpolant ({arch}): {Verifier.Exact.Certificates.SparsestVerdict.Name(s.Status)}, lower bound {s.LowerBound}, best found {s.Count?.ToString() ?? "none"} {what}; not compared: this network does not interpolate the data");
            return;
        }
        o.WriteLine(s.Status == SolveStatus.Optimal
            ? $"  sparsest interpolant ({arch}): {s.Count} {what}, proven ({s.Method}); this network has {gap.NetworkCount}: {gap.Excess} more than the sparsest"
            : $"  sparsest interpolant ({arch}): {Verifier.Exact.Certificates.SparsestVerdict.Name(s.Status)}, lower bound {s.LowerBound}, best found {s.Count?.ToString() ?? "none"} {what}; this network has {gap.NetworkCount}: at most {gap.ExcessAtMost} more than the sparsest");
    }

    private static string ObjectiveName(SparsityObjective o) => o == SparsityObjective.Neurons ? "neurons" : "parameters";
}
