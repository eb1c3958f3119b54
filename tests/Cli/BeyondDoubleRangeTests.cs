using Xunit;
using static Verifier.Tests.Cli.CliRunner;

namespace Verifier.Tests.Cli;

/// <summary>Issue 14, item 4: valid data beyond the double range (labels 1e400, inputs 1e-400) are results, not
/// crashes: non-finite floating views are JSON null, the exact values are written, no temporary file is left.</summary>
public sealed class BeyondDoubleRangeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("verifier-range-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("sparsest")]
    [InlineData("lp")]
    public void SolversWriteNullForNonFiniteFloatsAndKeepTheExactValues(string command)
    {
        var data = Path.Combine(_dir, "big.csv");
        File.WriteAllText(data, "x,y\n1e-400,0\n2e-400,1e400\n3e-400,0\n");
        var net = Path.Combine(_dir, "net.json");
        var r = Run(command == "lp" ? ["lp", data, "--p", "0.5", "--json", "--out", net] : [command, data, "--json", "--out", net]);
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        Assert.Null(j["network"]!["neurons"]![0]!["v"]);
        Assert.StartsWith("-2", (string)j["network"]!["exact"]!["neurons"]![0]!["v"]!);
        Assert.Equal(["net.json", "big.csv"], Directory.GetFiles(_dir).Select(Path.GetFileName).OrderDescending());

        var check = Run("check", data, net, "--json");
        Assert.Equal(0, check.ExitCode);
        Assert.True((bool)check.Json["interpolates"]!);
        Assert.Null(check.Json["pathNorm"]!["1"]);
    }
}
