using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Verifier.Shared.Data;
using Verifier.Shared.Formats;
using Verifier.Shared.Networks;

namespace Verifier.Cli;

/// <summary>Options and helpers shared by the commands.</summary>
public static class CommonOptions
{
    /// <summary>The largest accepted --time-limit (about 11.6 days); beyond it a limit means nothing on this machine.</summary>
    public const double MaxTimeLimitSeconds = 1_000_000;

    /// <summary>--time-limit of every solver command: positive, finite and at most <see cref="MaxTimeLimitSeconds"/>,
    /// checked before any work (also in 1-D, where the exact solvers do not use it).</summary>
    public static void ValidateTimeLimit(double seconds, string option = "--time-limit")
    {
        if (!(seconds > 0 && seconds <= MaxTimeLimitSeconds))
            throw new UsageException($"{option} must be a number of seconds in (0, {MaxTimeLimitSeconds:F0}], got {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }

    /// <summary>The largest accepted --threads: more threads than this only cost memory and time slices.</summary>
    public const int MaxThreads = 256;

    /// <summary>--threads: between 1 and <see cref="MaxThreads"/>, checked before any work.</summary>
    public static void ValidateThreads(int threads, string option = "--threads")
    {
        if (threads is < 1 or > MaxThreads)
            throw new UsageException($"{option} must lie between 1 and {MaxThreads}, got {threads}");
    }

    public static Argument<string> DataArgument() => new("DATA") { Description = "dataset: CSV (x1,…,xd,y per row) or JSON ({\"x\": [[…]], \"y\": […]})" };
    public static Option<bool> Json() => new("--json") { Description = "print exactly one JSON object on stdout" };
    public static Option<string?> Out() => new("--out") { Description = "write the network to this JSON file" };

    /// <summary>Reads and canonicalises a dataset, timing both phases; warnings go to stderr.</summary>
    public static (Dataset Data, double ParseSeconds, double CanonicalizeSeconds) Load(string path)
    {
        var sw = Stopwatch.StartNew();
        var raw = DatasetReader.ReadFileRaw(path);
        double parse = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var data = raw.ToDataset();
        double canon = sw.Elapsed.TotalSeconds;
        foreach (var w in data.Warnings) Console.Error.WriteLine($"verifier: warning: {path}: {w}");
        return (data, parse, canon);
    }

    /// <summary>Prints one JSON object on stdout; with <paramref name="writeNetwork"/> the network is streamed as
    /// its "network" field (null when there is none, so the field INTERFACE.md requires is always present).</summary>
    public static void PrintJson(JsonObject obj, ShallowReluNetwork? network = null, bool writeNetwork = false)
    {
        var buffer = new MemoryStream(); // the whole document first: nothing half-written if a value cannot be written
        using (var w = new Utf8JsonWriter(buffer, NetworkJson.Indented))
        {
            w.WriteStartObject();
            foreach (var (key, value) in obj)
            {
                w.WritePropertyName(key);
                if (value is null) w.WriteNullValue(); else value.WriteTo(w);
            }
            if (writeNetwork)
            {
                w.WritePropertyName("network");
                if (network is null) w.WriteNullValue(); else NetworkJson.WriteTo(w, network);
            }
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        using var stdout = Console.OpenStandardOutput();
        buffer.WriteTo(stdout);
    }

    public static double Round(double seconds) => Math.Round(seconds, 4);

    /// <summary>A number for JSON: null when it is not finite (JSON has no NaN or ∞).</summary>
    public static double? Finite(double x) => double.IsFinite(x) ? x : null;
}
