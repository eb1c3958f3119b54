using System.Diagnostics;
using System.Text.Json.Nodes;
using Verifier.Continuous.GlobalLp;
using Verifier.Shared.Data;
using Verifier.Orchestration.Drivers;

namespace Verifier.Cli.Commands;

/// <summary>The d &gt; 1 branch of <c>verifier pstar</c>: the certified bracket [lower, upper] of
/// <see cref="MultivariatePStar"/>, with the unproven estimate labelled as such.</summary>
public static class MultivariatePStarReport
{
    public static int Run(string path, Dataset data, bool json, double timeLimit, Stopwatch total)
    {
        var progress = json ? null : new ThrottledProgress();
        var r = MultivariatePStar.Compute(data, timeLimit, progress: progress, enumerationProgress: json ? null : new EnumerationProgressLine("pstar"));
        if (json)
        {
            var bounds = r.Bounds;
            CommonOptions.PrintJson(new JsonObject
            {
                ["pStar"] = r.Estimate,
                // "lower" when no probe below the upper end was certified sparsest: then pStar is the proven lower end.
                ["pStarIs"] = r.Bracket is not { } pb ? null : pb.Exact ? "exact" : pb.Estimate > pb.Lower ? "estimate" : "lower",
                ["exact"] = r.Exact,
                ["sparsest"] = r.Sparsest,
                ["method"] = r.Method,
                ["lower"] = r.Lower,
                ["upper"] = r.Upper,
                ["lowerProof"] = r.Bracket is null || bounds is null ? null : r.Bracket.LowerProofText,
                ["upperProof"] = r.Bracket?.UpperProofText,
                ["sparsestNetworks"] = r.Bracket?.Sparsest is { } set ? new JsonObject { ["complete"] = set.Complete, ["count"] = set.Networks.Count, ["proof"] = set.Proof } : null,
                ["theoremConstant"] = r.Bracket is null || bounds is null ? null : r.Bracket.TheoremConstant,
                ["basicSolutionBounds"] = bounds is null ? null : new JsonObject
                {
                    ["r"] = bounds.Lower.ToString(),
                    ["R"] = bounds.Upper.ToString(),
                    ["log10RatioUpper"] = bounds.Log10Ratio is { } l ? CommonOptions.Finite(l.Hi) : null,
                    ["exactMinors"] = bounds.ExactMinors,
                },
                ["conflicts"] = new JsonArray((r.Bracket?.Conflicts ?? []).Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
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
        if (r.Bracket is { } b && r.Sparsest is int)
        {
            if (b.Enumerated is { } en)
            {
                o.WriteLine($"  proven: p* ≥ {Report.F(b.Lower)} and p* ≤ {Report.F(b.Upper)} from every basic solution, enumerated exactly ({en.Sparsest} sparsest and {en.NonSparsest} non-sparsest candidate networks; {en.Intervals} interval tests)");
                o.WriteLine($"  lower end: {b.LowerProofText}");
                o.WriteLine($"  upper end: {b.UpperProofText}");
            }
            else if (r.Bounds is { } bounds)
                o.WriteLine($"  proven: p* ≥ {Report.F(b.Lower)} (Thm 4.1 with every nonzero entry of every basic solution in [r, R], log10(R/r) ≤ {Report.F(bounds.Log10Ratio?.Hi ?? 0)}; the paper's constant ln(1 + 1/k0)/ln(R/r) is {Report.F(b.TheoremConstant)})");
            if (b.Enumerated is null) o.WriteLine(b.UpperEvidence is not { } e ? "  upper end 1 is the trivial bound: " + b.UpperProofText
                : b.UpperByCrossing ? $"  proven: p* ≤ {Report.F(b.Upper)} (a network with {Verifier.Shared.Networks.SparsityMeasures.NonzeroParameters(e.Network)} parameters costs less there than each of the {b.Sparsest!.Networks.Count} sparsest interpolants, all enumerated exactly)"
                : $"  proven: p* ≤ {Report.F(b.Upper)} (certified ℓ^p minimiser with {Verifier.Shared.Networks.SparsityMeasures.NonzeroParameters(e.Network)} parameters there; up to the certificate's relative gap 1e-9)");
            if (b.Sparsest is { Complete: false } partial && b.Enumerated is null) o.WriteLine($"  sparsest interpolants not all enumerated: {partial.Proof}");
            if (!b.Exact) o.WriteLine($"  NOT exact: p* is only known to lie in [{Report.F(b.Lower)}, {Report.F(b.Upper)}]; " + (b.Estimate > b.Lower
                ? $"pStar {Report.F(b.Estimate)} is an estimate from certified probes, not proven"
                : "pStar is the proven lower end (no probe below the upper end was certified sparsest)"));
            foreach (var c in b.Conflicts) o.WriteLine($"  not used: {c}");
        }
        foreach (var pr in r.Probes)
            o.WriteLine($"  p = {pr.P:F4}: {Describe(pr)}");
        o.WriteLine($"  method: {r.Method}");
        return ExitCodes.Success;
    }

    /// <summary>The one-line verdict. "Not sparsest" is said of a certified minimiser only; an uncertified probe only
    /// says something about the network it returned.</summary>
    public static string Headline(string path, MultivariatePStarResult r, double timeLimit)
    {
        if (r.Sparsest is not int sparsest || r.Bracket is not { } b)
            return $"p* of {path}: the exact ℓ^0 minimum was not proven within {timeLimit} s, no bracket";
        if (b.Exact) return $"p* = {Report.F(b.Lower)} for {path} (sparsest: {sparsest} parameters; certified bracket [{Report.F(b.Lower)}, {Report.F(b.Upper)}])";
        string bracket = $"p* ∈ [{Report.F(b.Lower)}, {Report.F(b.Upper)}] for {path} (certified; sparsest: {sparsest} parameters)";
        if (r.PatternsTimedOut) return $"{bracket}; the activation patterns were not enumerated within {timeLimit} s, so no ℓ^p probe";
        var first = r.FirstCertifiedNonSparsest;
        string above = first is null
            ? "no probe's certified minimiser is non-sparsest"
            : $"smallest probe whose certified minimiser is not sparsest: p = {Report.F(first.P)} ({first.Parameters} parameters)";
        if (r.Probes.Any(x => x.Certified && x.Parameters == sparsest && x.P < b.Upper))
            return $"{bracket}; estimate {Report.F(b.Estimate)} (largest probe below the upper end certified sparsest); {above}";
        if (first is null) return $"{bracket}; no probe was certified sparsest, no estimate beyond the lower end";
        return $"{bracket}; no probe below p = {Report.F(first.P)} was certified sparsest, and the certified minimiser there has {first.Parameters} parameters";
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
