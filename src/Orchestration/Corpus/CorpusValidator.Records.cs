using System.Text;
using System.Text.Json.Nodes;
using Verifier.Continuous.GlobalLp;
using Verifier.Continuous.GlobalLp.Enumeration;
using Verifier.Continuous.Univariate;
using Verifier.Exact.Certificates;
using Verifier.Exact.Problems;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Formats;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Verifier.Orchestration.Drivers;

namespace Verifier.Orchestration.Corpus;

/// <summary>The checks of one record: sparsest entry, planted network, p*, ℓ^p minimisers (see <see cref="CorpusValidator"/>).</summary>
public static partial class CorpusValidator
{
    /// <summary>Checks one record; returns its sparsest status or throws <see cref="RecordInvalid"/>.</summary>
    private static string CheckRecord(JsonObject record)
    {
        var data = ReadData(record["data"]);
        bool skip = Bool(record, "skip");
        var objective = Str(record, "objective") switch
        {
            "neurons" => SparsityObjective.Neurons,
            "parameters" => SparsityObjective.Parameters,
            var o => throw new RecordInvalid($"unknown objective \"{o}\""),
        };
        var problem = new SparsestProblem(data, skip, objective);
        if (record["generator"] is JsonObject g && g["dim"] is JsonValue && Int(g, "dim") != data.Dimension)
            throw new RecordInvalid($"generator.dim {Int(g, "dim")} but the data have dimension {data.Dimension}");

        var (status, count) = CheckSparsest(Obj(record, "sparsest"), problem);
        CheckPlanted(record["generator"] as JsonObject, problem, status, count);
        var pStar = CheckPStar(record, problem, status == "optimal" ? count : null);
        CheckLp(record, problem, status == "optimal" ? count : null, pStar);
        if (record["timings"] is not (null or JsonObject)) throw new RecordInvalid("\"timings\" must be an object");
        return status;
    }

    private static (string Status, int? Count) CheckSparsest(JsonObject s, SparsestProblem problem)
    {
        string status = Str(s, "status");
        int? count = NullableInt(s, "count");
        int lower = Int(s, "lowerBound");
        var net = NullableNetwork(s["network"], "sparsest.network");
        if (lower < 0) throw new RecordInvalid($"sparsest.lowerBound {lower} is negative");
        if (net is not null)
        {
            Architecture((JsonObject)s["network"]!, net, problem, "sparsest.network");
            Interpolates(net, problem.Data, "sparsest.network");
            int measured = CertificateCheck.Count(net, problem.Objective);
            if (count != measured) throw new RecordInvalid($"sparsest.count {Show(count)} but the network has {measured} ({CorpusSpec.ObjectiveName(problem.Objective)})");
            ExpectCounts(s, net, "sparsest");
            if (NullableInt(s, "upperBound") != measured) throw new RecordInvalid($"sparsest.upperBound {Show(NullableInt(s, "upperBound"))} ≠ count {measured}");
            if (lower > measured) throw new RecordInvalid($"sparsest.lowerBound {lower} exceeds the count {measured}");
        }
        else if (count is not null) throw new RecordInvalid("sparsest.count without a witness network");
        switch (status)
        {
            case "optimal":
                if (net is null) throw new RecordInvalid("status optimal without a witness network");
                if (lower != count) throw new RecordInvalid($"status optimal but lowerBound {lower} ≠ count {count}");
                break;
            case "feasible":
                if (net is null) throw new RecordInvalid("status feasible without a witness network");
                break;
            case "timeout":
                if (net is not null || count is not null) throw new RecordInvalid("a timeout must not carry a count or network");
                break;
            case "infeasible":
                throw new RecordInvalid("status infeasible, but distinct inputs always admit an interpolant");
            default:
                throw new RecordInvalid($"unknown sparsest.status \"{status}\"");
        }
        if (problem.UnivariateApplies)
        {
            var exact = new UnivariateSparsest().Solve(problem);
            int recomputed = CertificateCheck.Count(exact.Witness!, problem.Objective);
            if (status != "optimal" || count != recomputed)
                throw new RecordInvalid($"the exact univariate solver gives {recomputed} (optimal), the record says {Show(count)} ({status})");
        }
        return (status, count);
    }

    private static void CheckPlanted(JsonObject? generator, SparsestProblem problem, string status, int? count)
    {
        if (generator?["planted"] is not JsonObject planted) return;
        var net = NullableNetwork(planted, "generator.planted")!;
        Interpolates(net, problem.Data, "generator.planted");
        int size = CertificateCheck.Count(net, problem.Objective);
        bool comparable = net.Skip is null || problem.Skip; // a planted linear term is only free when the problem has one
        if (comparable && status == "optimal" && count > size)
            throw new RecordInvalid($"optimal count {count} exceeds the planted network's {size}");
    }

    /// <summary>Least time the validator gives the re-run of an enumerated p* bracket (seconds); a record generated with a
    /// larger <c>corpus.timeLimit</c> gets that.</summary>
    private const double EnumerationSeconds = 120;

    private static (double Lower, double Value, double Upper)? CheckPStar(JsonObject record, SparsestProblem problem, int? optimalCount)
    {
        if (record["pStar"] is null)
        {
            if (record["pStarReason"] is not JsonValue) throw new RecordInvalid("pStar is null without a \"pStarReason\"");
            return null;
        }
        var ps = Obj(record, "pStar");
        double value = Num(ps, "value"), lower = Num(ps, "lower"), upper = Num(ps, "upper");
        bool exact = Bool(ps, "exact");
        if (!(0 < lower && lower <= value && value <= upper && upper <= 1))
            throw new RecordInvalid($"pStar bounds inconsistent: need 0 < lower ≤ value ≤ upper ≤ 1, got {lower}, {value}, {upper}");
        if (problem.Data.Dimension > 1)
        {
            if (exact && !(upper - lower <= PStarBracketResult.ExactWidth))
                throw new RecordInvalid($"pStar.exact is true but the bracket [{lower}, {upper}] is wider than 1e-9");
            if (!exact && upper - lower <= PStarBracketResult.ExactWidth)
                throw new RecordInvalid($"pStar.exact is false but the bracket [{lower}, {upper}] is at most 1e-9 wide");
            CheckMultivariatePStar(record, problem, optimalCount, lower, upper);
        }
        if (problem.UnivariateApplies)
        {
            var r = UnivariatePStar.Compute(UnivariateStructure.Analyze(problem.Data));
            if (!Close(r.PStar, value) || !Close(r.Lower, lower) || !Close(r.Upper, upper))
                throw new RecordInvalid($"pStar {value} in [{lower}, {upper}] but the run-by-run computation gives {r.PStar} in [{r.Lower}, {r.Upper}]");
            if (r.Exact != exact)
                throw new RecordInvalid($"pStar.exact is {Lower(exact)} but the run-by-run computation gives {Lower(r.Exact)}");
        }
        return (lower, value, upper);
    }

    /// <summary>
    /// Re-derives the d &gt; 1 bracket from the record's own networks (<see cref="PStarBracket.Decide"/>: the exact
    /// bounds r, R of the data, the sparsest witness and the ℓ^p networks), or, when its method says it came from every
    /// basic solution, by re-running that enumeration (<see cref="MultivariatePStar.Enumerated"/>), and requires the
    /// record to claim no more than that proves: lower ≤ the re-derived proven lower end, upper ≥ the re-derived upper end.
    /// </summary>
    private static void CheckMultivariatePStar(JsonObject record, SparsestProblem problem, int? optimalCount, double lower, double upper)
    {
        if (problem.Objective != SparsityObjective.Parameters)
            throw new RecordInvalid("pStar is recorded for the neurons objective, but Thm 4.1's p* is about nonzero parameters");
        if (optimalCount is not int k0) throw new RecordInvalid("pStar is recorded without a proven (optimal) ℓ^0 count");
        if (k0 == 0)
        {
            if (lower != 1 || upper != 1) throw new RecordInvalid($"y = 0: p* = 1 exactly, the record says [{lower}, {upper}]");
            return;
        }
        var witness = NullableNetwork(Obj(record, "sparsest")["network"], "sparsest.network")!;
        var evidence = new List<PStarEvidence>();
        if (record["lp"] is JsonArray entries)
            for (int k = 0; k < entries.Count; k++)
                if (entries[k] is JsonObject e && NullableNetwork(e["network"], $"lp[{k}].network") is { } net)
                    evidence.Add(new PStarEvidence(Num(e, "p"), Bool(e, "certified"), net));
        PStarBracketResult proven;
        try { proven = PStarBracket.Decide(BasicSolutionBounds.Of(problem.Data), k0, [witness], evidence); }
        catch (InvalidOperationException e) { throw new RecordInvalid($"pStar: {e.Message}"); }
        if (Obj(record, "pStar")["method"] is JsonValue m && m.TryGetValue(out string? method) && method == CorpusRecordBuilder.EnumeratedPStarMethod)
        {
            // A bracket from every basic solution: re-run the enumeration (deterministic) and re-derive it — unless the data
            // are beyond it (N > 8 or too many hyperplane choices), which no honest record claims.
            if (double.IsPositiveInfinity(BasicSolutionEnumeration.EstimatedSeconds(problem.Data)))
                throw new RecordInvalid("pStar claims a bracket from every basic solution, but the data are beyond the enumeration (N > 8 or too many hyperplane choices)");
            PStarBracketResult? enumerated;
            double seconds = Math.Max(EnumerationSeconds, record["corpus"]?["timeLimit"] is JsonValue t && t.TryGetValue(out double limit) && double.IsFinite(limit) ? limit : 0);
            try { enumerated = MultivariatePStar.Enumerated(problem.Data, k0, proven, seconds, forecast: false); }
            catch (InvalidOperationException e) { throw new RecordInvalid($"pStar: {e.Message}"); }
            if (enumerated is null)
                throw new RecordInvalid($"pStar claims a bracket from every basic solution, which could not be re-derived within {seconds} s on this machine (not verified; a faster machine may verify it)");
            proven = enumerated;
            if (lower > proven.Lower)
                throw new RecordInvalid($"pStar.lower {lower} exceeds the lower end {proven.Lower} that the enumeration of every basic solution proves");
            if (upper < proven.Upper)
                throw new RecordInvalid($"pStar.upper {upper} is below the upper end {proven.Upper} that the enumeration of every basic solution proves");
            return;
        }
        if (lower > proven.Lower)
            throw new RecordInvalid($"pStar.lower {lower} exceeds the lower end {proven.Lower} that Thm 4.1 proves from the record's sparsest networks");
        if (upper < proven.Upper)
            throw new RecordInvalid($"pStar.upper {upper} is below the upper end {proven.Upper} that the record's certified ℓ^p minimisers prove");
    }

    private static void CheckLp(JsonObject record, SparsestProblem problem, int? optimalCount, (double Lower, double Value, double Upper)? pStar)
    {
        if (record["lp"] is null)
        {
            if (record["lpReason"] is not JsonValue) throw new RecordInvalid("lp is null without an \"lpReason\"");
            return;
        }
        if (record["lp"] is not JsonArray entries) throw new RecordInvalid("\"lp\" must be an array or null");
        UnivariateStructure? structure = problem.UnivariateApplies ? UnivariateStructure.Analyze(problem.Data) : null;
        for (int k = 0; k < entries.Count; k++)
        {
            string where = $"lp[{k}]";
            if (entries[k] is not JsonObject e) throw new RecordInvalid($"{where} is not an object");
            double p = Num(e, "p"), value = Num(e, "value"), lo = Num(e, "lowerBound"), hi = Num(e, "upperBound");
            if (!(p > 0 && p < 1)) throw new RecordInvalid($"{where}.p = {p} is not in (0, 1)");
            bool certified = Bool(e, "certified");
            var net = NullableNetwork(e["network"], $"{where}.network") ?? throw new RecordInvalid($"{where} has no network");
            Architecture((JsonObject)e["network"]!, net, problem, $"{where}.network");
            Interpolates(net, problem.Data, $"{where}.network");
            ExpectCounts(e, net, where);
            double pathNorm = SparsityMeasures.PathNorm(net, p);
            if (!Close(hi, pathNorm)) throw new RecordInvalid($"{where}.upperBound {hi} ≠ the network's path norm {pathNorm}");
            if (!(lo <= value * (1 + RelativeTolerance) && value <= hi * (1 + RelativeTolerance)))
                throw new RecordInvalid($"{where}: need lowerBound ≤ value ≤ upperBound, got {lo}, {value}, {hi}");
            // Certified only when the bounds prove global optimality: relative gap within the solver's 1e-9.
            double gap = (hi - lo) / Math.Max(1e-12, Math.Abs(hi));
            if (certified && !(gap <= GlobalLpSolver.RelativeGap)) throw new RecordInvalid($"{where} certified with a gap: [{lo}, {hi}] (relative gap {gap})");
            int neurons = SparsityMeasures.ActiveNeurons(net);
            if (optimalCount is { } c && problem.Objective == SparsityObjective.Neurons && neurons < c)
                throw new RecordInvalid($"{where} has {neurons} neurons, fewer than the optimal sparsest count {c}");
            int parameters = SparsityMeasures.NonzeroParameters(net);
            if (optimalCount is { } cp && problem.Objective == SparsityObjective.Parameters && parameters < cp)
                throw new RecordInvalid($"{where} has {parameters} nonzero parameters, fewer than the optimal sparsest count {cp}");
            // Below the proven lower end of p* every global minimiser is sparsest (Thms 3.2 and 4.1).
            if (pStar is { } bracket && certified && p <= bracket.Lower && optimalCount is { } sparsestCount
                && CertificateCheck.Count(net, problem.Objective) != sparsestCount && problem.Data.Dimension > 1)
                throw new RecordInvalid($"{where}: p = {p} ≤ pStar.lower {bracket.Lower}, yet its certified minimiser has {CertificateCheck.Count(net, problem.Objective)} ≠ {sparsestCount} (the sparsest count)");
            if (structure is not null)
            {
                var dp = MinVpDynamicProgram.Solve(structure, p);
                if (!Close(dp.Value, value)) throw new RecordInvalid($"{where}.value {value} but the exact dynamic programme gives {dp.Value}");
                if (dp.MinKnots != neurons) throw new RecordInvalid($"{where} has {neurons} neurons, the dynamic programme's fewest-knot minimiser {dp.MinKnots}");
                if (pStar is { } ps && p < ps.Lower && neurons != structure.SparsestNeuronCount)
                    throw new RecordInvalid($"{where}: p = {p} < p* ≥ {ps.Lower} but {neurons} ≠ {structure.SparsestNeuronCount} sparsest neurons (Thm 3.2)");
            }
        }
    }
}
