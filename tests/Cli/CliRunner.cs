using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Verifier.Tests.Cli;

/// <summary>Runs the built <c>verifier</c> command in a child process, as users and scripts do.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonObject Json => JsonNode.Parse(Stdout)!.AsObject();
    }

    public static Result Run(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "verifier.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("verifier did not finish"); }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>A temporary file with the given text; deleted by the caller's using.</summary>
    public sealed class TempFile : IDisposable
    {
        public string Path { get; }
        public TempFile(string text, string extension = ".csv")
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"verifier-test-{Guid.NewGuid():N}{extension}");
            File.WriteAllText(Path, text);
        }
        public static TempFile Empty(string extension = ".json") => new("", extension);
        public void Dispose() { if (File.Exists(Path)) File.Delete(Path); }
    }
}
