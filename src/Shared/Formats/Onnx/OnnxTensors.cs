using System.Buffers.Binary;
using Onnx;
using Verifier.Shared.Data;
using Verifier.Shared.Numbers;

namespace Verifier.Shared.Formats.Onnx;

/// <summary>A constant tensor of the graph (a weight), its entries the exact values of the stored floats, row-major.</summary>
internal sealed record ConstantTensor(string Name, int[] Dims, Rational[] Values, string ElementType)
{
    public int Rank => Dims.Length;
    public string Shape => "[" + string.Join(", ", Dims) + "]";

    /// <summary>The transpose of a matrix (ONNX Transpose with the default or [1, 0] permutation).</summary>
    public ConstantTensor Transposed()
    {
        int rows = Dims[0], cols = Dims[1];
        var t = new Rational[Values.Length];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) t[j * rows + i] = Values[i * cols + j];
        return this with { Dims = [cols, rows], Values = t };
    }
}

/// <summary>Decodes ONNX tensors of float32 or float64 weights. Every finite float is a dyadic rational, so the
/// conversion float → double → <see cref="Rational.FromDouble"/> is exact; nothing is rounded.</summary>
internal static class OnnxTensors
{
    public static ConstantTensor Decode(TensorProto t, string source)
    {
        string name = string.IsNullOrEmpty(t.Name) ? "<unnamed>" : t.Name;
        if (t.HasDataLocation && t.DataLocation == TensorProto.Types.DataLocation.External)
            throw new DataFormatException($"weight tensor '{name}' is stored outside the model file (external data); export the weights inside it", source);
        var dims = new int[t.Dims.Count];
        long count = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (t.Dims[i] < 0 || t.Dims[i] > int.MaxValue) throw new DataFormatException($"weight tensor '{name}' has an invalid dimension {t.Dims[i]}", source);
            dims[i] = (int)t.Dims[i];
            count *= dims[i];
            if (count > 1 << 28) throw new DataFormatException($"weight tensor '{name}' is too large", source);
        }
        int width = (TensorProto.Types.DataType)t.DataType == TensorProto.Types.DataType.Double ? 8 : 4;
        if (t.HasRawData && t.RawData.Length != count * width)
            throw new DataFormatException($"weight tensor '{name}' of shape [{string.Join(", ", dims)}] has {t.RawData.Length} bytes of data", source);
        double[] values = (TensorProto.Types.DataType)t.DataType switch
        {
            TensorProto.Types.DataType.Float => t.HasRawData ? Singles(t.RawData.Span) : t.FloatData.Select(f => (double)f).ToArray(),
            TensorProto.Types.DataType.Double => t.HasRawData ? Doubles(t.RawData.Span) : t.DoubleData.ToArray(),
            var other => throw new DataFormatException(
                $"weight tensor '{name}' has element type {TypeName(t.DataType)}; only float32 and float64 weights are read", source),
        };
        if (values.Length != count)
            throw new DataFormatException($"weight tensor '{name}' of shape [{string.Join(", ", dims)}] holds {values.Length} values", source);
        var exact = new Rational[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i])) throw new DataFormatException($"weight tensor '{name}' holds a non-finite value ({values[i]})", source);
            exact[i] = Rational.FromDouble(values[i]);
        }
        return new ConstantTensor(name, dims, exact, TypeName(t.DataType));
    }

    /// <summary>float32 for FLOAT, float64 for DOUBLE, else ONNX's own name of the element type.</summary>
    public static string TypeName(int dataType) => (TensorProto.Types.DataType)dataType switch
    {
        TensorProto.Types.DataType.Float => "float32",
        TensorProto.Types.DataType.Double => "float64",
        var other => Enum.IsDefined(other) ? other.ToString().ToLowerInvariant() : $"#{dataType}",
    };

    private static double[] Singles(ReadOnlySpan<byte> raw)
    {
        var v = new double[raw.Length / 4];
        for (int i = 0; i < v.Length; i++) v[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(4 * i, 4));
        return v;
    }

    private static double[] Doubles(ReadOnlySpan<byte> raw)
    {
        var v = new double[raw.Length / 8];
        for (int i = 0; i < v.Length; i++) v[i] = BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(8 * i, 8));
        return v;
    }
}
