using Verifier.Exact.Certificates;
using System.Text.Json.Nodes;
using Verifier.Orchestration.Corpus;
using Verifier.Exact.Problems;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Data;
using Verifier.Shared.Numbers;
using Xunit;
using Verifier.Orchestration.Data;
using Verifier.Reformulation;
using Verifier.Shared.Formats;
using Verifier.Shared.Networks;

namespace Verifier.Tests.Orchestration.Corpus;

public class CorpusRecordTests
{
    private static CorpusSpec Spec(int dim, InstanceKind kind, params double[] ps) =>
        new(dim, 4, 9, 20, Seed: 5, kind, Objective: null, ps, TimeLimitSeconds: 30);

    private static string WithoutTimings(JsonObject record)
    {
        var copy = JsonNode.Parse(record.ToJsonString())!.AsObject();
        Assert.NotNull(copy["timings"]);
        copy.Remove("timings");
        return copy.ToJsonString();
    }

    [Theory]
    [InlineData(InstanceKind.Random)]
    [InlineData(InstanceKind.Planted)]
    [InlineData(InstanceKind.Grid)]
    public void AUnivariateRecordDependsOnlyOnTheSpecAndItsIndex(InstanceKind kind)
    {
        var spec = Spec(1, kind, 0.25, 0.75);
        for (int i = 0; i < 6; i++)
        {
            var a = CorpusRecordBuilder.Build(spec, i);
            var b = CorpusRecordBuilder.Build(spec, i);
            Assert.Equal(WithoutTimings(a.Json), WithoutTimings(b.Json));
            Assert.Equal(SolveStatus.Optimal, a.Status);
            Assert.Equal(i, (long)a.Json["id"]!);
            Assert.Equal(spec.PointsOf(i), ((JsonArray)a.Json["data"]!["y"]!).Count);
            Assert.Equal(2, ((JsonArray)a.Json["lp"]!).Count);
            Assert.NotNull(a.Json["pStar"]);
        }
        Assert.NotEqual(WithoutTimings(CorpusRecordBuilder.Build(spec, 0).Json), WithoutTimings(CorpusRecordBuilder.Build(spec with { Seed = 6 }, 0).Json));
    }

    [Fact]
    public void PlantedUnivariateCountsNeverExceedThePlantedNetworkAndAreUsuallyPositive()
    {
        var spec = Spec(1, InstanceKind.Planted) with { MinPoints = 20, MaxPoints = 30 };
        int positive = 0;
        for (int i = 0; i < 20; i++)
        {
            var r = CorpusRecordBuilder.Build(spec, i).Json;
            int count = (int)r["sparsest"]!["count"]!;
            int planted = ((JsonArray)r["generator"]!["planted"]!["exact"]!["neurons"]!).Count;
            Assert.InRange(count, 0, planted);
            if (count > 0) positive++;
        }
        Assert.True(positive >= 15, $"only {positive} of 20 planted instances bend the labels");
    }

    [Fact]
    public void AMultivariateRecordCarriesTheGlobalLpMinimiserWithHonestBoundsAndValidates()
    {
        // Instance 3: its p* (0.790…) lies inside (0, 1), so tampering with either end of the bracket is a real change.
        var r = CorpusRecordBuilder.Build(Spec(2, InstanceKind.Planted, 0.5) with { MinPoints = 4, MaxPoints = 4 }, 3).Json;
        var s = r["sparsest"]!;
        Assert.Equal("optimal", (string?)s["status"]);
        Assert.Equal((int)s["count"]!, (int)s["lowerBound"]!);
        Assert.Equal("parameters", (string?)r["objective"]);
        Assert.False((bool)r["skip"]!);
        Assert.Null(r["lpReason"]);
        var lp = Assert.Single((JsonArray)r["lp"]!)!;
        Assert.Equal(0.5, (double)lp["p"]!);
        double lo = (double)lp["lowerBound"]!, hi = (double)lp["upperBound"]!;
        Assert.True(lo <= hi, $"bounds [{lo}, {hi}]");
        Assert.Equal((bool)lp["certified"]!, (hi - lo) / hi <= 1e-9);
        Assert.True((bool)lp["certified"]!, "a 4-point planar instance at p = 0.5 should certify within 30 s");
        Assert.True((int)lp["parameters"]! >= (int)s["count"]!); // no interpolant beats the ℓ^0 optimum
        // p*: four points are tiny, so the bracket comes from every basic solution and is exact; a certified
        // non-sparsest minimiser at p = 0.5 puts p* at or below 0.5, a sparsest one that is not below the lower end.
        var ps = r["pStar"]!;
        Assert.Null(r["pStarReason"]);
        double pLower = (double)ps["lower"]!, pUpper = (double)ps["upper"]!, pValue = (double)ps["value"]!;
        Assert.True(0 < pLower && pLower <= pValue && pValue <= pUpper && pUpper <= 1, $"[{pLower}, {pUpper}] ∌ {pValue}");
        Assert.Equal(CorpusRecordBuilder.EnumeratedPStarMethod, (string?)ps["method"]);
        Assert.True((bool)ps["exact"]!);
        bool switched = (int)lp["parameters"]! > (int)s["count"]!;
        // Instance 3 has p* ≈ 0.79: its certified minimiser at 0.5 is sparsest, and 0.5 lies below the proven lower end.
        Assert.False(switched, "instance 3's minimiser at p = 0.5 should be sparsest (p* ≈ 0.79)");
        Assert.True(pLower >= 0.5, $"lower end {pLower} below 0.5 for p* ≈ 0.79");

        // The validator accepts it, and rejects a certificate claimed with a gap and a wrong parameter count, a p*
        // bracket claiming more than the record's networks prove, and a certified minimiser contradicting Thm 4.1.
        string path = Path.Combine(Path.GetTempPath(), $"verifier-corpus-{Guid.NewGuid():N}.jsonl");
        try
        {
            File.WriteAllLines(path, [r.ToJsonString()]);
            var ok = CorpusValidator.Validate(path);
            Assert.True(ok.AllPass, string.Join("; ", ok.Failures));
            AssertTamperedLpEntriesAreRejected(path, r, hi, (int)lp["parameters"]!);
            AssertTamperedPStarBracketsAreRejected(path, r, pLower, pUpper);
            AssertACertifiedNonSparsestMinimiserBelowTheLowerEndIsRejected(path, r, (int)s["count"]!, pLower);
        }
        finally { File.Delete(path); }
    }

    /// <summary>Writes the one-record corpus to <paramref name="path"/> and asserts that the validator reports a failure
    /// containing <paramref name="expected"/>.</summary>
    private static void AssertRejected(string path, JsonObject bad, string expected)
    {
        File.WriteAllLines(path, [bad.ToJsonString()]);
        var v = CorpusValidator.Validate(path);
        Assert.True(v.Failures.Any(f => f.ToString().Contains(expected, StringComparison.Ordinal)), $"expected a failure containing \"{expected}\"; got: {string.Join("; ", v.Failures)}; record pStar {bad["pStar"]?.ToJsonString()}");
    }

    /// <summary>A certificate claimed with a gap, a wrong parameter count and a skip term the architecture lacks.</summary>
    private static void AssertTamperedLpEntriesAreRejected(string path, JsonObject r, double hi, int parameters)
    {
        var tampered = new[]
        {
            Tamper(r, e => { e["certified"] = true; e["lowerBound"] = hi * 0.5; }),
            Tamper(r, e => e["parameters"] = parameters - 1),
            // A zero skip term changes no output and no count, but the record's architecture has none.
            Tamper(r, e =>
            {
                e["network"]!["skip"] = JsonNode.Parse("{\"a\":[0,0],\"c\":0}");
                e["network"]!["exact"]!["skip"] = JsonNode.Parse("{\"a\":[\"0\",\"0\"],\"c\":\"0\"}");
            }),
        };
        foreach (var (bad, expected) in tampered.Zip(new[] { "certified with a gap", "parameters", "lp[0].network has a skip term, but the record says skip = false" }))
            AssertRejected(path, bad, expected);
    }

    /// <summary>The p* bracket claims no more than what its method proves (re-derived by the validator).</summary>
    private static void AssertTamperedPStarBracketsAreRejected(string path, JsonObject r, double pLower, double pUpper)
    {
        var pStarTampered = new (Action<JsonObject> Change, string Expected)[]
        {
            (q => { q["lower"] = pUpper; q["value"] = pUpper; }, "exceeds the lower end"),
            (q => { q["upper"] = pLower; q["value"] = pLower; }, "is below the upper end"),
            (q => q["exact"] = !(bool)q["exact"]!, (bool)r["pStar"]!["exact"]! ? "at most 1e-9 wide" : "wider than 1e-9"),
            (q => q["lower"] = 0.0, "0 < lower"),
            // The exact bracket is only proven by the enumeration: under the record-networks method it claims too much.
            (q => q["method"] = CorpusRecordBuilder.MultivariatePStarMethod, "exceeds the lower end"),
        };
        foreach (var (change, expected) in pStarTampered)
        {
            var bad = JsonNode.Parse(r.ToJsonString())!.AsObject();
            change(bad["pStar"]!.AsObject());
            AssertRejected(path, bad, expected);
        }
    }

    /// <summary>A certified non-sparsest minimiser at or below the proven lower end of p* contradicts Thm 4.1.</summary>
    private static void AssertACertifiedNonSparsestMinimiserBelowTheLowerEndIsRejected(string path, JsonObject r, int sparsestCount, double pLower)
    {
        var data = Dataset.Create(2,
            ((JsonArray)r["data"]!["x"]!).SelectMany(row => ((JsonArray)row!).Select(v => Rational.Parse((string)v!))).ToArray(),
            ((JsonArray)r["data"]!["y"]!).Select(v => Rational.Parse((string)v!)).ToArray());
        var wide = ProjectionInterpolant.Build(data, skip: false)!;
        Assert.True(SparsityMeasures.NonzeroParameters(wide) > sparsestCount, "the projection interpolant should not be sparsest here");
        double p = pLower / 2, value = SparsityMeasures.PathNorm(wide, p);
        var bad = JsonNode.Parse(r.ToJsonString())!.AsObject();
        ((JsonArray)bad["lp"]!).Add(new JsonObject
        {
            ["p"] = p, ["value"] = value, ["certified"] = true, ["lowerBound"] = value, ["upperBound"] = value,
            ["neurons"] = SparsityMeasures.ActiveNeurons(wide), ["parameters"] = SparsityMeasures.NonzeroParameters(wide),
            ["network"] = NetworkJson.ToJson(wide),
        });
        AssertRejected(path, bad, "the sparsest count");
    }

    [Fact]
    public void ARejectedOptimalityClaimKeepsTheSolversLowerBoundAndAContradictoryBoundThrows()
    {
        Rational[] R(params int[] v) => v.Select(a => Rational.Create(a, 1)).ToArray();
        var problem = SparsestProblem.WithDefaults(Dataset.Create(1, R(0, 1, 2, 3, 4, 5), R(0, 0, 3, 0, 1, 7)));
        var exact = new UnivariateSparsest().Solve(problem);
        int c = exact.Objective!.Value;
        Assert.True(c >= 2, $"the test needs a count ≥ 2, got {c}");

        var (honest, honestStatus) = CorpusRecordBuilder.SparsestEntry(problem, exact with { Method = "fake" });
        Assert.Equal(SolveStatus.Optimal, honestStatus);
        Assert.Equal(c, (int)honest["lowerBound"]!);

        // Optimal claimed for a wrong objective with a bound below the verified count: feasible, the solver's bound kept.
        var (low, lowStatus) = CorpusRecordBuilder.SparsestEntry(problem, exact with { Method = "fake", Objective = c - 1, LowerBound = c - 1 });
        Assert.Equal(SolveStatus.Feasible, lowStatus);
        Assert.Equal("feasible", (string?)low["status"]);
        Assert.Equal(c, (int)low["count"]!);
        Assert.Equal(c - 1, (int)low["lowerBound"]!);
        Assert.Contains("not certified", (string?)low["proof"]);

        // A "proven" lower bound above the count of an exactly verified interpolant is a solver bug, not a record.
        var e = Assert.Throws<SolverDefectException>(() =>
            CorpusRecordBuilder.SparsestEntry(problem, exact with { Method = "fake", Objective = c + 1, LowerBound = c + 1 }));
        Assert.Contains($"lower bound {c + 1}", e.Message);
        Assert.Throws<SolverDefectException>(() =>
            CorpusRecordBuilder.SparsestEntry(problem, exact with { Method = "fake", Status = SolveStatus.Feasible, LowerBound = c + 1 }));
    }

    private static JsonObject Tamper(JsonObject record, Action<JsonObject> change)
    {
        var copy = JsonNode.Parse(record.ToJsonString())!.AsObject();
        change(((JsonArray)copy["lp"]!)[0]!.AsObject());
        return copy;
    }
}
