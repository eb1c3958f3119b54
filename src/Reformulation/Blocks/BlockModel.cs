using Verifier.Shared.Limits;
using Verifier.Shared.Networks;
using Verifier.Shared.Data;
using Verifier.Shared.Numbers;

namespace Verifier.Reformulation;

/// <summary>One block of Lemma 4.1: an activation pattern D_j with an output sign s (ν_j for +1, ω_j for −1).</summary>
public sealed record PatternBlock(ActivationPattern Pattern, int Sign);

/// <summary>
/// The Lemma 4.1 block model (SPEC §3), built once for every solver that needs it (the pattern MIP baseline, the
/// global ℓ^p branch and bound): one block per nonempty activation pattern and output sign, with its
/// interpolation and cone coefficients. As the pattern polyhedron in split form: for every block b = (D_j, s) and coordinate k a
/// weight z_{b,k} = w⁺_{b,k} − w⁻_{b,k} with w⁺, w⁻ ≥ 0, subject to
/// Σ_b s D_j X z_b = y (interpolation rows) and (2D_j − I) X z_b ≥ 0 (cone rows).
/// The empty pattern is left out: its block adds cost and no output, so no minimiser uses it.
/// Split variable v = 2·(b·(d+1) + k) + (0 for w⁺, 1 for w⁻).
/// </summary>
public sealed class BlockModel
{
    public Dataset Data { get; }
    public IReadOnlyList<PatternBlock> Blocks { get; }
    /// <summary>Lifted inputs x̄_i = [x_i; 1], exact.</summary>
    public Rational[][] Lifted { get; }
    public int Width => Data.Dimension + 1;
    public int Points => Data.Count;
    /// <summary>Number of split variables, 2·|blocks|·(d+1).</summary>
    public int Variables => 2 * Blocks.Count * Width;
    /// <summary>The enumerated activation patterns the blocks come from.</summary>
    public ActivationPatterns Patterns { get; }
    /// <summary>Whether the pattern enumeration was proven complete (needed for a global certificate).</summary>
    public bool PatternsComplete => Patterns.Complete;

    private BlockModel(Dataset data, IReadOnlyList<PatternBlock> blocks, Rational[][] lifted, ActivationPatterns patterns)
    {
        Data = data; Blocks = blocks; Lifted = lifted; Patterns = patterns;
    }

    public static BlockModel Build(Dataset data, CancellationToken cancellation = default)
    {
        var patterns = ActivationPatterns.Enumerate(data, cancellation);
        var blocks = new List<PatternBlock>();
        foreach (var pattern in patterns.Patterns)
        {
            if (pattern.Mask == 0) continue;
            blocks.Add(new PatternBlock(pattern, +1));
            blocks.Add(new PatternBlock(pattern, -1));
        }
        return new BlockModel(data, blocks, LiftedInputs.Of(data), patterns);
    }

    /// <summary>
    /// <see cref="Build"/> under a time limit (a linked <see cref="CancellationTokenSource"/> with
    /// <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>, as <c>CombinatorialBendersSolver</c> does): the
    /// enumeration is exponential in N when N ≤ d + 1. Null when the limit or <paramref name="cancellation"/> ended it.
    /// </summary>
    public static BlockModel? TryBuild(Dataset data, double seconds, CancellationToken cancellation = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfterSeconds(seconds);
        try { return Build(data, limit.Token); }
        catch (OperationCanceledException) when (limit.IsCancellationRequested) { return null; }
    }

    /// <summary>Coefficient of z_{b,k} in interpolation row i: s·1[i ∈ D_j]·x̄_{i,k}.</summary>
    public Rational InterpolationCoefficient(int i, int block, int k) =>
        Blocks[block].Pattern.Contains(i) ? (Blocks[block].Sign > 0 ? Lifted[i][k] : -Lifted[i][k]) : Rational.Zero;

    /// <summary>Coefficient of z_{b,k} in cone row (b, i): σ_{j,i} x̄_{i,k} with σ = +1 on D_j, −1 off it.</summary>
    public Rational ConeCoefficient(int i, int block, int k) =>
        Blocks[block].Pattern.Contains(i) ? Lifted[i][k] : -Lifted[i][k];
}
