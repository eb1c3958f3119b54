using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Formats.Onnx;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Shared;

/// <summary>The ONNX reader on files exported by torch.onnx.export (PyTorch 1.13, see make_fixtures.py).</summary>
public class OnnxNetworkReaderTests
{
    private static OnnxNetwork Read(string name) => OnnxNetworkReader.ReadFile(OnnxFixtures.Path(name));
    private static Rational R(string s) => Rational.Parse(s);

    [Theory]
    [InlineData("relu-1d-gemm-f32.onnx", "float32")]
    [InlineData("relu-1d-gemm-f64.onnx", "float64")]
    public void GemmExportIsReadExactly(string file, string type)
    {
        var onnx = Read(file);
        Assert.Equal("Gemm → Relu → Gemm", onnx.Graph);
        Assert.Equal(type, onnx.WeightType);
        var net = onnx.Network;
        Assert.Equal(1, net.InputDim);
        Assert.Equal([R("1"), R("0"), R("-1"), R("-2")], net.Neurons.Select(n => n.B));
        Assert.Equal([R("1"), R("-1"), R("-1"), R("1")], net.Neurons.Select(n => n.V));
        Assert.All(net.Neurons, n => Assert.Equal(Rational.One, n.W[0]));
        Assert.NotNull(net.Skip); // the output bias (0) is the constant of a linear term with a = 0
        Assert.Equal(Rational.Zero, net.Skip!.C);
        Assert.True(InterpolationCheck.Check(net, DatasetReader.ReadFile(OnnxFixtures.Path("peak-plateau.csv"))).Interpolates);
    }

    [Fact]
    public void MatMulAddExportIsReadExactly()
    {
        var onnx = Read("relu-2d-matmul-add-f32.onnx");
        Assert.Equal("MatMul → Add → Relu → MatMul → Add", onnx.Graph);
        var n = onnx.Network.Neurons;
        Assert.Equal([R("1"), R("1/2")], n[0].W);
        Assert.Equal([R("-1/4"), R("1")], n[1].W);
        Assert.Equal((R("1/2"), R("-1/8")), (n[0].B, n[1].B));
        Assert.Equal((R("2"), R("-3/4")), (n[0].V, n[1].V));
        Assert.Equal(R("1/4"), onnx.Network.Skip!.C);
        Assert.Equal([Rational.Zero, Rational.Zero], onnx.Network.Skip.A);
    }

    [Fact]
    public void NetworkWithoutBiasesHasNoLinearTerm()
    {
        var onnx = Read("relu-1d-nobias-f64.onnx");
        Assert.Equal("MatMul → Relu → MatMul", onnx.Graph);
        Assert.Null(onnx.Network.Skip);
        Assert.All(onnx.Network.Neurons, n => Assert.Equal(Rational.Zero, n.B));
    }

    [Fact]
    public void Float32WeightsAreTheirBinaryValuesNotTheDecimalsTheyPrint()
    {
        var w = Read("relu-1d-tenths-f32.onnx").Network.Neurons[0].W[0];
        Assert.Equal(Rational.FromDouble(0.1f), w);
        Assert.NotEqual(R("1/10"), w);
    }

    [Theory]
    [InlineData("tanh-1d.onnx", "unexpected operator Tanh")]
    [InlineData("two-hidden-1d.onnx", "more than one hidden layer")]
    [InlineData("two-outputs-1d.onnx", "the output has 2 values per point")]
    [InlineData("malformed-add.onnx", "Add (node 'bad_add') with 1 inputs")]
    public void OtherGraphsAreRejectedNamingWhatWasUnexpected(string file, string message)
    {
        var e = Assert.Throws<DataFormatException>(() => Read(file));
        Assert.Contains(message, e.Message);
        Assert.Contains(file, e.Message);
    }

    [Fact]
    public void BytesThatAreNotAModelAreAFormatError()
    {
        Assert.Throws<DataFormatException>(() => OnnxNetworkReader.Read("x,y\n0,1\n"u8.ToArray(), "data.onnx"));
        Assert.Throws<DataFormatException>(() => OnnxNetworkReader.Read([], "empty.onnx"));
    }
}
