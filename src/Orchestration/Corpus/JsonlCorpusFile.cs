using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Verifier.Shared.Data;

namespace Verifier.Orchestration.Corpus;

/// <summary>
/// An append-only JSON-lines corpus file that survives being killed: each record is one line written with a
/// single write and flushed to the operating system before the next one starts, so a kill leaves at most one
/// torn last line (no newline at its end). Opening the file again truncates such a tail and reports the ids
/// already complete, so a rerun continues where the previous one stopped.
/// </summary>
public sealed class JsonlCorpusFile : IDisposable
{
    /// <summary>Compact, one line per record, non-ASCII kept as is (deterministic for equal trees).</summary>
    public static readonly JsonSerializerOptions LineOptions = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly FileStream _stream;

    /// <summary>Ids of the complete records found when the file was opened.</summary>
    public IReadOnlySet<long> CompleteIds { get; }
    /// <summary>Bytes of a torn last line that were cut off when the file was opened (0 when none).</summary>
    public long TruncatedBytes { get; }

    private JsonlCorpusFile(FileStream stream, HashSet<long> ids, long truncated)
    {
        _stream = stream; CompleteIds = ids; TruncatedBytes = truncated;
    }

    /// <summary>
    /// Opens (or creates) the corpus file for appending. Every complete line must be a record of the same corpus
    /// (its "corpus" object equal to <paramref name="corpus"/>); otherwise a <see cref="DataFormatException"/>
    /// names the line and nothing is changed.
    /// </summary>
    public static JsonlCorpusFile OpenForAppend(string path, JsonObject corpus)
    {
        FileStream stream;
        // Unbuffered (buffer size 1): every Append is exactly one write system call of one whole line.
        try { stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new DataFormatException($"cannot open the corpus file: {e.Message}", path);
        }
        try
        {
            var (ids, end) = ReadCompleteLines(stream, path, corpus.ToJsonString(LineOptions));
            long truncated = stream.Length - end;
            if (truncated > 0) stream.SetLength(end);
            stream.Seek(0, SeekOrigin.End);
            return new JsonlCorpusFile(stream, ids, truncated);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The longest line read back on resume; a record is far smaller (a 2001-point instance with its
    /// networks is well under a megabyte), so a longer complete line is an error, not a record.</summary>
    public const int MaxLineBytes = 1 << 28;

    /// <summary>
    /// Streams the file from the start in fixed-size chunks (any size, no whole-file buffer): checks and collects
    /// every complete line (one ending in '\n') and returns the byte offset just past the last '\n', so whatever
    /// follows it is the torn tail. Lines are split on the byte '\n' alone, which never occurs inside a UTF-8
    /// multi-byte sequence, so each line decodes on its own. A torn tail is never buffered beyond
    /// <see cref="MaxLineBytes"/>, whatever its length.
    /// </summary>
    private static (HashSet<long> Ids, long End) ReadCompleteLines(FileStream stream, string path, string expectedCorpus)
    {
        var ids = new HashSet<long>();
        var chunk = new byte[1 << 20];
        var pending = new MemoryStream();
        bool oversized = false;
        long chunkStart = 0, end = 0;
        int line = 0, read;
        stream.Seek(0, SeekOrigin.Begin);
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            int from = 0;
            while (from < read)
            {
                int newline = chunk.AsSpan(from, read - from).IndexOf((byte)'\n');
                int stop = newline < 0 ? read : from + newline;
                if (!oversized && pending.Length + (stop - from) > MaxLineBytes) { oversized = true; pending.SetLength(0); }
                if (!oversized) pending.Write(chunk, from, stop - from);
                if (newline < 0) break;
                line++;
                if (oversized)
                    throw new DataFormatException($"the line is longer than {MaxLineBytes} bytes, not a corpus record", path, line);
                if (pending.Length > 0)
                {
                    var record = ParseLine(Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)pending.Length), path, line);
                    string? got = record["corpus"]?.ToJsonString(LineOptions);
                    if (got != expectedCorpus)
                        throw new DataFormatException($"the existing record was generated with other arguments ({got ?? "none"}); use another --out file", path, line);
                    ids.Add(IdOf(record, path, line));
                }
                pending.SetLength(0);
                end = chunkStart + stop + 1;
                from = stop + 1;
            }
            chunkStart += read;
        }
        return (ids, end);
    }

    /// <summary>Appends one record as one line: one write, one flush.</summary>
    public void Append(JsonObject record)
    {
        var bytes = Encoding.UTF8.GetBytes(record.ToJsonString(LineOptions) + "\n");
        _stream.Write(bytes);
        _stream.Flush();
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>Parses one line as a JSON object, or throws a <see cref="DataFormatException"/> naming the line.</summary>
    public static JsonObject ParseLine(string text, string path, int line)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new DataFormatException("the line is not a JSON object", path, line);
        }
        catch (JsonException e)
        {
            throw new DataFormatException($"invalid JSON: {e.Message}", path, line);
        }
    }

    /// <summary>The record's non-negative integer "id".</summary>
    public static long IdOf(JsonObject record, string path, int line) =>
        record["id"] is JsonValue v && v.TryGetValue<long>(out var id) && id >= 0
            ? id
            : throw new DataFormatException("missing or invalid \"id\" (a non-negative integer)", path, line);
}
