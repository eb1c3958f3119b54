using System.Text.Json;
using Verifier.Shared.Formats;
using Verifier.Shared.Numbers;

namespace Verifier.Shared.Data;

/// <summary>
/// Reads datasets in the two formats of INTERFACE.md — CSV (<c>x1,…,xd,y</c> per row, optional header, blank
/// lines skipped) and JSON (<c>{"x": [[…], …], "y": […]}</c>, chosen by the .json extension) — parsing every
/// number exactly. Every error names the file and, for CSV, the line.
/// </summary>
public static class DatasetReader
{
    public static Dataset ReadFile(string path) => ReadFileRaw(path).ToDataset();

    /// <summary>Parses a file without canonicalising it (no sorting or duplicate handling yet).</summary>
    public static RawPoints ReadFileRaw(string path)
    {
        if (Directory.Exists(path)) throw new DataFormatException("is a directory, not a data file", path);
        if (!File.Exists(path)) throw new DataFormatException("file not found", path);
        try
        {
            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                using var stream = File.OpenRead(path);
                return ReadJsonRaw(stream, path);
            }
            using var reader = new StreamReader(path);
            return ReadCsvRaw(reader, path);
        }
        catch (IOException e) { throw new DataFormatException($"cannot read file: {e.Message}", path); }
        catch (UnauthorizedAccessException e) { throw new DataFormatException($"cannot read file: {e.Message}", path); }
    }

    /// <summary>Parses CSV text. The first non-blank row is a header when it is not numeric.</summary>
    public static Dataset ReadCsv(TextReader reader, string source = "<csv>") => ReadCsvRaw(reader, source).ToDataset();

    /// <summary>Parses CSV text without canonicalising it.</summary>
    public static RawPoints ReadCsvRaw(TextReader reader, string source = "<csv>")
    {
        var xs = new List<Rational>();
        var ys = new List<Rational>();
        var lines = new List<int>();
        int columns = -1, lineNo = 0;
        bool firstRow = true;
        Span<Range> ranges = stackalloc Range[65];
        var row = new List<Rational>();
        var text = new BoundedLineReader(reader, source);
        while (text.TryReadLine(out var line))
        {
            lineNo = text.LineNumber;
            var span = line.Trim();
            if (span.IsEmpty) continue;
            int count = span.Split(ranges, ',');
            if (count == ranges.Length)
            {
                // More than 64 columns: fall back to an allocating split.
                ParseRow(span.ToString().Split(','), row, source, lineNo, firstRow, out bool hdr);
                if (hdr) { firstRow = false; continue; }
            }
            else
            {
                row.Clear();
                bool header = false;
                for (int k = 0; k < count; k++)
                {
                    var field = span[ranges[k]];
                    CheckFieldLength(field.Length, k, count, source, lineNo);
                    if (RationalParser.TryParse(field, out var value, out var error)) { row.Add(value); continue; }
                    if (firstRow) { header = true; break; }
                    throw new DataFormatException(FieldError(error, k, count), source, lineNo);
                }
                if (header) { firstRow = false; columns = count; continue; }
            }
            firstRow = false;
            if (row.Count < 2)
                throw new DataFormatException($"a row needs at least two columns (x1,…,xd,y); found {row.Count}", source, lineNo);
            if (columns < 0) columns = row.Count;
            else if (row.Count != columns)
                throw new DataFormatException($"ragged row: {row.Count} columns where earlier rows have {columns}", source, lineNo);
            for (int k = 0; k < row.Count - 1; k++) xs.Add(row[k]);
            ys.Add(row[^1]);
            lines.Add(lineNo);
        }
        if (ys.Count == 0) throw new DataFormatException("the data have no points (at least 1 is needed)", source);
        return new RawPoints(columns - 1, xs.ToArray(), ys.ToArray(), lines.ToArray(), source);
    }

    private static void ParseRow(string[] fields, List<Rational> row, string source, int lineNo, bool firstRow, out bool header)
    {
        row.Clear();
        header = false;
        for (int k = 0; k < fields.Length; k++)
        {
            CheckFieldLength(fields[k].Length, k, fields.Length, source, lineNo);
            if (RationalParser.TryParse(fields[k], out var value, out var error)) { row.Add(value); continue; }
            if (firstRow) { header = true; return; }
            throw new DataFormatException(FieldError(error, k, fields.Length), source, lineNo);
        }
    }

    /// <summary>A field beyond <see cref="RationalParser.MaxLength"/> is an error even on the first row (where a
    /// non-number would make the row a header).</summary>
    private static void CheckFieldLength(int length, int column, int count, string source, int lineNo)
    {
        if (length > RationalParser.MaxLength)
            throw new DataFormatException(FieldError($"a number may have at most {RationalParser.MaxLength} characters, this field has {length}", column, count), source, lineNo);
    }

    private static string FieldError(string error, int column, int count) =>
        $"column {column + 1} of {count}: {error}";

    /// <summary>Parses JSON text <c>{"x": [[…], …], "y": […]}</c>; numbers may also be strings such as "3/7".
    /// A flat <c>"x": [1, 2, 3]</c> is read as 1-D inputs.</summary>
    public static Dataset ReadJson(string text, string source = "<json>") => ReadJsonRaw(text, source).ToDataset();

    /// <summary>Parses JSON text without canonicalising it.</summary>
    public static RawPoints ReadJsonRaw(string text, string source = "<json>") =>
        ReadJsonRaw(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text), writable: false), source);

    /// <summary>Parses a JSON dataset token by token from a stream (<see cref="JsonTokenStream"/>), never holding the
    /// document: memory is the parsed numbers only. Keys other than "x" and "y" are skipped; each may occur once.</summary>
    public static RawPoints ReadJsonRaw(Stream stream, string source)
    {
        var tokens = new JsonTokenStream(stream, source);
        if (!tokens.Read() || tokens.TokenType != JsonTokenType.StartObject)
            throw new DataFormatException("expected an object with arrays \"x\" and \"y\"", source);
        List<Rational>? ys = null, xs = null;
        int rows = 0, d = -1;
        while (tokens.Read() && tokens.TokenType == JsonTokenType.PropertyName)
        {
            string key = tokens.Text!;
            tokens.Read();
            if (key is not ("x" or "y")) { tokens.SkipValue(); continue; }
            if ((key == "x" ? xs : ys) is not null) throw new DataFormatException($"\"{key}\" occurs twice", source);
            if (tokens.TokenType != JsonTokenType.StartArray) throw new DataFormatException("\"x\" and \"y\" must be arrays", source);
            if (key == "y") ys = ReadLabels(tokens, source);
            else xs = ReadInputs(tokens, source, out rows, out d);
        }
        while (tokens.Read()) { } // the rest must still be valid JSON (JsonTokenStream throws otherwise)
        if (xs is null || ys is null) throw new DataFormatException("expected an object with arrays \"x\" and \"y\"", source);
        int n = ys.Count;
        if (rows != n) throw new DataFormatException($"\"x\" has {rows} entries but \"y\" has {n}", source);
        if (n == 0) throw new DataFormatException("the data have no points (at least 1 is needed)", source);
        return new RawPoints(d, xs.ToArray(), ys.ToArray(), new int[n], source);
    }

    private static List<Rational> ReadLabels(JsonTokenStream tokens, string source)
    {
        var ys = new List<Rational>();
        while (tokens.Read() && tokens.TokenType != JsonTokenType.EndArray) ys.Add(JsonNumber(tokens, "y", ys.Count, -1, source));
        return ys;
    }

    /// <summary>The rows of "x": arrays of one common length d ≥ 1, or plain numbers (1-D).</summary>
    private static List<Rational> ReadInputs(JsonTokenStream tokens, string source, out int rows, out int d)
    {
        var xs = new List<Rational>();
        rows = 0; d = -1;
        while (tokens.Read() && tokens.TokenType != JsonTokenType.EndArray)
        {
            int i = rows++;
            if (tokens.TokenType == JsonTokenType.StartArray)
            {
                int len = 0;
                while (tokens.Read() && tokens.TokenType != JsonTokenType.EndArray) xs.Add(JsonNumber(tokens, "x", i, len++, source));
                if (d < 0) d = len;
                if (len != d || len == 0)
                    throw new DataFormatException($"ragged input: x[{i}] has {len} entries where x[0] has {d}", source);
            }
            else
            {
                if (d < 0) d = 1;
                if (d != 1) throw new DataFormatException($"ragged input: x[{i}] is a number where x[0] is an array", source);
                xs.Add(JsonNumber(tokens, "x", i, -1, source));
            }
        }
        return xs;
    }

    /// <summary>The number at the current token; its place (name[i] or name[i][j]) is spelled out only in an error.</summary>
    private static Rational JsonNumber(JsonTokenStream tokens, string name, int i, int j, string source)
    {
        string Where() => j < 0 ? $"{name}[{i}]" : $"{name}[{i}][{j}]";
        string raw = tokens.TokenType switch
        {
            JsonTokenType.Number or JsonTokenType.String => tokens.Text ?? "",
            JsonTokenType.StartArray => throw new DataFormatException($"{Where()}: expected a number, found array", source),
            JsonTokenType.StartObject => throw new DataFormatException($"{Where()}: expected a number, found object", source),
            var other => throw new DataFormatException($"{Where()}: expected a number, found {other.ToString().ToLowerInvariant()}", source),
        };
        return RationalParser.TryParse(raw, out var v, out var error) ? v : throw new DataFormatException($"{Where()}: {error}", source);
    }
}
