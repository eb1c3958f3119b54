using System.Globalization;
using System.Text.Json;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Shared.Formats;

/// <summary>
/// The two views of a network file (INTERFACE.md): the floating values every reader understands, and the optional
/// <c>exact</c> block. They should say the same thing: each floating value the nearest double to its exact value
/// (null where that lies beyond the double range). <see cref="Disagreements"/> counts where they do not, so a
/// verdict never silently rests on one view while the other says something else.
/// </summary>
public sealed class NetworkFileContents
{
    private readonly Lazy<ShallowReluNetwork> _floating;

    internal NetworkFileContents(int inputDim, ShallowReluNetwork? exact, Func<ShallowReluNetwork> floating, int disagreements, string? firstDisagreement)
    {
        InputDim = inputDim;
        Exact = exact;
        _floating = new Lazy<ShallowReluNetwork>(floating, LazyThreadSafetyMode.None);
        Disagreements = disagreements;
        FirstDisagreement = firstDisagreement;
    }

    public int InputDim { get; }

    /// <summary>A network that exists only as binary floating values (e.g. an ONNX file's weights): no exact block, so
    /// nothing can disagree.</summary>
    public static NetworkFileContents FromBinaryValues(ShallowReluNetwork network) => new(network.InputDim, null, () => network, 0, null);

    /// <summary>The network of the exact block, or null when the file has none.</summary>
    public ShallowReluNetwork? Exact { get; }

    /// <summary>Number of values (and structural differences) where the floating view is not the exact one rounded
    /// to the nearest double; 0 without an exact block.</summary>
    public int Disagreements { get; }

    /// <summary>The first disagreement, e.g. "neurons[0].v: floating 7, exact 6"; null when there is none.</summary>
    public string? FirstDisagreement { get; }

    /// <summary>The network of the floating values, each taken at its exact binary value (strings "p/q" exactly);
    /// a <see cref="DataFormatException"/> when one of them is null or beyond the double range.</summary>
    public ShallowReluNetwork Floating => _floating.Value;

    /// <summary>The exact block when there is one, else the floating values.</summary>
    public ShallowReluNetwork Preferred => Exact ?? Floating;
}

/// <summary>Reads a network file token by token (<see cref="JsonTokenStream"/>): keys in any order, unknown keys
/// skipped, <c>skip</c> required (an object or null) in the body and in the exact block alike. The exact block is
/// built straight into the network; the floating values are kept as doubles (16 bytes each) until asked for.</summary>
internal static class NetworkFileReader
{
    /// <summary>One floating value: its double (NaN for null or beyond range) and, for a string "p/q", the index of
    /// its exact value in the side list (−1 for a JSON number).</summary>
    private readonly record struct FloatValue(double X, int Exact);

    private sealed class Body<T> where T : struct
    {
        public SegmentedList<(T[] W, T B, T V)> Neurons { get; } = new();
        public bool HasNeurons { get; set; }
        public bool HasSkip { get; set; }
        public (T[] A, T C)? Skip { get; set; }
    }

    private delegate T ValueReader<T>(JsonTokenStream t, string where);

    public static NetworkFileContents Read(Stream stream, string source)
    {
        var t = new JsonTokenStream(stream, source);
        if (!t.Read() || t.TokenType != JsonTokenType.StartObject) throw new DataFormatException("a network file must be a JSON object", source);
        int? d = null;
        var floating = new Body<FloatValue>();
        var exact = new Body<Rational>();
        var strings = new List<Rational>();
        ValueReader<FloatValue> readFloat = (t, where) => ReadFloat(t, where, strings, source);
        ValueReader<Rational> readExact = (t, where) => ReadExact(t, where, source);
        bool hasExact = false;
        while (t.Read() && t.TokenType == JsonTokenType.PropertyName)
        {
            string key = t.Text!;
            switch (key)
            {
                case "inputDim":
                    t.Read();
                    d = t.TokenType == JsonTokenType.Number && int.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int dd) && dd >= 1
                        ? dd : throw new DataFormatException("missing or invalid \"inputDim\"", source);
                    break;
                case "neurons" or "skip":
                    ReadBodyMember(t, key, floating, readFloat, "", source);
                    break;
                case "exact":
                    t.Read();
                    if (t.TokenType == JsonTokenType.Null) break;
                    if (t.TokenType != JsonTokenType.StartObject) throw new DataFormatException("\"exact\" must be an object", source);
                    hasExact = true;
                    while (t.Read() && t.TokenType == JsonTokenType.PropertyName)
                    {
                        string inner = t.Text!;
                        if (inner is "neurons" or "skip") ReadBodyMember(t, inner, exact, readExact, "exact.", source);
                        else { t.Read(); t.SkipValue(); }
                    }
                    break;
                default:
                    t.Read();
                    t.SkipValue();
                    break;
            }
        }
        if (d is not int dim) throw new DataFormatException("missing or invalid \"inputDim\"", source);
        if (t.Read()) throw new DataFormatException("unexpected content after the network object", source);
        Require(floating.HasNeurons, floating.HasSkip, "", source);
        ShallowReluNetwork? exactNet = null;
        if (hasExact)
        {
            Require(exact.HasNeurons, exact.HasSkip, "exact.", source);
            exactNet = Build(exact, dim, "exact.", (r, _) => r, source, hasExactSource: true);
        }
        // Without an exact block the floating values are the network: checked now, so a bad value is reported at once.
        Func<ShallowReluNetwork> floatNet = () => Build(floating, dim, "", (f, where) => FloatExact(f, where, strings, hasExact, source), source, hasExactSource: false);
        if (!hasExact)
        {
            var net = floatNet();
            floatNet = () => net;
        }
        var (count, first) = exactNet is null ? (0, null) : Compare(floating, exactNet);
        // Agreeing views of plain finite doubles: the floating view is the exact one converted to doubles, so it is rebuilt
        // from that when asked, and the floating values (80 bytes a neuron) are not kept.
        if (exactNet is not null && count == 0 && strings.Count == 0 && AllFinite(floating)) floatNet = RoundedView(exactNet);
        return new NetworkFileContents(dim, exactNet, floatNet, count, first);
    }

    private static bool AllFinite(Body<FloatValue> body)
    {
        for (int k = 0; k < body.Neurons.Count; k++)
        {
            var (w, b, v) = body.Neurons[k];
            if (!double.IsFinite(b.X) || !double.IsFinite(v.X) || w.Any(x => !double.IsFinite(x.X))) return false;
        }
        return body.Skip is not var (a, c) || (double.IsFinite(c.X) && a.All(x => double.IsFinite(x.X)));
    }

    /// <summary>The floating view of <paramref name="exact"/>: every value converted by <see cref="Rational.ToDouble"/>
    /// and taken at that double's exact value. That is the file's own floating value wherever the views agree, since
    /// <see cref="Compare"/> checks exactly this conversion (static, so the delegate holds nothing of the reader).</summary>
    private static Func<ShallowReluNetwork> RoundedView(ShallowReluNetwork exact) => () =>
    {
        static Rational Round(Rational x) => Rational.FromDouble(x.ToDouble());
        var neurons = exact.Neurons.Select(n => new Neuron(n.W.Select(Round).ToArray(), Round(n.B), Round(n.V))).ToList();
        var skip = exact.Skip is { } s ? new LinearSkip(s.A.Select(Round).ToArray(), Round(s.C)) : null;
        return new ShallowReluNetwork(exact.InputDim, neurons, skip, hasExactSource: false);
    };

    private static void Require(bool hasNeurons, bool hasSkip, string prefix, string source)
    {
        if (!hasNeurons) throw new DataFormatException($"missing \"{prefix}neurons\" array", source);
        if (!hasSkip) throw new DataFormatException($"missing \"{prefix}skip\" (an object {{\"a\": […], \"c\": …}}, or null when the network has no linear term)", source);
    }

    private static void ReadBodyMember<T>(JsonTokenStream t, string key, Body<T> body, ValueReader<T> read, string prefix, string source) where T : struct
    {
        t.Read();
        if (key == "neurons")
        {
            if (t.TokenType != JsonTokenType.StartArray) throw new DataFormatException($"missing \"{prefix}neurons\" array", source);
            body.HasNeurons = true;
            int k = 0;
            while (t.Read() && t.TokenType != JsonTokenType.EndArray)
            {
                string where = $"{prefix}neurons[{k}]";
                if (t.TokenType != JsonTokenType.StartObject) throw new DataFormatException($"{where} is not an object", source);
                T[]? w = null;
                T? b = null, v = null;
                while (t.Read() && t.TokenType == JsonTokenType.PropertyName)
                {
                    string field = t.Text!;
                    t.Read();
                    switch (field)
                    {
                        case "w": w = ReadVector(t, $"{where}.w", read, source); break;
                        case "b": b = read(t, $"{where}.b"); break;
                        case "v": v = read(t, $"{where}.v"); break;
                        default: t.SkipValue(); break;
                    }
                }
                if (w is null) throw new DataFormatException($"{where}.w must be an array of numbers", source);
                body.Neurons.Add((w, b ?? throw Missing($"{where}.b", source), v ?? throw Missing($"{where}.v", source)));
                k++;
            }
            return;
        }
        body.HasSkip = true;
        if (t.TokenType == JsonTokenType.Null) { body.Skip = null; return; }
        if (t.TokenType != JsonTokenType.StartObject) throw new DataFormatException("\"skip\" must be an object or null", source);
        T[]? a = null;
        T? c = null;
        while (t.Read() && t.TokenType == JsonTokenType.PropertyName)
        {
            string field = t.Text!;
            t.Read();
            switch (field)
            {
                case "a": a = ReadVector(t, $"{prefix}skip.a", read, source); break;
                case "c": c = read(t, $"{prefix}skip.c"); break;
                default: t.SkipValue(); break;
            }
        }
        body.Skip = (a ?? throw new DataFormatException($"{prefix}skip.a must be an array of numbers", source), c ?? throw Missing($"{prefix}skip.c", source));
    }

    private static DataFormatException Missing(string where, string source) => new($"{where}: expected a number", source);

    private static T[] ReadVector<T>(JsonTokenStream t, string where, ValueReader<T> read, string source) where T : struct
    {
        if (t.TokenType != JsonTokenType.StartArray) throw new DataFormatException($"{where} must be an array of numbers", source);
        var values = new List<T>(1);
        while (t.Read() && t.TokenType != JsonTokenType.EndArray) values.Add(read(t, $"{where}[{values.Count}]"));
        return [.. values];
    }

    /// <summary>A value of the exact block: a string "p/q" or a JSON number, both read exactly.</summary>
    private static Rational ReadExact(JsonTokenStream t, string where, string source)
    {
        if (t.TokenType is JsonTokenType.String or JsonTokenType.Number)
            return RationalParser.TryParse(t.Text, out var r, out var err) ? r : throw new DataFormatException($"{where}: {err}", source);
        t.SkipValue();
        throw new DataFormatException($"{where}: expected a number", source);
    }

    /// <summary>A floating value: a JSON number (its double), null (beyond the double range), or a string "p/q".</summary>
    private static FloatValue ReadFloat(JsonTokenStream t, string where, List<Rational> strings, string source)
    {
        switch (t.TokenType)
        {
            case JsonTokenType.Number:
                return new FloatValue(double.Parse(t.Text!, NumberStyles.Float, CultureInfo.InvariantCulture), -1);
            case JsonTokenType.Null:
                return new FloatValue(double.NaN, -1);
            case JsonTokenType.String:
                if (!RationalParser.TryParse(t.Text, out var r, out var err)) throw new DataFormatException($"{where}: {err}", source);
                strings.Add(r);
                return new FloatValue(r.ToDouble(), strings.Count - 1);
            default:
                t.SkipValue();
                throw new DataFormatException($"{where}: expected a number", source);
        }
    }

    /// <summary>The exact value the floating view stands for: a string exactly, a double at its binary value.</summary>
    private static Rational FloatExact(FloatValue f, string where, List<Rational> strings, bool besideExact, string source)
    {
        if (f.Exact >= 0) return strings[f.Exact];
        if (double.IsFinite(f.X)) return Rational.FromDouble(f.X);
        throw new DataFormatException(besideExact
            ? $"{where}: the floating value is null or beyond the double range, so the floating view cannot be used (the exact block gives it)"
            : $"{where}: null or non-finite value", source);
    }

    private static ShallowReluNetwork Build<T>(Body<T> body, int d, string prefix, Func<T, string, Rational> value, string source, bool hasExactSource) where T : struct
    {
        // The exact body is taken over as it is (its arrays become the network's); only the floating one is converted,
        // and only a conversion or a length error needs the place's name, so names are made on demand.
        bool consumed = typeof(T) == typeof(Rational);
        Rational[] Vector(T[] values, int k, string field)
        {
            if (values.Length != d) throw new DataFormatException($"{prefix}{Place(k, field)} must be an array of {d} numbers", source);
            if (values is Rational[] exact) return exact;
            var result = new Rational[d];
            for (int i = 0; i < d; i++) result[i] = value(values[i], $"{prefix}{Place(k, field, i)}");
            return result;
        }
        Rational Scalar(T x, int k, string field) => x is Rational exact ? exact : value(x, $"{prefix}{Place(k, field)}");
        var neurons = new List<Neuron>(body.Neurons.Count);
        for (int k = 0; k < body.Neurons.Count; k++)
        {
            var (w, b, v) = body.Neurons[k];
            neurons.Add(new Neuron(Vector(w, k, "w"), Scalar(b, k, "b"), Scalar(v, k, "v")));
            if (consumed) body.Neurons.Release(k + 1);
        }
        LinearSkip? skip = body.Skip is var (a, c) ? new LinearSkip(Vector(a, -1, "a"), Scalar(c, -1, "c")) : null;
        return new ShallowReluNetwork(d, neurons, skip, hasExactSource);
    }

    /// <summary>Where the floating view is not the exact network rounded to doubles (null standing for beyond range).</summary>
    private static (int Count, string? First) Compare(Body<FloatValue> floating, ShallowReluNetwork exact)
    {
        int count = 0;
        string? first = null;
        void Note(string what) { count++; first ??= what; }
        // The place's name is made only for a disagreement (a million-neuron file would otherwise make 3 million strings).
        void Value(FloatValue f, Rational e, int k, string field, int i = -1)
        {
            double expected = e.ToDouble();
            bool agree = double.IsFinite(expected) ? f.X == expected : double.IsNaN(f.X);
            if (!agree) Note($"{Place(k, field, i)}: floating {(double.IsNaN(f.X) ? "null" : f.X.ToString("R", CultureInfo.InvariantCulture))}, exact {e}");
        }
        void Vector(FloatValue[] f, Rational[] e, int k, string field)
        {
            if (f.Length != e.Length) { Note($"{Place(k, field)}: {f.Length} floating values, {e.Length} exact ones"); return; }
            for (int i = 0; i < f.Length; i++) Value(f[i], e[i], k, field, i);
        }
        if (floating.Neurons.Count != exact.Neurons.Count)
            Note($"neurons: {floating.Neurons.Count} floating neurons, {exact.Neurons.Count} exact ones");
        for (int k = 0; k < Math.Min(floating.Neurons.Count, exact.Neurons.Count); k++)
        {
            var (fw, fb, fv) = floating.Neurons[k];
            var n = exact.Neurons[k];
            Vector(fw, n.W, k, "w");
            Value(fb, n.B, k, "b");
            Value(fv, n.V, k, "v");
        }
        if (floating.Skip is var (fa, fc) && exact.Skip is { } s) { Vector(fa, s.A, -1, "a"); Value(fc, s.C, -1, "c"); }
        else if (floating.Skip is not null || exact.Skip is not null) Note("skip: null in one view, an object in the other");
        return (count, first);
    }

    /// <summary>"neurons[k].field" ("skip.field" for k = −1), with "[i]" for an entry i ≥ 0 of a vector.</summary>
    private static string Place(int k, string field, int i = -1) =>
        (k < 0 ? $"skip.{field}" : $"neurons[{k}].{field}") + (i < 0 ? "" : $"[{i}]");
}
