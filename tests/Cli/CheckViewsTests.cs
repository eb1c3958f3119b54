using System.Text.Json.Nodes;
using Xunit;
using static Verifier.Tests.Cli.CliRunner;

namespace Verifier.Tests.Cli;

/// <summary>Issue 14, item 4: <c>check</c> compares the floating values of a network file with its exact block and
/// never rests a verdict silently on one of them; a missing <c>skip</c> is an error like every other missing field;
/// an unreadable network file is a usage error.</summary>
public sealed class CheckViewsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("verifier-check-").FullName;
    private readonly string _data;
    private readonly string _net;

    public CheckViewsTests()
    {
        _data = Path.Combine(_dir, "d.csv");
        File.WriteAllText(_data, "x,y\n0,0\n1,1\n2,0\n3,5\n");
        _net = Path.Combine(_dir, "net.json");
        Assert.Equal(0, Run("sparsest", _data, "--out", _net).ExitCode); // neurons v = -2 (knot 1) and v = 6 (knot 2)
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Edited(Action<JsonObject> edit)
    {
        var j = JsonNode.Parse(File.ReadAllText(_net))!.AsObject();
        edit(j);
        var path = Path.Combine(_dir, $"edited-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, j.ToJsonString());
        return path;
    }

    [Fact]
    public void FloatingValuesThatDisagreeWithTheExactBlockFailTheCheck()
    {
        var bad = Edited(j => j["neurons"]![1]!["v"] = 7); // the exact block still says 6
        var r = Run("check", _data, bad, "--json");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("disagree", r.Stderr);
        var j = r.Json;
        Assert.True((bool)j["interpolates"]!);              // the exact block interpolates …
        Assert.False((bool)j["floatingInterpolates"]!);     // … the floating values do not
        Assert.False((bool)j["viewsAgree"]!);
        Assert.Equal(1, (int)j["viewDisagreements"]!);
        Assert.Contains("neurons[1].v", (string)j["firstViewDisagreement"]!);
        Assert.False((bool)j["passed"]!);
    }

    [Fact]
    public void TrustSaysWhichViewTheVerdictRestsOn()
    {
        var bad = Edited(j => j["neurons"]![1]!["v"] = 7);
        Assert.Equal(0, Run("check", _data, bad, "--trust", "exact").ExitCode);
        var f = Run("check", _data, bad, "--trust", "float", "--json");
        Assert.Equal(1, f.ExitCode);
        Assert.False((bool)f.Json["interpolates"]!);
        Assert.Equal("float", (string)f.Json["trust"]!);
    }

    [Fact]
    public void AgreeingViewsPassAsBefore()
    {
        var r = Run("check", _data, _net, "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.True((bool)r.Json["viewsAgree"]!);
        Assert.Equal(0, (int)r.Json["viewDisagreements"]!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AMissingSkipIsAnErrorNamingTheField(bool inExactBlock)
    {
        var noSkip = Edited(j => (inExactBlock ? j["exact"]!.AsObject() : j).Remove("skip"));
        var r = Run("check", _data, noSkip);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("skip", r.Stderr);
    }

    [Fact]
    public void ANetworkFileThatCannotBeReadIsAUsageError()
    {
        Assert.Equal(2, Run("check", _data, _dir).ExitCode); // a directory
        if (OperatingSystem.IsWindows()) return;
        var locked = Path.Combine(_dir, "locked.json");
        File.Copy(_net, locked);
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try { File.ReadAllBytes(locked); return; } // root reads it anyway: nothing to test
        catch (UnauthorizedAccessException) { }
        var r = Run("check", _data, locked);
        Assert.Equal(2, r.ExitCode);
    }
}
