using System.Collections.Concurrent;
using System.Globalization;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Shared.Formats;

/// <summary>
/// The indented network JSON of <see cref="NetworkJson"/>, formatted straight into UTF-8: byte for byte what
/// <see cref="System.Text.Json.Utf8JsonWriter"/> with <see cref="NetworkJson.Indented"/> writes (the tests compare
/// them), without a string per number. Chunks of neurons are formatted on the thread pool and written in order, a
/// few chunks ahead at most, so memory stays constant however large the network.
/// </summary>
internal static class NetworkText
{
    private const int ChunkNeurons = 1024;
    private const int ChunksAhead = 6;

    /// <summary>Writes the network object whose opening brace sits at indentation <paramref name="depth"/> (0 for a
    /// file; 1 for the value of a property of the document's root object).</summary>
    public static void Write(Stream stream, ShallowReluNetwork net, int depth)
    {
        int m = depth + 1; // the network's members
        var pieces = new List<Action<Buffer>>
        {
            b =>
            {
                b.Add("{"u8); b.NewLine(m); b.Add("\"inputDim\": "u8); b.Integer(net.InputDim); b.Add(","u8);
                b.NewLine(m);
            },
        };
        AddBody(pieces, net, m, exact: false);
        if (net.HasExactSource)
        {
            pieces.Add(b => { b.Add(","u8); b.NewLine(m); b.Add("\"exact\": {"u8); b.NewLine(m + 1); });
            AddBody(pieces, net, m + 1, exact: true);
            pieces.Add(b => { b.NewLine(m); b.Add("}"u8); });
        }
        pieces.Add(b => { b.NewLine(depth); b.Add("}"u8); });
        WriteInOrder(stream, pieces);
    }

    /// <summary>"neurons": […], "skip": … with members at depth <paramref name="m"/>, one piece per chunk of neurons.</summary>
    private static void AddBody(List<Action<Buffer>> pieces, ShallowReluNetwork net, int m, bool exact)
    {
        var neurons = net.Neurons;
        pieces.Add(b => b.Add(neurons.Count == 0 ? "\"neurons\": []"u8 : "\"neurons\": ["u8));
        for (int start = 0; start < neurons.Count; start += ChunkNeurons)
        {
            int from = start, to = Math.Min(neurons.Count, start + ChunkNeurons);
            pieces.Add(b =>
            {
                for (int i = from; i < to; i++)
                {
                    var n = neurons[i];
                    if (i > 0) b.Add(","u8);
                    b.NewLine(m + 1); b.Add("{"u8);
                    b.NewLine(m + 2); b.Add("\"w\": "u8); b.Elements(n.W, m + 2, exact); b.Add(","u8);
                    b.NewLine(m + 2); b.Add("\"b\": "u8); b.Number(n.B, exact); b.Add(","u8);
                    b.NewLine(m + 2); b.Add("\"v\": "u8); b.Number(n.V, exact);
                    b.NewLine(m + 1); b.Add("}"u8);
                }
            });
        }
        pieces.Add(b =>
        {
            if (neurons.Count > 0) { b.NewLine(m); b.Add("]"u8); }
            b.Add(","u8); b.NewLine(m); b.Add("\"skip\": "u8);
            if (net.Skip is null) { b.Add("null"u8); return; }
            b.Add("{"u8);
            b.NewLine(m + 1); b.Add("\"a\": "u8); b.Elements(net.Skip.A, m + 1, exact); b.Add(","u8);
            b.NewLine(m + 1); b.Add("\"c\": "u8); b.Number(net.Skip.C, exact);
            b.NewLine(m); b.Add("}"u8);
        });
    }

    /// <summary>Formats the pieces on the thread pool, at most <see cref="ChunksAhead"/> beyond the one being
    /// written, and writes them in order; buffers are reused.</summary>
    private static void WriteInOrder(Stream stream, List<Action<Buffer>> pieces)
    {
        var free = new ConcurrentBag<Buffer>();
        var formatting = new Queue<Task<Buffer>>();
        int next = 0;
        for (int i = 0; i < pieces.Count; i++)
        {
            for (; next < pieces.Count && next <= i + ChunksAhead; next++)
            {
                var piece = pieces[next];
                formatting.Enqueue(Task.Run(() =>
                {
                    var b = free.TryTake(out var reused) ? reused : new Buffer();
                    b.Length = 0;
                    piece(b);
                    return b;
                }));
            }
            var done = formatting.Dequeue().GetAwaiter().GetResult();
            stream.Write(done.Bytes, 0, done.Length);
            free.Add(done);
        }
    }

    /// <summary>A growable UTF-8 buffer with the few writes the network needs.</summary>
    private sealed class Buffer
    {
        public byte[] Bytes = new byte[1 << 17];
        public int Length;

        private Span<byte> Free(int atLeast)
        {
            if (Bytes.Length - Length < atLeast) Array.Resize(ref Bytes, Math.Max(2 * Bytes.Length, Length + atLeast));
            return Bytes.AsSpan(Length);
        }

        public void Add(ReadOnlySpan<byte> text)
        {
            text.CopyTo(Free(text.Length));
            Length += text.Length;
        }

        /// <summary>A line break and the indentation of <paramref name="depth"/> (two spaces a level).</summary>
        public void NewLine(int depth)
        {
            var span = Free(1 + 2 * depth);
            span[0] = (byte)'\n';
            span.Slice(1, 2 * depth).Fill((byte)' ');
            Length += 1 + 2 * depth;
        }

        public void Integer(int value)
        {
            value.TryFormat(Free(11), out int n, default, CultureInfo.InvariantCulture);
            Length += n;
        }

        /// <summary>[x, …] with the elements at depth + 1 (never empty: networks have at least one input).</summary>
        public void Elements(Rational[] values, int depth, bool exact)
        {
            Add("["u8);
            for (int j = 0; j < values.Length; j++)
            {
                if (j > 0) Add(","u8);
                NewLine(depth + 1);
                Number(values[j], exact);
            }
            NewLine(depth);
            Add("]"u8);
        }

        /// <summary>The exact text as a string "p/q", or the floating view: the nearest double in the shortest form
        /// that reads back to it, null beyond the double range (JSON has no infinity; the exact block keeps it).</summary>
        public void Number(Rational r, bool exact)
        {
            if (exact)
            {
                int size = 64;
                int n;
                while (!r.TryFormat(Free(size).Slice(1, size - 2), out n)) size *= 2;
                Bytes[Length] = (byte)'"';
                Bytes[Length + 1 + n] = (byte)'"';
                Length += n + 2;
                return;
            }
            double x = r.ToDouble();
            if (!double.IsFinite(x)) { Add("null"u8); return; }
            int written;
            // An integer below 10^15 in magnitude is exact as a double, and "R" writes it as its digits: formatted as
            // a long, several times faster (the weights w = 1 of a 1-D network are a third of its numbers).
            if (r.IsInteger && Math.Abs(x) < 1e15) ((long)x).TryFormat(Free(20), out written, default, CultureInfo.InvariantCulture);
            else x.TryFormat(Free(32), out written, "R", CultureInfo.InvariantCulture);
            Length += written;
        }
    }
}
