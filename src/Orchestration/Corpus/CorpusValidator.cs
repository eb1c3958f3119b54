using System.Text;
using System.Text.Json.Nodes;
using Verifier.Continuous.GlobalLp;
using Verifier.Continuous.Univariate;
using Verifier.Exact.Certificates;
using Verifier.Exact.Problems;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Formats;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Orchestration.Corpus;

/// <summary>A record (or line) of a corpus that failed validation.</summary>
/// <param name="Internal">The check itself threw an unexpected exception (not a verdict about the record).</param>
public sealed record CorpusFailure(int Line, long? Id, string Problem, bool Internal = false);

/// <summary>The outcome of <see cref="CorpusValidator.Validate(string)"/>.</summary>
public sealed record CorpusValidation(int Records, IReadOnlyList<CorpusFailure> Failures, IReadOnlyDictionary<string, int> StatusCounts)
{
    public bool AllPass => Failures.Count == 0;
    public int InternalErrors => Failures.Count(f => f.Internal);
}

/// <summary>
/// Re-checks a corpus made anywhere, trusting none of its claims. For every record:
/// <list type="bullet">
/// <item>every network (with an exact block) interpolates the record's own dataset exactly
/// (<see cref="InterpolationCheck"/>) and has the record's architecture (input dimension of the data, a skip term
/// exactly when the record says skip, a float block with the same neurons and skip as the exact one);</item>
/// <item>every count, neuron and parameter number is recounted from its network; ids are unique;</item>
/// <item>the sparsest status agrees with the bounds (optimal ⇒ lowerBound = count; a timeout carries no count;
/// always lowerBound ≤ count); a planted network interpolates its data and bounds an optimal count;</item>
/// <item>every ℓ^p entry has lowerBound ≤ value ≤ upperBound = the network's path norm, and "certified" only with
/// a gap within the solver's tolerance; no ℓ^p interpolant beats an optimal sparsest count.</item>
/// </list>
/// What is re-derived independently depends on the dimension. In 1-D with the skip term the sparsest count is
/// recomputed (<see cref="UnivariateSparsest"/>) and must equal the record's optimal count, each ℓ^p value and
/// knot count is recomputed (<see cref="MinVpDynamicProgram"/>), p* with its bounds and "exact" flag is
/// recomputed (<see cref="UnivariatePStar"/>), and below the lower end of p* the ℓ^p minimiser must be sparsest
/// (Thm 3.2). For d &gt; 1 nothing is re-solved: an "optimal" count and a certified ℓ^p value are only checked
/// for consistency (bounds ordered, network verified exactly, count ≥ the record's own proven lower bound), so
/// a wrong lower bound or a non-optimal network that the record calls optimal is not detected there; the p*
/// bracket is re-derived from the record's own networks (<see cref="Drivers.PStarBracket"/>: lower ≤ the proven
/// Thm 4.1 end, upper ≥ the smallest certified non-sparsest p, exact only within 1e-9), and a certified minimiser
/// at p ≤ lower must be sparsest.
/// </summary>
public static partial class CorpusValidator
{
    private const double RelativeTolerance = 1e-9;

    /// <summary>
    /// Validates the file; an unreadable file throws <see cref="DataFormatException"/>, and so does a file without
    /// a single record (empty or blank lines only): an empty corpus proves nothing, and "all 0 records pass" would
    /// let a pipeline whose generation step wrote nothing pass validation. A record whose check throws an
    /// unexpected exception (a validator bug or an input no check anticipated) becomes a failure of its line,
    /// marked <see cref="CorpusFailure.Internal"/>, and validation goes on with the next line.
    /// </summary>
    public static CorpusValidation Validate(string path) => Validate(path, CheckRecord);

    /// <summary><see cref="Validate(string)"/> with the per-record check replaceable (tests of the failure handling).</summary>
    internal static CorpusValidation Validate(string path, Func<JsonObject, string> checkRecord)
    {
        StreamReader reader;
        bool endsWithNewline;
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
            endsWithNewline = stream.Length == 0 || LastByte(stream) == (byte)'\n';
            reader = new StreamReader(stream, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new DataFormatException(File.Exists(path) ? $"cannot read the corpus: {e.Message}" : "file not found", path);
        }
        var failures = new List<CorpusFailure>();
        var statusCounts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var firstLineOfId = new Dictionary<long, int>();
        int records = 0, line = 0;
        using (reader)
        {
            string? next = ReadLine(reader, path);
            while (next is not null)
            {
                string current = next;
                next = ReadLine(reader, path);
                line++;
                if (current.Length == 0) continue;
                records++;
                if (next is null && !endsWithNewline)
                {
                    failures.Add(new CorpusFailure(line, null, "torn last line (no newline at its end): the writer was interrupted; rerun generate to repair"));
                    break;
                }
                long? id = null;
                try
                {
                    var record = JsonlCorpusFile.ParseLine(current, path, line);
                    id = JsonlCorpusFile.IdOf(record, path, line);
                    if (firstLineOfId.TryGetValue(id.Value, out int first))
                        throw new RecordInvalid($"id {id} repeats the record of line {first}");
                    firstLineOfId[id.Value] = line;
                    string status = checkRecord(record);
                    statusCounts[status] = statusCounts.GetValueOrDefault(status) + 1;
                }
                catch (Exception e) when (e is RecordInvalid or DataFormatException or FormatException)
                {
                    string message = e is DataFormatException d && d.Line == line ? StripLocation(d.Message, path, line) : e.Message;
                    failures.Add(new CorpusFailure(line, id, message));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    failures.Add(new CorpusFailure(line, id, $"internal error while checking the record: {e.GetType().Name}: {e.Message}", Internal: true));
                }
            }
        }
        if (records == 0) throw new DataFormatException("empty corpus: the file holds no records to check", path);
        return new CorpusValidation(records, failures, statusCounts);
    }

    private static byte LastByte(FileStream stream)
    {
        stream.Seek(-1, SeekOrigin.End);
        int b = stream.ReadByte();
        stream.Seek(0, SeekOrigin.Begin);
        return (byte)b;
    }

    private static string? ReadLine(StreamReader reader, string path)
    {
        try { return reader.ReadLine(); }
        catch (IOException e) { throw new DataFormatException($"cannot read the corpus: {e.Message}", path); }
    }

    private static string StripLocation(string message, string path, int line)
    {
        string prefix = $"{path}:{line}: ";
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
    }

    private sealed class RecordInvalid(string message) : Exception(message);

    private static Dataset ReadData(JsonNode? node)
    {
        if (node is not JsonObject o || o["x"] is not JsonArray xs || o["y"] is not JsonArray ys)
            throw new RecordInvalid("\"data\" must be {\"x\": [[…]], \"y\": […]}");
        if (xs.Count != ys.Count || xs.Count == 0) throw new RecordInvalid($"data: {xs.Count} inputs but {ys.Count} labels");
        int d = xs[0] is JsonArray r0 ? r0.Count : 0;
        if (d < 1) throw new RecordInvalid("data.x[0] must be a non-empty array");
        var x = new List<Rational>(xs.Count * d);
        for (int i = 0; i < xs.Count; i++)
        {
            if (xs[i] is not JsonArray row || row.Count != d) throw new RecordInvalid($"data.x[{i}] must hold {d} numbers");
            for (int j = 0; j < d; j++) x.Add(Exact(row[j], $"data.x[{i}][{j}]"));
        }
        var y = ys.Select((v, i) => Exact(v, $"data.y[{i}]")).ToArray();
        var data = Dataset.Create(d, x.ToArray(), y);
        if (data.Count != xs.Count) throw new RecordInvalid("data: repeated inputs (a corpus dataset has distinct inputs)");
        return data;
    }

    private static Rational Exact(JsonNode? node, string where) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && RationalParser.TryParse(s, out var r, out _)
            ? r : throw new RecordInvalid($"{where} must be an exact number string");

    private static ShallowReluNetwork? NullableNetwork(JsonNode? node, string where)
    {
        if (node is null) return null;
        if (node is not JsonObject o || o["exact"] is not JsonObject)
            throw new RecordInvalid($"{where} must be a network object with an \"exact\" block");
        return NetworkJson.Parse(o.ToJsonString(), where);
    }

    /// <summary>
    /// The network has the record's architecture: the data's input dimension, a skip term exactly when the
    /// record says "skip", and a float block that mirrors the exact one (same number of neurons, a skip term in
    /// both or neither, inputDim entries per weight vector).
    /// </summary>
    private static void Architecture(JsonObject json, ShallowReluNetwork net, SparsestProblem problem, string where)
    {
        if (net.InputDim != problem.Data.Dimension)
            throw new RecordInvalid($"{where} has input dimension {net.InputDim}, the record's data {problem.Data.Dimension}");
        if ((net.Skip is not null) != problem.Skip)
            throw new RecordInvalid($"{where} {(net.Skip is null ? "has no" : "has a")} skip term, but the record says skip = {Lower(problem.Skip)}");
        if (json["neurons"] is not JsonArray floats)
            throw new RecordInvalid($"{where} has no float \"neurons\" array");
        if (floats.Count != net.Neurons.Count)
            throw new RecordInvalid($"{where} has {floats.Count} float neurons but {net.Neurons.Count} exact ones");
        for (int k = 0; k < floats.Count; k++)
            if (floats[k] is not JsonObject n || n["w"] is not JsonArray w || w.Count != net.InputDim)
                throw new RecordInvalid($"{where}.neurons[{k}] must be an object with {net.InputDim} weights in \"w\"");
        if ((json["skip"] is JsonObject) != (net.Skip is not null))
            throw new RecordInvalid($"{where}: the float block {(json["skip"] is JsonObject ? "has" : "has no")} skip term, the exact block {(net.Skip is null ? "none" : "one")}");
    }

    private static string Lower(bool b) => b ? "true" : "false";

    private static void Interpolates(ShallowReluNetwork net, Dataset data, string where)
    {
        if (net.InputDim != data.Dimension) throw new RecordInvalid($"{where} has input dimension {net.InputDim}, the data {data.Dimension}");
        var v = InterpolationCheck.Check(net, data);
        if (!v.Interpolates) throw new RecordInvalid($"{where} does not interpolate data point {v.FirstMismatch} exactly");
    }

    private static void ExpectCounts(JsonObject o, ShallowReluNetwork net, string where)
    {
        int neurons = SparsityMeasures.ActiveNeurons(net), parameters = SparsityMeasures.NonzeroParameters(net);
        if (NullableInt(o, "neurons") != neurons) throw new RecordInvalid($"{where}.neurons {Show(NullableInt(o, "neurons"))} but the network has {neurons}");
        if (NullableInt(o, "parameters") != parameters) throw new RecordInvalid($"{where}.parameters {Show(NullableInt(o, "parameters"))} but the network has {parameters}");
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= RelativeTolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static string Show(int? v) => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null";

    private static JsonObject Obj(JsonObject o, string key) => o[key] as JsonObject ?? throw new RecordInvalid($"missing object \"{key}\"");
    private static string Str(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new RecordInvalid($"missing string \"{key}\"");
    private static bool Bool(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : throw new RecordInvalid($"missing boolean \"{key}\"");
    private static int Int(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<int>(out var i) ? i : throw new RecordInvalid($"missing integer \"{key}\"");
    private static int? NullableInt(JsonObject o, string key) => o[key] is null ? null : Int(o, key);
    private static double Num(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<double>(out var x) && double.IsFinite(x) ? x : throw new RecordInvalid($"missing number \"{key}\"");
}
