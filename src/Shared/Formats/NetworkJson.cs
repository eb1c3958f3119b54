using System.Text.Json;
using System.Text.Json.Nodes;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Shared.Formats;

/// <summary>
/// The network file format of INTERFACE.md: floating parameters for any reader, plus an optional
/// <c>exact</c> block of rational strings "p/q". Reading prefers the exact block; without it the doubles are
/// taken at their exact binary values.
/// </summary>
public static class NetworkJson
{
    /// <summary>Streams the network as one JSON object (constant memory per neuron, so million-neuron
    /// networks are cheap to write).</summary>
    public static void WriteTo(Utf8JsonWriter w, ShallowReluNetwork net)
    {
        w.WriteStartObject();
        w.WriteNumber("inputDim", net.InputDim);
        WriteBody(w, net, WriteDouble);
        if (net.HasExactSource)
        {
            w.WriteStartObject("exact");
            WriteBody(w, net, (writer, r) => writer.WriteStringValue(r.ToString()));
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>The floating view of an exact value: the nearest double, or null beyond the double range (JSON has
    /// no infinity; the exact block, always written for exact networks, keeps the value).</summary>
    private static void WriteDouble(Utf8JsonWriter w, Rational r)
    {
        double x = r.ToDouble();
        if (double.IsFinite(x)) w.WriteNumberValue(x); else w.WriteNullValue();
    }

    /// <summary>"neurons" and "skip", each number written by <paramref name="value"/> (a double or an exact string).</summary>
    private static void WriteBody(Utf8JsonWriter w, ShallowReluNetwork net, Action<Utf8JsonWriter, Rational> value)
    {
        w.WriteStartArray("neurons");
        foreach (var n in net.Neurons)
        {
            w.WriteStartObject();
            w.WriteStartArray("w");
            foreach (var x in n.W) value(w, x);
            w.WriteEndArray();
            w.WritePropertyName("b");
            value(w, n.B);
            w.WritePropertyName("v");
            value(w, n.V);
            w.WriteEndObject();
            FlushIfLarge(w);
        }
        w.WriteEndArray();
        if (net.Skip is null) { w.WriteNull("skip"); return; }
        w.WriteStartObject("skip");
        w.WriteStartArray("a");
        foreach (var a in net.Skip.A) value(w, a);
        w.WriteEndArray();
        w.WritePropertyName("c");
        value(w, net.Skip.C);
        w.WriteEndObject();
    }

    /// <summary>Utf8JsonWriter over a stream buffers everything until flushed: flush every 64 KiB.</summary>
    private static void FlushIfLarge(Utf8JsonWriter w)
    {
        if (w.BytesPending > 1 << 16) w.Flush();
    }

    /// <summary>Writer options for human-readable files: indented, non-ASCII text kept as is.</summary>
    public static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The network as a JSON tree (for small networks and tests).</summary>
    public static JsonObject ToJson(ShallowReluNetwork net)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) WriteTo(w, net);
        return JsonNode.Parse(buffer.ToArray())!.AsObject();
    }

    /// <summary>Writes the network file (indented) onto <paramref name="stream"/>, flushing as it goes. Atomic
    /// replacement and the choice of the file are the caller's (the CLI's output-file helper).</summary>
    public static void Write(ShallowReluNetwork net, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, Indented);
        WriteTo(w, net);
    }

    /// <summary>Reads a network file (streamed: memory grows with the network, not with the text) and returns its
    /// preferred view: the exact block when there is one, else the doubles at their exact binary values.</summary>
    public static ShallowReluNetwork ReadFile(string path) => ReadFileContents(path).Preferred;

    /// <summary>Reads a network file with both of its views and how they compare (see <see cref="NetworkFileContents"/>).</summary>
    public static NetworkFileContents ReadFileContents(string path)
    {
        if (Directory.Exists(path)) throw new DataFormatException("is a directory, not a network file", path);
        if (!File.Exists(path)) throw new DataFormatException("file not found", path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return NetworkFileReader.Read(stream, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new DataFormatException($"cannot read file: {e.Message}", path); }
    }

    /// <summary>Parses network JSON text; the preferred view (exact block, else the doubles).</summary>
    public static ShallowReluNetwork Parse(string text, string source = "<network>") => ParseContents(text, source).Preferred;

    /// <summary>Parses network JSON text with both of its views.</summary>
    public static NetworkFileContents ParseContents(string text, string source = "<network>")
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text), writable: false);
        return NetworkFileReader.Read(stream, source);
    }
}
