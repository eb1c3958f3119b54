using Onnx;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Shared.Formats.Onnx;

/// <summary>
/// Symbolic walk over an ONNX graph in its (required) topological order. Each value is either a constant tensor
/// or the data path; the data path is an affine map of the features of its phase, so Linear → ReLU → Linear is
/// recognised whatever mix of Gemm, MatMul and Add the exporter chose.
/// </summary>
internal sealed class ReluGraphWalk(GraphProto graph, string source)
{
    private enum Phase { Input, FirstLinear, Hidden, OutputLinear }

    /// <summary>The data path: Matrix (in × out) and Bias (out) of the current affine map of the phase's features;
    /// the finished hidden layer once the ReLU was applied.</summary>
    private sealed record DataPath(Phase Phase, int Width, Rational[,]? Matrix, Rational[]? Bias, bool HasBias,
        Rational[,]? Hidden, Rational[]? HiddenBias);

    private readonly Dictionary<string, object> _values = new(); // name → ConstantTensor | DataPath
    private readonly List<string> _ops = new();
    private readonly SortedSet<string> _types = new();
    private int _inputDim = -1;

    public string PathOperators => string.Join(" → ", _ops);
    public string WeightTypes => _types.Count == 0 ? "none" : string.Join("+", _types);

    public ShallowReluNetwork Run()
    {
        foreach (var t in graph.Initializer) Define(t.Name, Tensor(t));
        ReadInput();
        foreach (var node in graph.Node) Apply(node);
        if (graph.Output.Count != 1)
            throw Error($"the graph has {graph.Output.Count} outputs; a regressor has one");
        var outName = graph.Output[0].Name;
        if (!_values.TryGetValue(outName, out var result) || result is not DataPath path)
            throw Error($"the output '{outName}' does not depend on the input");
        return path switch
        {
            { Phase: Phase.OutputLinear, Width: 1 } => Build(path),
            { Phase: Phase.OutputLinear } => throw Error($"the output has {path.Width} values per point; a scalar regressor has 1 (Linear(K, 1))"),
            { Phase: Phase.Hidden } => throw Error("the graph ends with the ReLU: there is no output layer"),
            _ => throw Error("the graph has no ReLU hidden layer (expected Linear → ReLU → Linear)"),
        };
    }

    private ShallowReluNetwork Build(DataPath path)
    {
        var w1 = path.Hidden!; var b1 = path.HiddenBias!;
        int d = w1.GetLength(0), k = w1.GetLength(1);
        var neurons = new Neuron[k];
        for (int j = 0; j < k; j++)
        {
            var w = new Rational[d];
            for (int i = 0; i < d; i++) w[i] = w1[i, j];
            neurons[j] = new Neuron(w, b1[j], path.Matrix![j, 0]);
        }
        var skip = path.HasBias ? new LinearSkip(Enumerable.Repeat(Rational.Zero, d).ToArray(), path.Bias![0]) : null;
        return new ShallowReluNetwork(d, neurons, skip, hasExactSource: false);
    }

    private void ReadInput()
    {
        var inputs = graph.Input.Where(i => !_values.ContainsKey(i.Name)).ToList();
        if (inputs.Count != 1)
            throw Error($"the graph has {inputs.Count} data inputs ({string.Join(", ", inputs.Select(i => i.Name))}); a regressor has one");
        var input = inputs[0];
        var tensorType = input.Type?.TensorType;
        if (tensorType is null) throw Error($"the input '{input.Name}' is not a tensor");
        if (tensorType.HasElemType && tensorType.ElemType is not ((int)TensorProto.Types.DataType.Float or (int)TensorProto.Types.DataType.Double))
            throw Error($"the input '{input.Name}' has element type {OnnxTensors.TypeName(tensorType.ElemType)}; expected float32 or float64");
        var dims = tensorType.Shape?.Dim;
        if (dims is { Count: > 0 } && dims[^1].ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue)
            _inputDim = (int)dims[^1].DimValue;
        Define(input.Name, new DataPath(Phase.Input, _inputDim, null, null, false, null, null));
    }

    private void Apply(NodeProto node)
    {
        string op = node.OpType;
        if (op == "Constant") { ApplyConstant(node); return; }
        var args = node.Input.Select(n => n.Length == 0 ? null : Lookup(n, node)).ToList();
        int required = op switch { "Gemm" or "MatMul" or "Add" => 2, _ => 1 };
        if (args.Count < required || args.Take(required).Any(a => a is null) || (op is "MatMul" or "Add" && args.Count > 2))
            throw Unexpected(node, $"with {args.Count(a => a is not null)} inputs");
        if (!args.Any(a => a is DataPath))
        {
            if (op is "Identity") { Output(node, args[0]!); return; }
            if (op is "Transpose") { Output(node, TransposeConstant(node, (ConstantTensor)args[0]!)); return; }
            throw Unexpected(node, "on weights (constant folding is expected of the exporter)");
        }
        if (args.Count(a => a is DataPath) > 1) throw Unexpected(node, "combines the data path with itself");
        var path = (DataPath)args.First(a => a is DataPath)!;
        if (op != "Identity") _ops.Add(op);
        object result = op switch
        {
            "Identity" => path,
            "Gemm" => Gemm(node, path, args),
            "MatMul" => Linear(node, path, Weight(node, args, 1), null, hasBias: false),
            "Add" => AddBias(node, path, (ConstantTensor)(args[0] is DataPath ? args[1] : args[0])!),
            "Relu" => Relu(node, path),
            _ => throw Unexpected(node, "on the data path"),
        };
        Output(node, result);
    }

    private DataPath Gemm(NodeProto node, DataPath path, List<object?> args)
    {
        if (args[0] is not DataPath) throw Unexpected(node, "with the weights as its first operand");
        if (Attribute(node, "transA")?.I is > 0) throw Unexpected(node, "with transA = 1");
        var b = Weight(node, args, 1);
        if (Attribute(node, "transB")?.I is > 0) b = b.Transposed();
        var alpha = Rational.FromDouble(Attribute(node, "alpha")?.F ?? 1f);
        var beta = Rational.FromDouble(Attribute(node, "beta")?.F ?? 1f);
        Rational[]? c = null;
        if (args.Count > 2 && args[2] is ConstantTensor ct) c = Broadcast(node, ct, b.Dims[1]).Select(v => beta * v).ToArray();
        else if (args.Count > 2 && args[2] is not null) throw Unexpected(node, "with a non-constant bias");
        return Linear(node, path, b, c, hasBias: c is not null, alpha);
    }

    /// <summary>Composes the data path with x ↦ alpha·x·B + c; allowed on the input and after the ReLU.</summary>
    private DataPath Linear(NodeProto node, DataPath path, ConstantTensor b, Rational[]? c, bool hasBias, Rational? alpha = null)
    {
        int rows = b.Dims[0], cols = b.Dims[1];
        if (path.Width >= 0 && rows != path.Width)
            throw Error($"node '{node.Name}' ({node.OpType}): weight '{b.Name}' of shape {b.Shape} does not fit {path.Width} features");
        var m = new Rational[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) m[i, j] = alpha is { } a ? a * b.Values[i * cols + j] : b.Values[i * cols + j];
        var bias = c ?? Enumerable.Repeat(Rational.Zero, cols).ToArray();
        return path.Phase switch
        {
            Phase.Input => path with { Phase = Phase.FirstLinear, Width = cols, Matrix = m, Bias = bias, HasBias = hasBias },
            Phase.Hidden => path with { Phase = Phase.OutputLinear, Width = cols, Matrix = m, Bias = bias, HasBias = hasBias },
            Phase.FirstLinear => throw Unexpected(node, "applies a second linear map before the ReLU (expected Linear → ReLU → Linear)"),
            _ => throw Unexpected(node, "after the output layer: more than one hidden layer (expected Linear → ReLU → Linear)"),
        };
    }

    private DataPath AddBias(NodeProto node, DataPath path, ConstantTensor t)
    {
        if (path.Phase is not (Phase.FirstLinear or Phase.OutputLinear)) throw Unexpected(node, "that is not the bias of a linear layer");
        var v = Broadcast(node, t, path.Width);
        return path with { Bias = path.Bias!.Zip(v, (a, b) => a + b).ToArray(), HasBias = true };
    }

    private DataPath Relu(NodeProto node, DataPath path) => path.Phase switch
    {
        Phase.FirstLinear => path with { Phase = Phase.Hidden, Hidden = path.Matrix, HiddenBias = path.Bias, Matrix = null, Bias = null, HasBias = false },
        Phase.OutputLinear => throw Unexpected(node, "after the second linear layer: more than one hidden layer"),
        Phase.Hidden => throw Unexpected(node, "applied twice"),
        _ => throw Unexpected(node, "before any linear layer"),
    };

    /// <summary>A bias vector of the given width: a scalar, or a tensor whose only non-1 axis is the last.</summary>
    private Rational[] Broadcast(NodeProto node, ConstantTensor t, int width)
    {
        if (t.Values.Length == 1) return Enumerable.Repeat(t.Values[0], width).ToArray();
        if (t.Rank >= 1 && t.Dims[^1] == width && t.Dims[..^1].All(x => x == 1)) return t.Values;
        throw Error($"node '{node.Name}' ({node.OpType}): bias '{t.Name}' of shape {t.Shape} is not a vector of the {width} features");
    }

    private ConstantTensor Weight(NodeProto node, List<object?> args, int index)
    {
        if (args.Count <= index || args[index] is not ConstantTensor t) throw Unexpected(node, "without a constant weight matrix");
        if (t.Rank != 2) throw Error($"node '{node.Name}' ({node.OpType}): weight '{t.Name}' has shape {t.Shape}; expected a matrix");
        return t;
    }

    private ConstantTensor TransposeConstant(NodeProto node, ConstantTensor t)
    {
        var perm = Attribute(node, "perm")?.Ints;
        if (t.Rank != 2 || (perm is { Count: > 0 } && !perm.SequenceEqual([1L, 0L])))
            throw Unexpected(node, $"of a tensor of shape {t.Shape}");
        return t.Transposed();
    }

    private void ApplyConstant(NodeProto node)
    {
        var value = Attribute(node, "value")?.T ?? throw Unexpected(node, "without a tensor 'value'");
        Output(node, Tensor(value));
    }

    private ConstantTensor Tensor(TensorProto t)
    {
        var c = OnnxTensors.Decode(t, source);
        _types.Add(c.ElementType);
        return c;
    }

    private object Lookup(string name, NodeProto node) =>
        _values.TryGetValue(name, out var v) ? v : throw Error($"node '{node.Name}' ({node.OpType}) reads '{name}', which is not defined before it");

    private void Output(NodeProto node, object value)
    {
        if (node.Output.Count != 1) throw Unexpected(node, $"with {node.Output.Count} outputs");
        Define(node.Output[0], value);
    }

    private void Define(string name, object value) => _values[name] = value;

    private static AttributeProto? Attribute(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name);

    private DataFormatException Unexpected(NodeProto node, string where) =>
        Error($"unexpected operator {node.OpType} (node '{node.Name}') {where}; a one-hidden-layer ReLU regressor is Linear → ReLU → Linear (Gemm or MatMul + Add, Relu)");

    private DataFormatException Error(string message) => new(message, source);
}
