using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Reformulation.Univariate;

/// <summary>
/// A block of one or two consecutive slope changes of a run, realised by one knot (SPEC §2):
/// {Δ_k} is a knot at x_k with slope change Δ_k; {Δ_{k−1}, Δ_k} is a knot strictly inside (x_{k−1}, x_k) where
/// ℓ_{k−2} meets ℓ_k, at u = (Δ_{k−1}x_{k−1} + Δ_k x_k)/(Δ_{k−1} + Δ_k), with slope change Δ_{k−1} + Δ_k.
/// </summary>
public readonly record struct Block(int First, int Length)
{
    public int Last => First + Length - 1;

    public Rational SlopeChange(UnivariateStructure s) =>
        Length == 1 ? s.SlopeChanges[First] : s.SlopeChanges[First] + s.SlopeChanges[First + 1];

    public Rational Location(UnivariateStructure s)
    {
        if (Length == 1) return s.X(First);
        Rational d0 = s.SlopeChanges[First], d1 = s.SlopeChanges[First + 1];
        return (d0 * s.X(First) + d1 * s.X(First + 1)) / (d0 + d1);
    }
}

/// <summary>
/// A partition of every run into blocks of one or two slope changes — the finite candidate set that contains
/// every min-V_p interpolant (Thm 3.1) and a min-V_0 one. Each block is one knot; the linear part is ℓ_1.
/// </summary>
public sealed class BlockPartition(UnivariateStructure structure, IReadOnlyList<Block> blocks)
{
    /// <summary>The sparsest partition (SPEC §2): blocks of two slope changes from the left of each run, a final single
    /// when the run length is odd, so Σ⌈L/2⌉ knots.</summary>
    public static BlockPartition Sparsest(UnivariateStructure structure)
    {
        var blocks = new List<Block>(structure.SparsestNeuronCount);
        foreach (var run in structure.Runs)
        {
            int i = run.First;
            for (; i + 1 <= run.Last; i += 2) blocks.Add(new Block(i, 2));
            if (i == run.Last) blocks.Add(new Block(i, 1));
        }
        return new BlockPartition(structure, blocks);
    }

    public UnivariateStructure Structure { get; } = structure;
    /// <summary>Blocks in increasing position, covering every run exactly once.</summary>
    public IReadOnlyList<Block> Blocks { get; } = blocks;

    public int KnotCount => Blocks.Count;

    /// <summary>The interpolating network: ℓ_1 (a = s_1, c = y_1 − s_1 x_1) plus one neuron
    /// Δ·(x − u)_+ per block (w = 1, b = −u, v = slope change), all exact.</summary>
    public ShallowReluNetwork ToNetwork()
    {
        var s = Structure;
        var data = s.Data;
        Rational a = data.Count >= 2 ? s.Slopes[0] : Rational.Zero;
        Rational c = data.Y(0) - a * s.X(0);
        var neurons = new Neuron[Blocks.Count];
        for (int k = 0; k < Blocks.Count; k++)
            neurons[k] = Neuron.Knot(Blocks[k].Location(s), Blocks[k].SlopeChange(s));
        return new ShallowReluNetwork(1, neurons, new LinearSkip([a], c));
    }

    /// <summary>V_p of the realised function: Σ_blocks |slope change|^p (knot locations are distinct).</summary>
    public double Vp(double p) =>
        Blocks.Sum(b => Math.Exp(p * b.SlopeChange(Structure).LogAbs()));
}
