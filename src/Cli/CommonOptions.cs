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

    /// <summary>Seconds kept back from a whole-command --time-limit for rendering and writing the answer.</summary>
    public const double AnswerReserveSeconds = 0.05;

    /// <summary>
    /// The part of a whole-command --time-limit (<c>sparsest</c>, <c>lp</c>) left for its solver now: the limit counted
    /// from the process's start — runtime start-up, reading and canonicalising the data included — less
    /// <see cref="AnswerReserveSeconds"/>; at least a millisecond, so that a solver out of time still returns its trivial
    /// bounds instead of refusing the call.
    /// </summary>
    public static double SolverSeconds(double timeLimit) => Math.Max(1e-3, timeLimit - SinceProcessStart() - AnswerReserveSeconds);

    /// <summary>Seconds since the process started (the kernel's start time; if that cannot be read, since this
    /// class was first used).</summary>
    public static double SinceProcessStart()
    {
        try { return Math.Max(0, (DateTime.UtcNow - Process.GetCurrentProcess().StartTime.ToUniversalTime()).TotalSeconds); }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return Fallback.Elapsed.TotalSeconds;
        }
    }

    private static readonly Stopwatch Fallback = Stopwatch.StartNew();

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

    /// <summary>Prints one JSON object on stdout, streamed as it is written (a million-neuron network is never held
    /// as text); with <paramref name="writeNetwork"/> the network is its "network" field (null when there is none,
    /// so the field INTERFACE.md requires is always present). Non-finite numbers are written as null.</summary>
    public static void PrintJson(JsonObject obj, ShallowReluNetwork? network = null, bool writeNetwork = false)
    {
        using var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
        using (var w = new Utf8JsonWriter(stdout, NetworkJson.Indented))
        {
            w.WriteStartObject();
            foreach (var (key, value) in obj)
            {
                w.WritePropertyName(key);
                WriteNode(w, value);
            }
            if (writeNetwork && network is not null) NetworkJson.WriteLastProperty(w, stdout, "network", network);
            else
            {
                if (writeNetwork) w.WriteNull("network");
                w.WriteEndObject();
            }
        }
        stdout.WriteByte((byte)'\n');
    }

    /// <summary>Writes a JSON tree with every non-finite number (which JSON cannot represent) as null.</summary>
    public static void WriteNode(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null:
                w.WriteNullValue();
                break;
            case JsonObject o:
                w.WriteStartObject();
                foreach (var (key, value) in o)
                {
                    w.WritePropertyName(key);
                    WriteNode(w, value);
                }
                w.WriteEndObject();
                break;
            case JsonArray a:
                w.WriteStartArray();
                foreach (var item in a) WriteNode(w, item);
                w.WriteEndArray();
                break;
            case JsonValue v when v.TryGetValue<double>(out double x) && !double.IsFinite(x):
            case JsonValue f when f.TryGetValue<float>(out float y) && !float.IsFinite(y):
                w.WriteNullValue();
                break;
            default:
                node.WriteTo(w);
                break;
        }
    }

    public static double Round(double seconds) => Math.Round(seconds, 4);

    /// <summary>A number for JSON: null when it is not finite (JSON has no NaN or ∞).</summary>
    public static double? Finite(double x) => double.IsFinite(x) ? x : null;
}
