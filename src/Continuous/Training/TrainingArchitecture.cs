namespace Verifier.Continuous.Training;

/// <summary>
/// The trainable architecture (SPEC §1): f(x) = Σ_k v_k (w_kᵀx + b_k)_+ [+ aᵀx] [+ c].
/// The penalised products of neuron k are u_k = v_k·w_k, plus v_k·b_k when the bias is penalised (d &gt; 1, eq. 7);
/// in 1-D the bias is free (eq. 1). The free terms a and c are never penalised.
/// </summary>
/// <param name="InputDim">d.</param>
/// <param name="Width">K, the number of hidden neurons.</param>
/// <param name="LinearTerm">Whether the free linear term aᵀx is present (paper eq. 1 in 1-D; the paper's training
/// code drops it).</param>
/// <param name="OutputBias">Whether the free constant c is present (the output layer's bias).</param>
public sealed record TrainingArchitecture(int InputDim, int Width, bool LinearTerm, bool OutputBias)
{
    /// <summary>The paper's training code in 1-D: a PyTorch linear–ReLU–linear network, i.e. free biases and a free
    /// output constant c, but no linear term a·x.</summary>
    public static TrainingArchitecture PaperUnivariate(int width) => new(1, width, LinearTerm: false, OutputBias: true);

    /// <summary>Paper eq. 7 for d &gt; 1: bias penalised, no linear term, no output constant.</summary>
    public static TrainingArchitecture PaperMultivariate(int inputDim, int width) => new(inputDim, width, LinearTerm: false, OutputBias: false);

    /// <summary>The paper's default for the data dimension (SPEC §1).</summary>
    public static TrainingArchitecture PaperDefault(int inputDim, int width) =>
        inputDim == 1 ? PaperUnivariate(width) : PaperMultivariate(inputDim, width);

    /// <summary>Whether b_k enters the products u_k (SPEC §1: no in 1-D, yes for d &gt; 1).</summary>
    public bool BiasPenalised => InputDim > 1;

    /// <summary>Length of u_k: d, or d + 1 with a penalised bias.</summary>
    public int ProductsPerNeuron => BiasPenalised ? InputDim + 1 : InputDim;

    // Flat parameter layout: W (K·d, row k = w_k) | B (K) | V (K) | A (d, if LinearTerm) | C (1, if OutputBias).
    internal int OffsetB => Width * InputDim;
    internal int OffsetV => OffsetB + Width;
    internal int OffsetA => OffsetV + Width;
    internal int OffsetC => OffsetA + (LinearTerm ? InputDim : 0);

    /// <summary>Total number of trainable scalars.</summary>
    public int ParameterCount => OffsetC + (OutputBias ? 1 : 0);

    /// <summary>K·d + 2K [+ d] [+ 1] computed without overflow: the <see cref="ParameterCount"/> an architecture
    /// would have (for checking a requested width before building it).</summary>
    public static long RequiredParameters(int inputDim, int width, bool linearTerm, bool outputBias) =>
        (long)width * (inputDim + 2L) + (linearTerm ? inputDim : 0) + (outputBias ? 1 : 0);

    internal void Validate()
    {
        if (InputDim < 1) throw new ArgumentOutOfRangeException(nameof(InputDim), "the input dimension must be at least 1");
        if (Width < 1) throw new ArgumentOutOfRangeException(nameof(Width), "the width K must be at least 1");
        if (RequiredParameters(InputDim, Width, LinearTerm, OutputBias) > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(Width), $"K = {Width} in d = {InputDim} needs more parameters than an array can hold");
    }
}
