using System.Diagnostics;
using Verifier.Cli.Output;
using Xunit;
using static Verifier.Tests.Cli.CliRunner;

namespace Verifier.Tests.Cli;

/// <summary>Issue 14, item 4: outputs never overwrite inputs, never replace devices, FIFOs or symlinks, and land
/// together or not at all. Devices are private nodes made with mknod in a temporary folder (never /dev/…), so a
/// regression cannot destroy a real device; without the rights to make them those cases are not run.</summary>
public sealed class OutputFileTests : IDisposable
{
    private const string Data = "x,y\n0,0\n1,1\n2,0\n3,5\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("verifier-out-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private string WriteData(string name = "d.csv")
    {
        File.WriteAllText(P(name), Data);
        return P(name);
    }

    private string[] Leftovers() => Directory.GetFiles(_dir).Select(Path.GetFileName).Where(n => n!.Contains(".tmp")).ToArray()!;

    [Theory]
    [InlineData("sparsest")]
    [InlineData("lp")]
    [InlineData("train")]
    public void AnOutputThatIsTheInputIsRefusedAndTheInputKept(string command)
    {
        var data = WriteData();
        var extra = command switch { "lp" => new[] { "--p", "0.5" }, "train" => ["--p", "0.5", "--steps", "10"], _ => [] };
        var r = Run([command, data, .. extra, "--out", data]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("input", r.Stderr);
        Assert.Equal(Data, File.ReadAllText(data));
    }

    [Fact]
    public void AnOutputReachingTheInputThroughALinkIsRefused()
    {
        var data = WriteData();
        File.CreateSymbolicLink(P("soft.csv"), data);
        Assert.Equal(2, Run("sparsest", data, "--out", P("soft.csv")).ExitCode);
        Assert.Equal(2, Run("sparsest", P("soft.csv"), "--out", data).ExitCode);
        Assert.Equal(2, Run("train", data, "--p", "0.5", "--steps", "10", "--trace", P("soft.csv")).ExitCode);
        if (Shell("ln", data, P("hard.csv")))
            Assert.Equal(2, Run("lp", data, "--p", "0.5", "--out", P("hard.csv")).ExitCode);
        Assert.Equal(Data, File.ReadAllText(data));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void TwoOutputsOfOneCommandMustDiffer()
    {
        var data = WriteData();
        var r = Run("train", data, "--p", "0.5", "--steps", "10", "--out", P("same.json"), "--trace", P("same.json"));
        Assert.Equal(2, r.ExitCode);
        Assert.False(File.Exists(P("same.json")));
    }

    [Fact]
    public void ASymlinkOutputIsKeptAndItsTargetReplaced()
    {
        var data = WriteData();
        File.WriteAllText(P("target.json"), "old");
        File.CreateSymbolicLink(P("link.json"), P("target.json"));
        Assert.Equal(0, Run("sparsest", data, "--out", P("link.json")).ExitCode);
        Assert.NotNull(new FileInfo(P("link.json")).LinkTarget);
        Assert.Contains("\"inputDim\"", File.ReadAllText(P("target.json")));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public async Task AFifoIsWrittenThroughNotReplaced()
    {
        var data = WriteData();
        if (!Shell("mkfifo", P("fifo"))) return;
        var reader = Task.Run(() => File.ReadAllText(P("fifo")));
        Assert.Equal(0, Run("sparsest", data, "--out", P("fifo")).ExitCode);
        Assert.Contains("\"inputDim\"", await reader.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Null(FileIdentity.Of(P("fifo")) is { IsRegular: true } ? "regular" : null);
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void ANullDeviceIsWrittenThroughNotReplaced()
    {
        var data = WriteData();
        if (!Shell("mknod", P("null"), "c", "1", "3")) return; // not allowed to make device nodes here
        Assert.Equal(0, Run("sparsest", data, "--out", P("null")).ExitCode);
        Assert.Equal(0, Run("train", data, "--p", "0.5", "--steps", "10", "--trace", P("null")).ExitCode);
        Assert.False(FileIdentity.Of(P("null"))!.Value.IsRegular);
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void AFullDiskExitsTwoAndNoOutputLands()
    {
        var data = WriteData();
        if (!Shell("mknod", P("full"), "c", "1", "7")) return;
        var r = Run("train", data, "--p", "0.5", "--steps", "10", "--out", P("net.json"), "--trace", P("full"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("No space left", r.Stderr);
        Assert.False(File.Exists(P("net.json")));
        Assert.Equal(2, Run("sparsest", data, "--json", "--out", P("full")).ExitCode);
        Assert.False(FileIdentity.Of(P("full"))!.Value.IsRegular);
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void AReplacedFileKeepsItsPermissions()
    {
        if (OperatingSystem.IsWindows()) return;
        var data = WriteData();
        File.WriteAllText(P("net.json"), "old");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(P("net.json"), mode);
        Assert.Equal(0, Run("sparsest", data, "--out", P("net.json")).ExitCode);
        Assert.Equal(mode, File.GetUnixFileMode(P("net.json")));
        Assert.Contains("\"inputDim\"", File.ReadAllText(P("net.json")));
    }

    [Theory]
    [InlineData("sparsest")]
    [InlineData("lp")]
    public void AnOutputInAMissingDirectoryIsAUsageError(string command)
    {
        var data = WriteData();
        var r = Run(command == "lp" ? ["lp", data, "--p", "0.5", "--out", P("missing/net.json")] : [command, data, "--out", P("missing/net.json")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("does not exist", r.Stderr);
    }

    [Fact]
    public void AFigureIsNotWrittenOverItsInput()
    {
        var data = WriteData();
        Assert.Equal(0, Run("sparsest", data, "--out", P("net.json")).ExitCode);
        File.Copy(P("net.json"), P("net.svg"));
        Assert.Equal(2, Run("plot", data, P("net.svg"), "--out", P("net.svg")).ExitCode);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void AStoppedRunLeavesNoTemporaryFile(string signal)
    {
        if (OperatingSystem.IsWindows()) return;
        var data = WriteData();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "verifier.dll"), "train", data, "--p", "0.5", "--steps", "2000000000", "--quiet", "--out", P("net.json"), "--trace", P("trace.csv") })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Leftovers().Length < 2 && DateTime.UtcNow < deadline && !p.HasExited) Thread.Sleep(50);
        Assert.Equal(2, Leftovers().Length); // both outputs are being written to temporary files
        Assert.True(Shell("kill", $"-{signal}", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (!p.WaitForExit(30_000)) p.Kill(true);
        Assert.Empty(Leftovers());
        Assert.False(File.Exists(P("net.json")));
    }

    private static bool Shell(string program, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }
}
