using System.Numerics;
using System.Text;
using System.Text.Json;
using Verifier.Shared.Formats;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Shared;

/// <summary>The network JSON is formatted by hand into UTF-8 (NetworkText, through NetworkJson.Write and
/// WriteLastProperty): it must be byte for byte what Utf8JsonWriter with NetworkJson.Indented writes.</summary>
public class NetworkTextTests
{
    private static Rational R(string s) => Rational.Parse(s);

    /// <summary>The reference: the network written value by value through Utf8JsonWriter (the former writer).</summary>
    private static void WriteReference(Utf8JsonWriter w, ShallowReluNetwork net)
    {
        w.WriteStartObject();
        w.WriteNumber("inputDim", net.InputDim);
        WriteBody(w, net, (writer, r) =>
        {
            double x = r.ToDouble();
            if (double.IsFinite(x)) writer.WriteNumberValue(x); else writer.WriteNullValue();
        });
        if (net.HasExactSource)
        {
            w.WriteStartObject("exact");
            WriteBody(w, net, (writer, r) => writer.WriteStringValue(r.ToString()));
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

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

    private static string Reference(ShallowReluNetwork net)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, NetworkJson.Indented)) WriteReference(w, net);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Written(ShallowReluNetwork net)
    {
        using var buffer = new MemoryStream();
        NetworkJson.Write(net, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A document {"status": …, "rows": […], "network": …} as the CLI's --json prints it.</summary>
    private static string Document(ShallowReluNetwork net, bool reference)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, NetworkJson.Indented))
        {
            w.WriteStartObject();
            w.WriteString("status", "optimal");
            w.WriteStartArray("rows");
            w.WriteNumberValue(1);
            w.WriteEndArray();
            if (reference)
            {
                w.WritePropertyName("network");
                WriteReference(w, net);
                w.WriteEndObject();
            }
            else NetworkJson.WriteLastProperty(w, buffer, "network", net);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static Rational Big(string digits) => Rational.FromInteger(BigInteger.Parse(digits));

    public static TheoryData<string> Networks() => new(Cases.Keys);

    private static readonly Dictionary<string, ShallowReluNetwork> Cases = new()
    {
        ["univariate with skip"] = new(1,
            [Neuron.Knot(R("1/3"), R("-2/7")), Neuron.Univariate(-1, R("4999.8681144919365"), R("141087.97857142857")), Neuron.Univariate(0, 5, 0)],
            new LinearSkip([R("1/10")], R("-5"))),
        ["no skip, three inputs"] = new(3,
            [new Neuron([R("1"), R("-1/2"), R("0")], R("2/3"), R("-3")), new Neuron([R("1e-7"), R("123456789"), R("-9007199254740993")], R("0"), R("1"))], null),
        ["big rationals, beyond the double range"] = new(2,
            [new Neuron([Big("1" + new string('0', 400)), Rational.Create(BigInteger.One, BigInteger.Pow(10, 400))],
                Rational.Create(-BigInteger.Pow(3, 200), BigInteger.Pow(2, 300) + 1), -Big("9223372036854775808"))],
            new LinearSkip([Rational.Create(long.MaxValue, 3), Rational.Create(-1, long.MaxValue)], -Big("1" + new string('7', 330)))),
        ["integers around 10^15"] = new(3,
            [new Neuron([R("999999999999999"), R("-999999999999999"), R("1000000000000000")], R("-1000000000000000"), R("100000000000000")),
             new Neuron([R("9007199254740993"), R("-9007199254740992"), R("0")], R("-1"), R("123456789012345"))],
            new LinearSkip([R("1"), R("-1"), R("10")], R("9223372036854775807"))),
        ["no neurons"] = new(2, [], new LinearSkip([R("0"), R("1")], R("0"))),
        ["no neurons, no skip"] = new(1, [], null),
        ["read as doubles (no exact block)"] = new(1, [Neuron.Univariate(R("0.5"), R("-0.25"), R("3"))], new LinearSkip([R("1")], R("2")), hasExactSource: false),
        ["several chunks"] = new(1,
            Enumerable.Range(0, 2500).Select(i => Neuron.Knot(Rational.Create(i * 7 - 3000, i % 13 + 1), Rational.Create(i % 2 == 0 ? i + 1 : -i, 3))).ToArray(),
            new LinearSkip([R("-1/3")], R("1/3"))),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void FileTextIsWhatUtf8JsonWriterWrites(string name) =>
        Assert.Equal(Reference(Cases[name]), Written(Cases[name]));

    [Theory]
    [MemberData(nameof(Networks))]
    public void NetworkAsTheLastPropertyIsWhatUtf8JsonWriterWrites(string name) =>
        Assert.Equal(Document(Cases[name], reference: true), Document(Cases[name], reference: false));

    [Fact]
    public void NonFiniteFloatingViewsAreNullAndTheExactBlockKeepsThem()
    {
        var text = Written(Cases["big rationals, beyond the double range"]);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal(JsonValueKind.Null, json.GetProperty("neurons")[0].GetProperty("w")[0].ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("skip").GetProperty("c").ValueKind);
        Assert.Equal("1" + new string('0', 400), json.GetProperty("exact").GetProperty("neurons")[0].GetProperty("w")[0].GetString());
        Assert.Equal("-9223372036854775808", json.GetProperty("exact").GetProperty("neurons")[0].GetProperty("v").GetString());
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void WrittenFilesReadBackExactly(string name)
    {
        var net = Cases[name];
        var back = NetworkJson.Parse(Written(net));
        Assert.Equal(net.InputDim, back.InputDim);
        Assert.Equal(net.Neurons.Count, back.Neurons.Count);
        for (int i = 0; i < net.Neurons.Count; i++)
        {
            Assert.Equal(net.Neurons[i].W, back.Neurons[i].W);
            Assert.Equal((net.Neurons[i].B, net.Neurons[i].V), (back.Neurons[i].B, back.Neurons[i].V));
        }
        Assert.Equal(net.Skip?.A, back.Skip?.A);
        Assert.Equal(net.Skip?.C, back.Skip?.C);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-7")]
    [InlineData("-1/3")]
    [InlineData("9223372036854775807/9223372036854775806")]
    [InlineData("-9223372036854775808")]
    [InlineData("123456789012345678901234567890/7")]
    public void RationalUtf8TextIsToString(string value)
    {
        var r = R(value);
        Span<byte> buffer = stackalloc byte[64];
        Assert.True(r.TryFormat(buffer, out int n));
        Assert.Equal(r.ToString(), Encoding.UTF8.GetString(buffer[..n]));
        Assert.False(r.TryFormat(buffer[..(n - 1)], out _));
    }
}
