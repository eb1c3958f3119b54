using System.Text.Json.Nodes;
using Verifier.Orchestration.Corpus;
using Verifier.Exact.Problems;
using Verifier.Shared.Data;
using Xunit;
using Verifier.Orchestration.Data;

namespace Verifier.Tests.Orchestration.Corpus;

/// <summary>The validator's checks that a tampered record must not slip through, and its failure handling.</summary>
public class CorpusValidatorTests
{
    private static readonly CorpusSpec Univariate = new(1, 6, 9, 10, Seed: 7, InstanceKind.Planted, Objective: null, [0.3], TimeLimitSeconds: 30);

    private static JsonObject Record(long id = 0) => CorpusRecordBuilder.Build(Univariate, id).Json;

    /// <summary>The first record whose ℓ^p network has a neuron.</summary>
    private static JsonObject RecordWithNeurons() =>
        Enumerable.Range(0, 10).Select(i => Record(i)).First(r => (int)r["lp"]![0]!["neurons"]! > 0);

    private static CorpusValidation ValidateLines(params string[] lines) => ValidateText(string.Concat(lines.Select(l => l + "\n")));

    private static CorpusValidation ValidateText(string text, Func<JsonObject, string>? check = null)
    {
        string path = Path.Combine(Path.GetTempPath(), $"verifier-corpus-{Guid.NewGuid():N}.jsonl");
        try
        {
            File.WriteAllText(path, text);
            return check is null ? CorpusValidator.Validate(path) : CorpusValidator.Validate(path, check);
        }
        finally { File.Delete(path); }
    }

    private static JsonObject Tampered(JsonObject record, Action<JsonObject> change)
    {
        var copy = JsonNode.Parse(record.ToJsonString())!.AsObject();
        change(copy);
        return copy;
    }

    [Fact]
    public void AnUntamperedRecordPasses()
    {
        var v = ValidateLines(Record(0).ToJsonString(), Record(1).ToJsonString());
        Assert.True(v.AllPass, string.Join("; ", v.Failures));
        Assert.Equal(2, v.Records);
    }

    [Fact]
    public void AFlippedPStarExactFlagIsRejectedWithItsLine()
    {
        var good = Record(0);
        var bad = Tampered(Record(1), r => r["pStar"]!["exact"] = !(bool)r["pStar"]!["exact"]!);
        var v = ValidateLines(good.ToJsonString(), bad.ToJsonString());
        var f = Assert.Single(v.Failures);
        Assert.Equal(2, f.Line);
        Assert.Equal(1, f.Id);
        Assert.Contains("pStar.exact", f.Problem);
        Assert.False(f.Internal);
    }

    [Theory]
    [InlineData("extra float neuron", "float neurons but")]
    [InlineData("float skip dropped", "the float block has no skip term")]
    [InlineData("float weight of dimension 2", "must be an object with 1 weights")]
    public void AnLpNetworkWhoseFloatBlockDoesNotMirrorTheExactOneIsRejected(string change, string expected)
    {
        var bad = Tampered(RecordWithNeurons(), r =>
        {
            var net = r["lp"]![0]!["network"]!.AsObject();
            var neurons = net["neurons"]!.AsArray();
            switch (change)
            {
                case "extra float neuron": neurons.Add(JsonNode.Parse("{\"w\":[1],\"b\":0,\"v\":0}")); break;
                case "float skip dropped": net["skip"] = null; break;
                default: neurons[0]!["w"] = new JsonArray(1.0, 0.0); break;
            }
        });
        var f = Assert.Single(ValidateLines(bad.ToJsonString()).Failures);
        Assert.Equal(1, f.Line);
        Assert.Contains("lp[0].network", f.Problem);
        Assert.Contains(expected, f.Problem);
    }

    [Fact]
    public void AnLpNetworkWithoutTheRecordsSkipTermIsRejectedAsSuch()
    {
        // The record says skip = true; the ℓ^p network drops its skip term in both blocks.
        var bad = Tampered(Record(0), r =>
        {
            var net = r["lp"]![0]!["network"]!.AsObject();
            net["skip"] = null;
            net["exact"]!["skip"] = null;
        });
        var f = Assert.Single(ValidateLines(bad.ToJsonString()).Failures);
        Assert.Contains("lp[0].network has no skip term, but the record says skip = true", f.Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void AnEmptyCorpusIsAnError(string text)
    {
        var e = Assert.Throws<DataFormatException>(() => ValidateText(text));
        Assert.Contains("empty corpus", e.Message);
    }

    [Fact]
    public void AnUnexpectedExceptionFailsItsRecordOnlyAndTheOthersAreStillChecked()
    {
        string text = string.Concat(new[] { 0L, 1, 2 }.Select(i => $"{{\"id\":{i}}}\n"));
        var v = ValidateText(text, r => (long)r["id"]! == 1 ? throw new NullReferenceException("boom") : "optimal");
        Assert.Equal(3, v.Records);
        var f = Assert.Single(v.Failures);
        Assert.Equal((2, 1L, true), (f.Line, f.Id!.Value, f.Internal));
        Assert.Contains("NullReferenceException: boom", f.Problem);
        Assert.Equal(1, v.InternalErrors);
        Assert.Equal(2, v.StatusCounts["optimal"]);
    }
}
