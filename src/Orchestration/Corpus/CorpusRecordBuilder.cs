using Verifier.Exact;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Verifier.Continuous.Univariate;
using Verifier.Exact.Certificates;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Formats;
using Verifier.Shared.Networks;
using Verifier.Orchestration.Data;
using Verifier.Orchestration.Drivers;
using Verifier.Continuous.GlobalLp;
using Verifier.Continuous.GlobalLp.Enumeration;

namespace Verifier.Orchestration.Corpus;

/// <summary>One corpus record and the status of its sparsest solve (for the summary).</summary>
public sealed record CorpusRecord(long Id, JsonObject Json, SolveStatus Status);

/// <summary>
/// Generates and solves instance i of a corpus: the exact sparsest count (1-D: <see cref="UnivariateSparsest"/>;
/// d &gt; 1: <see cref="CombinatorialBendersSolver"/> with its status and bounds), the ℓ^p minimisers
/// (1-D: <see cref="MinVpDynamicProgram"/>; d &gt; 1: <see cref="MultivariateLpSlot"/>) and p* (1-D:
/// <see cref="UnivariatePStar"/>; d &gt; 1: the certified bracket of <see cref="PStarBracket"/> from the recorded networks). Every network put into a record has been re-checked exactly; a witness that
/// fails the check is a bug and throws. Everything except the "timings" object is a function of the spec and i
/// (for d &gt; 1 as long as no solve reaches the time limit).
/// </summary>
public static class CorpusRecordBuilder
{
    public const string PStarNeuronsReason = "p* of Thm 4.1 is about nonzero parameters; this corpus counts neurons";
    public const string PStarWithoutLpReason = "p* in d > 1 is bracketed from the recorded ℓ^p minimisers, and this record has none";
    public const string PStarUnprovenReason = "p* in d > 1 needs the proven ℓ^0 optimum, which this record does not have";
    public const string MultivariatePStarMethod =
        "certified bracket: lower by Thm 4.1 (exact Cramer bounds), upper by the smallest recorded p with a certified non-sparsest minimiser (else 1); value an estimate";
    /// <summary>The "method" of a d &gt; 1 pStar derived from every basic solution (tiny data); the validator re-runs it.</summary>
    public const string EnumeratedPStarMethod =
        "certified bracket from every basic solution (BasicSolutionEnumeration and EnumeratedPStar, as pstar does on tiny data), intersected with the Thm 4.1 lower end; value an estimate inside it";

    public static CorpusRecord Build(CorpusSpec spec, long index)
    {
        var timings = new JsonObject();
        var total = Stopwatch.StartNew();
        var clock = Stopwatch.StartNew();
        ulong seed = InstanceSeed.Derive(spec.Seed, index);
        var instance = InstanceGenerators.Generate(spec.Kind, spec.PointsOf(index), spec.Dim, new SplitMix64(seed));
        var data = instance.Data;
        var problem = SparsestProblem.WithDefaults(data, objective: spec.Objective);
        timings["generate"] = Seconds(clock);

        clock.Restart();
        var (sparsest, status, witness) = Sparsest(problem, spec.TimeLimitSeconds);
        timings["sparsest"] = Seconds(clock);

        var record = new JsonObject
        {
            ["id"] = index,
            ["generator"] = new JsonObject
            {
                ["kind"] = CorpusSpec.KindName(spec.Kind),
                ["seed"] = seed.ToString("x16", CultureInfo.InvariantCulture),
                ["points"] = data.Count,
                ["dim"] = data.Dimension,
                ["planted"] = instance.Planted is null ? null : NetworkJson.ToJson(instance.Planted),
            },
            ["corpus"] = spec.ToJson(),
            ["data"] = DataJson(data),
            ["skip"] = problem.Skip,
            ["objective"] = CorpusSpec.ObjectiveName(problem.Objective),
            ["sparsest"] = sparsest,
        };

        clock.Restart();
        if (data.Dimension == 1)
        {
            var structure = UnivariateStructure.Analyze(data);
            record["lp"] = new JsonArray(spec.Ps.Select(p => (JsonNode?)UnivariateLp(structure, p)).ToArray());
            timings["lp"] = Seconds(clock);
            clock.Restart();
            var r = UnivariatePStar.Compute(structure);
            record["pStar"] = new JsonObject { ["value"] = r.PStar, ["lower"] = r.Lower, ["upper"] = r.Upper, ["exact"] = r.Exact };
            timings["pStar"] = Seconds(clock);
        }
        else
        {
            var entries = new JsonArray();
            var minimisers = new List<LpMinimiser>();
            string? reason = MultivariateLpSlot.IsAvailable ? null : MultivariateLpSlot.UnavailableReason;
            // Tiny data: every basic solution once, for every ℓ^p entry and for p* (within 3/4 of the instance's limit
            // when forecast to fit; should it not finish, the per-p solves still get their shares).
            bool tryEnumeration = reason is null && !problem.Skip && status == SolveStatus.Optimal;
            var enumeration = tryEnumeration ? SeededGlobalLp.EnumerateWithin(data, SeededGlobalLp.EnumerationTryShare * spec.TimeLimitSeconds) : null;
            if (reason is null)
                foreach (var p in spec.Ps)
                {
                    var m = MultivariateLpSlot.TrySolve(problem, p, spec.TimeLimitSeconds / spec.Ps.Count, out reason, enumeration); // the instance's limit, shared
                    if (m is null) break;
                    entries.Add(LpEntry(m, data));
                    minimisers.Add(m);
                }
            record["lp"] = reason is null ? entries : null;
            if (reason is not null) record["lpReason"] = reason;
            timings["lp"] = Seconds(clock);
            clock.Restart();
            var (pStar, pStarReason) = MultivariatePStarEntry(problem, status, witness, reason is null ? minimisers : null, spec.TimeLimitSeconds, enumeration,
                enumerationFailed: tryEnumeration && enumeration is null);
            record["pStar"] = pStar;
            if (pStarReason is not null) record["pStarReason"] = pStarReason;
            timings["pStar"] = Seconds(clock);
        }
        timings["total"] = Seconds(total);
        record["timings"] = timings;
        return new CorpusRecord(index, record, status);
    }

    private static (JsonObject, SolveStatus, ShallowReluNetwork?) Sparsest(SparsestProblem problem, double timeLimit)
    {
        var result = ExactSolvers.Default(problem, new MipOptions(timeLimit)).Solve(problem);
        var verdict = SparsestVerdict.Decide(problem, result);
        return (SparsestEntry(verdict), verdict.Status, verdict.Status == SolveStatus.Optimal ? verdict.Network : null);
    }

    /// <summary>
    /// The d &gt; 1 "pStar" object {value, lower, upper, exact, method}. On tiny data (the enumeration of every basic
    /// solution forecast within three quarters of <paramref name="timeLimit"/>, and finishing), the bracket of
    /// <see cref="MultivariatePStar.Enumerated"/> (usually exact); otherwise <see cref="PStarBracket"/> from the record's
    /// own networks: lower proven by Thm 4.1 from the ℓ^0 witness and the recorded ℓ^p minimisers with k₀ nonzero
    /// parameters, upper the smallest recorded p whose certified minimiser is not sparsest (else 1); value the
    /// bracket's estimate (not proven unless exact). Null with a reason when there is nothing to prove it from: no
    /// proven ℓ^0 optimum, the neurons objective (Thm 4.1 is about nonzero parameters) or no ℓ^p entries.
    /// The validator re-derives it the same way (re-running the enumeration when the method says so).
    /// </summary>
    private static (JsonObject? Json, string? Reason) MultivariatePStarEntry(SparsestProblem problem, SolveStatus status,
        ShallowReluNetwork? witness, IReadOnlyList<LpMinimiser>? minimisers, double timeLimit, VertexEnumerationResult? enumeration,
        bool enumerationFailed = false)
    {
        if (problem.Objective != SparsityObjective.Parameters) return (null, PStarNeuronsReason);
        if (minimisers is null) return (null, PStarWithoutLpReason);
        if (status != SolveStatus.Optimal || witness is null) return (null, PStarUnprovenReason);
        if (problem.Data.Labels.ToArray().All(v => v.IsZero))
            return (PStarJson(new PStarBracketResult(1, 1, 1, 0, 1, null, []), MultivariatePStarMethod), null);
        var bounds = BasicSolutionBounds.Of(problem.Data);
        var k0 = SparsityMeasures.NonzeroParameters(witness);
        var bracket = PStarBracket.Decide(bounds, k0, [witness], minimisers.Select(m => new PStarEvidence(m.P, m.Certified, m.Network)));
        // The record's enumeration was forecast not to fit, or ran out of time: the same budget would not do better.
        if (!enumerationFailed && MultivariatePStar.Enumerated(problem.Data, k0, bracket, timeLimit, given: enumeration) is { } enumerated)
            return (PStarJson(enumerated, EnumeratedPStarMethod), null);
        return (PStarJson(bracket, MultivariatePStarMethod), null);
    }

    private static JsonObject PStarJson(PStarBracketResult b, string method) => new()
    {
        ["value"] = b.Estimate,
        ["lower"] = b.Lower,
        ["upper"] = b.Upper,
        ["exact"] = b.Exact,
        ["method"] = method,
    };

    /// <summary>
    /// The record's "sparsest" object for a solver's result, with the status and bounds decided by
    /// <see cref="SparsestVerdict"/> (a solver defect throws).
    /// </summary>
    public static (JsonObject Json, SolveStatus Status) SparsestEntry(SparsestProblem problem, SolveResult result)
    {
        var verdict = SparsestVerdict.Decide(problem, result);
        return (SparsestEntry(verdict), verdict.Status);
    }

    private static JsonObject SparsestEntry(SparsestVerdict verdict)
    {
        var net = verdict.Network;
        return new JsonObject
        {
            ["status"] = verdict.StatusName,
            ["method"] = verdict.Method,
            ["count"] = verdict.Count,
            ["lowerBound"] = verdict.LowerBound,
            ["upperBound"] = verdict.UpperBound,
            ["neurons"] = net is null ? null : SparsityMeasures.ActiveNeurons(net),
            ["parameters"] = net is null ? null : SparsityMeasures.NonzeroParameters(net),
            ["proof"] = verdict.Proof,
            ["network"] = net is null ? null : NetworkJson.ToJson(net),
        };
    }

    private static JsonObject UnivariateLp(UnivariateStructure structure, double p)
    {
        var solution = MinVpDynamicProgram.Solve(structure, p);
        var net = solution.Partition.ToNetwork();
        return LpEntry(new LpMinimiser(p, solution.Value, net, Certified: true, solution.Value, SparsityMeasures.PathNorm(net, p)), structure.Data);
    }

    private static JsonObject LpEntry(LpMinimiser m, Dataset data)
    {
        var check = InterpolationCheck.Check(m.Network, data);
        if (!check.Interpolates)
            throw new InvalidOperationException($"the ℓ^p minimiser for p = {m.P} misses point {check.FirstMismatch} exactly");
        return new JsonObject
        {
            ["p"] = m.P,
            ["value"] = m.Value,
            ["certified"] = m.Certified,
            ["lowerBound"] = m.LowerBound,
            ["upperBound"] = m.UpperBound,
            ["neurons"] = SparsityMeasures.ActiveNeurons(m.Network),
            ["parameters"] = SparsityMeasures.NonzeroParameters(m.Network),
            ["network"] = NetworkJson.ToJson(m.Network),
        };
    }

    /// <summary>The dataset as exact rational strings, in the JSON data layout {"x": [[…]], "y": […]}.</summary>
    public static JsonObject DataJson(Dataset data)
    {
        var x = new JsonArray();
        for (int i = 0; i < data.Count; i++)
        {
            var row = new JsonArray();
            foreach (var v in data.Input(i)) row.Add(v.ToString());
            x.Add(row);
        }
        var y = new JsonArray();
        foreach (var v in data.Labels) y.Add(v.ToString());
        return new JsonObject { ["x"] = x, ["y"] = y };
    }

    private static double Seconds(Stopwatch sw) => Math.Round(sw.Elapsed.TotalSeconds, 6);
}
