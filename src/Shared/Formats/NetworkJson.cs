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
    /// <summary>Ends a document that <paramref name="w"/> (with <see cref="Indented"/>) is writing onto
    /// <paramref name="stream"/>: the property <paramref name="name"/> with the network as its value, then the end of
    /// the root object. The network goes straight onto the stream, formatted as it is written (constant memory however
    /// large it is), in the bytes the writer would have produced; the writer must not be used afterwards.</summary>
    public static void WriteLastProperty(Utf8JsonWriter w, Stream stream, string name, ShallowReluNetwork net)
    {
        if (w.CurrentDepth != 1) throw new InvalidOperationException("the network must be a property of the root object");
        if (!w.Options.Indented) throw new InvalidOperationException("the network text is indented: so must the writer be");
        w.WritePropertyName(name);
        w.Flush();
        NetworkText.Write(stream, net, depth: 1);
        stream.Write("\n}"u8);
    }

    /// <summary>Writer options for human-readable files: indented, non-ASCII text kept as is.</summary>
    public static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        NewLine = "\n", // as NetworkText writes on every platform
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The network as a JSON tree (for small networks and tests).</summary>
    public static JsonObject ToJson(ShallowReluNetwork net)
    {
        using var buffer = new MemoryStream();
        NetworkText.Write(buffer, net, depth: 0);
        return JsonNode.Parse(buffer.ToArray())!.AsObject();
    }

    /// <summary>Writes the network file (indented) onto <paramref name="stream"/>, flushing as it goes. Atomic
    /// replacement and the choice of the file are the caller's (the CLI's output-file helper).</summary>
    public static void Write(ShallowReluNetwork net, Stream stream)
    {
        NetworkText.Write(stream, net, depth: 0);
        stream.Flush();
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
