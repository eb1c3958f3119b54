using System.Globalization;
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

    public static ShallowReluNetwork ReadFile(string path)
    {
        if (!File.Exists(path)) throw new DataFormatException("file not found", path);
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException e) { throw new DataFormatException($"cannot read file: {e.Message}", path); }
        return Parse(text, path);
    }

    public static ShallowReluNetwork Parse(string text, string source = "<network>")
    {
        JsonNode? root;
        try { root = JsonNode.Parse(text); }
        catch (JsonException e) { throw new DataFormatException($"invalid JSON: {e.Message}", source, (int?)(e.LineNumber + 1)); }
        if (root is not JsonObject obj) throw new DataFormatException("a network file must be a JSON object", source);
        int d = obj["inputDim"] is JsonValue dv && dv.TryGetValue<int>(out var dd) && dd >= 1
            ? dd : throw new DataFormatException("missing or invalid \"inputDim\"", source);

        bool exact = obj["exact"] is JsonObject;
        var body = exact ? (JsonObject)obj["exact"]! : obj;
        if (body["neurons"] is not JsonArray arr) throw new DataFormatException("missing \"neurons\" array", source);
        var neurons = new List<Neuron>(arr.Count);
        for (int k = 0; k < arr.Count; k++)
        {
            if (arr[k] is not JsonObject n) throw new DataFormatException($"neurons[{k}] is not an object", source);
            var w = ReadVector(n["w"], d, $"neurons[{k}].w", source);
            neurons.Add(new Neuron(w, ReadNumber(n["b"], $"neurons[{k}].b", source), ReadNumber(n["v"], $"neurons[{k}].v", source)));
        }
        LinearSkip? skip = null;
        if (body["skip"] is JsonObject s)
            skip = new LinearSkip(ReadVector(s["a"], d, "skip.a", source), ReadNumber(s["c"], "skip.c", source));
        else if (body["skip"] is not null) throw new DataFormatException("\"skip\" must be an object or null", source);
        return new ShallowReluNetwork(d, neurons, skip, hasExactSource: exact);
    }

    private static Rational[] ReadVector(JsonNode? node, int d, string where, string source)
    {
        if (node is not JsonArray a || a.Count != d)
            throw new DataFormatException($"{where} must be an array of {d} numbers", source);
        return a.Select((e, i) => ReadNumber(e, $"{where}[{i}]", source)).ToArray();
    }

    private static Rational ReadNumber(JsonNode? node, string where, string source)
    {
        if (node is JsonValue v)
        {
            if (v.TryGetValue<string>(out var s))
                return RationalParser.TryParse(s, out var r, out var err) ? r : throw new DataFormatException($"{where}: {err}", source);
            if (v.TryGetValue<double>(out var x))
                return double.IsFinite(x) ? Rational.FromDouble(x) : throw new DataFormatException($"{where}: non-finite value", source);
        }
        throw new DataFormatException($"{where}: expected a number", source);
    }
}
