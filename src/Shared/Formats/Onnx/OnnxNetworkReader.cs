using Google.Protobuf;
using Onnx;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Shared.Formats.Onnx;

/// <summary>A network read from an ONNX file, with where it came from.</summary>
/// <param name="Graph">the operators along the data path, e.g. "Gemm → Relu → Gemm"</param>
/// <param name="WeightType">float32, float64 (or both, joined by '+')</param>
public sealed record OnnxNetwork(ShallowReluNetwork Network, string Producer, long IrVersion, string Graph, string WeightType);

/// <summary>
/// Reads the single-hidden-layer ReLU regressor that <c>torch.onnx.export</c> writes for
/// <c>nn.Sequential(nn.Linear(d, K), nn.ReLU(), nn.Linear(K, 1))</c>, with or without biases, as Gemm nodes or
/// as MatMul + Add nodes, with float32 or float64 initialisers, into f(x) = Σ_k v_k (w_kᵀx + b_k)_+ + c.
/// </summary>
/// <remarks>
/// The weights are taken at their exact binary values (every finite float is a dyadic rational), so the exact
/// check decides about the network the file really holds. The graph is walked symbolically: the data path must be
/// (Gemm | MatMul [Add]) → Relu → (Gemm | MatMul [Add]) with constant weights; Transpose and Identity of weights
/// and Constant nodes are accepted. Anything else is a <see cref="DataFormatException"/> naming the operator or
/// shape that was not expected (exit 2 in the CLI). The output bias c becomes a free linear term with a = 0; a
/// network without output bias has no linear term.
/// </remarks>
public static class OnnxNetworkReader
{
    /// <summary>Whether a path names an ONNX file (by its extension).</summary>
    public static bool IsOnnxPath(string path) => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    public static OnnxNetwork ReadFile(string path)
    {
        if (!File.Exists(path)) throw new DataFormatException("file not found", path);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DataFormatException($"cannot read file: {e.Message}", path); }
        return Read(bytes, path);
    }

    public static OnnxNetwork Read(byte[] bytes, string source = "<onnx>")
    {
        ModelProto model;
        try { model = ModelProto.Parser.ParseFrom(bytes); }
        catch (InvalidProtocolBufferException e) { throw new DataFormatException($"not an ONNX model: {e.Message}", source); }
        if (model.Graph is null || model.Graph.Node.Count == 0)
            throw new DataFormatException("not an ONNX model: it has no graph", source);
        var walk = new ReluGraphWalk(model.Graph, source);
        var network = walk.Run();
        string producer = string.Join(" ", new[] { model.ProducerName, model.ProducerVersion }.Where(s => !string.IsNullOrEmpty(s)));
        return new OnnxNetwork(network, producer, model.IrVersion, walk.PathOperators, walk.WeightTypes);
    }
}
