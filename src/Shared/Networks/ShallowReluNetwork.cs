using Verifier.Shared.Numbers;

namespace Verifier.Shared.Networks;

/// <summary>One hidden ReLU unit x ↦ v·(wᵀx + b)_+ with exact parameters.</summary>
public sealed record Neuron(Rational[] W, Rational B, Rational V)
{
    /// <summary>A univariate neuron v·(w x + b)_+.</summary>
    public static Neuron Univariate(Rational w, Rational b, Rational v) => new([w], b, v);

    /// <summary>The 1-D neuron v·(x − t)_+: a knot at t with slope change v.</summary>
    public static Neuron Knot(Rational location, Rational slopeChange) => new([Rational.One], -location, slopeChange);
}

/// <summary>The free linear term aᵀx + c (never penalised, never counted).</summary>
public sealed record LinearSkip(Rational[] A, Rational C);

/// <summary>
/// A single-hidden-layer ReLU network f(x) = Σ_k v_k (w_kᵀx + b_k)_+ [+ aᵀx + c] (paper eqs. 1 and 7).
/// Parameters are stored exactly; <see cref="HasExactSource"/> says whether they were known exactly or are
/// the exact values of binary doubles read from a file.
/// </summary>
/// <remarks>
/// Objective conventions (SPEC §1): the penalised products of neuron k are u_k = v_k·w_k, plus v_k·b_k when
/// the bias is penalised. The paper's univariate architecture (d = 1) leaves the bias free; its multivariate
/// architecture (d &gt; 1) penalises and counts it. See <see cref="SparsityMeasures"/>.
/// </remarks>
public sealed class ShallowReluNetwork
{
    public int InputDim { get; }
    public IReadOnlyList<Neuron> Neurons { get; }
    /// <summary>The free linear term, or null when the architecture has none.</summary>
    public LinearSkip? Skip { get; }
    /// <summary>True when the parameters were computed or given exactly (rather than read as doubles).</summary>
    public bool HasExactSource { get; }

    public ShallowReluNetwork(int inputDim, IReadOnlyList<Neuron> neurons, LinearSkip? skip, bool hasExactSource = true)
    {
        if (inputDim < 1) throw new ArgumentOutOfRangeException(nameof(inputDim));
        foreach (var n in neurons)
            if (n.W.Length != inputDim) throw new ArgumentException($"neuron has {n.W.Length} weights, expected {inputDim}");
        if (skip is not null && skip.A.Length != inputDim) throw new ArgumentException($"skip has {skip.A.Length} weights, expected {inputDim}");
        InputDim = inputDim; Neurons = neurons; Skip = skip; HasExactSource = hasExactSource;
    }

    /// <summary>Whether the bias of a neuron is penalised and counted: the paper's convention is no in 1-D
    /// (eq. 1), yes for d &gt; 1 (eq. 7).</summary>
    public bool BiasPenalised => InputDim > 1;

    /// <summary>Exact value f(x).</summary>
    public Rational EvaluateExact(ReadOnlySpan<Rational> x)
    {
        Rational sum = Rational.Zero;
        foreach (var n in Neurons)
        {
            Rational pre = n.B;
            for (int j = 0; j < InputDim; j++) pre += n.W[j] * x[j];
            if (pre.Sign > 0) sum += n.V * pre;
        }
        if (Skip is not null)
        {
            sum += Skip.C;
            for (int j = 0; j < InputDim; j++) sum += Skip.A[j] * x[j];
        }
        return sum;
    }

    private double[]? _flat; // per neuron: w (d), b, v

    /// <summary>Floating value f(x) (search and error reporting only).</summary>
    public double Evaluate(ReadOnlySpan<double> x)
    {
        var flat = _flat ??= BuildFlat();
        int stride = InputDim + 2;
        double sum = 0;
        for (int k = 0, o = 0; k < Neurons.Count; k++, o += stride)
        {
            double pre = flat[o + InputDim];
            for (int j = 0; j < InputDim; j++) pre += flat[o + j] * x[j];
            if (pre > 0) sum += flat[o + InputDim + 1] * pre;
        }
        if (Skip is not null)
        {
            sum += Skip.C.ToDouble();
            for (int j = 0; j < InputDim; j++) sum += Skip.A[j].ToDouble() * x[j];
        }
        return sum;
    }

    private double[] BuildFlat()
    {
        int stride = InputDim + 2;
        var flat = new double[Neurons.Count * stride];
        for (int k = 0; k < Neurons.Count; k++)
        {
            var n = Neurons[k];
            for (int j = 0; j < InputDim; j++) flat[k * stride + j] = n.W[j].ToDouble();
            flat[k * stride + InputDim] = n.B.ToDouble();
            flat[k * stride + InputDim + 1] = n.V.ToDouble();
        }
        return flat;
    }
}
