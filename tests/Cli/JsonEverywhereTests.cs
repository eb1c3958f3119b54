using System.Text.Json;
using Xunit;
using static Verifier.Tests.Cli.CliRunner;

namespace Verifier.Tests.Cli;

/// <summary>Issue 14, item 4: every command takes <c>--json</c> and then prints exactly one JSON object on stdout.</summary>
public sealed class JsonEverywhereTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("verifier-json-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static JsonElement OneObject(Result r)
    {
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout); // fails on anything but one JSON value
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        return doc.RootElement.Clone();
    }

    [Fact]
    public void GenerateAndValidate()
    {
        var g = OneObject(Run("generate", "--dim", "1", "--points", "4", "--count", "2", "--seed", "1", "--out", P("c.jsonl"), "--json"));
        Assert.Equal(2, g.GetProperty("written").GetInt32());
        var v = OneObject(Run("validate", P("c.jsonl"), "--json"));
        Assert.True(v.GetProperty("allPass").GetBoolean());
        Assert.Equal(2, v.GetProperty("records").GetInt32());
    }

    [Fact]
    public void Plot()
    {
        var data = TestData.Example("peak-plateau.csv");
        Assert.Equal(0, Run("sparsest", data, "--out", P("net.json")).ExitCode);
        var j = OneObject(Run("plot", data, P("net.json"), "--out", P("fig.svg"), "--json"));
        Assert.Equal(1, j.GetProperty("networks").GetInt32());
    }

    [Theory]
    [InlineData("univariate", "--points", "1000")]
    [InlineData("train", "--steps", "10")]
    [InlineData("mip", "--points", "3", "--dims", "2", "--kinds", "random", "--objectives", "neurons", "--formulations", "benders", "--time-limit", "10", "--threads", "1")]
    [InlineData("lp", "--points", "2", "--dims", "2", "--time-limit", "10")]
    public void EveryBenchmark(string bench, params string[] args)
    {
        var j = OneObject(Run(["bench", bench, .. args, "--json"]));
        Assert.NotEqual(JsonValueKind.Undefined, (bench == "univariate" ? j.GetProperty("points") : j.GetProperty("rows")).ValueKind);
        if (bench is "mip" or "lp") Assert.True(j.GetProperty("rows").GetArrayLength() >= 1);
    }
}
