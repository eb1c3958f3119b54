using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Reformulation;

/// <summary>A block of Lemma 4.1: output sign s (+1: ν, −1: ω) and weights z = |v|·[w; b] ∈ Q^{d+1}; as a neuron
/// it is s·(x̄·z)_+, and its penalised products are ±z.</summary>
public readonly record struct SignedBlock(int Sign, Rational[] Weights);

/// <summary>
/// Both directions of Lemma 4.1 between networks and blocks, the one place where either is done (every solver
/// rebuilds its network through <see cref="ToNetwork"/>).
/// </summary>
/// <remarks>
/// Forward (<see cref="ToBlocks"/>): on data X (rows x̄_i = [x_i; 1]) a neuron v (w̄ᵀx̄)_+ equals sign(v)·(x̄ᵀu)_+ with
/// u = |v| w̄, and its strict pattern is {i : x̄_i·u &gt; 0}; neurons of equal strict pattern and sign merge into one
/// block u = Σ u_k, because every summand is positive on the pattern and ≤ 0 off it, so (X u)_+ = Σ (X u_k)_+ on the
/// data. Merging keeps every output on the data and never increases the neuron count, Σ‖u_k‖_0 or Σ‖u_k‖_p^p.
/// Inverse (<see cref="ToNetwork"/>): one neuron (v = s, [w; b] = z) per nonzero block, so its outputs are
/// Σ_b s_b D_b X z_b whenever each z_b lies in its pattern cone, with the block objectives Σ‖z_b‖_p^p,
/// Σ‖z_b‖_0 and the number of nonzero blocks.
/// </remarks>
public static class BlockNetwork
{
    /// <summary>One neuron per nonzero block (v = s, [w; b] = z), in order, plus the linear term β = [a; c] if given.</summary>
    public static ShallowReluNetwork ToNetwork(int d, IEnumerable<SignedBlock> blocks, Rational[]? beta = null)
    {
        var neurons = new List<Neuron>();
        foreach (var (sign, z) in blocks)
        {
            if (z.All(v => v.IsZero)) continue;
            neurons.Add(new Neuron(z[..d], z[d], sign > 0 ? Rational.One : Rational.MinusOne));
        }
        var skip = beta is null ? null : new LinearSkip(beta[..d], beta[d]);
        return new ShallowReluNetwork(d, neurons, skip);
    }

    /// <summary>The merged blocks of a network on lifted data, keyed by (strict pattern mask, sign), in order of
    /// first appearance. Neurons with v = 0 or with no point on their positive side contribute nothing and are left out.</summary>
    public static IReadOnlyList<(ulong Mask, SignedBlock Block)> ToBlocks(ShallowReluNetwork net, Rational[][] lifted)
    {
        int dim = net.InputDim + 1;
        var order = new List<(ulong, int)>();
        var merged = new Dictionary<(ulong Mask, int Sign), Rational[]>();
        foreach (var n in net.Neurons)
        {
            if (n.V.IsZero) continue;
            var u = n.W.Append(n.B).Select(c => c * n.V.Abs()).ToArray();
            ulong mask = 0;
            for (int i = 0; i < lifted.Length; i++) if (LiftedInputs.Dot(lifted[i], u).Sign > 0) mask |= 1UL << i;
            if (mask == 0) continue;
            var key = (mask, n.V.Sign);
            if (merged.TryGetValue(key, out var sum)) for (int c = 0; c < dim; c++) sum[c] += u[c];
            else { merged[key] = u; order.Add(key); }
        }
        return order.Select(k => (k.Item1, new SignedBlock(k.Item2, merged[k]))).ToList();
    }

    /// <summary>Lemma 4.1 merging as a network: <see cref="ToNetwork"/> of <see cref="ToBlocks"/>, keeping the linear term.</summary>
    public static ShallowReluNetwork Merge(ShallowReluNetwork net, Rational[][] lifted) =>
        ToNetwork(net.InputDim, ToBlocks(net, lifted).Select(b => b.Block),
            net.Skip is null ? null : [.. net.Skip.A, net.Skip.C]);

    /// <summary>The block of a <see cref="BlockGroup"/> with ray multipliers λ ≥ 0: z = Σ_r λ_r r (in the group's cone).</summary>
    public static SignedBlock FromRays(BlockGroup group, Rational[] lambda)
    {
        int dim = group.Rays[0].Length;
        var z = new Rational[dim];
        for (int c = 0; c < dim; c++) z[c] = Rational.Zero;
        for (int r = 0; r < lambda.Length; r++)
            if (lambda[r].Sign > 0)
                for (int c = 0; c < dim; c++) if (!group.Rays[r][c].IsZero) z[c] += lambda[r] * group.Rays[r][c];
        return new SignedBlock(group.Sign, z);
    }

    /// <summary>Whether z lies in the cone of <paramref name="pattern"/>: (2D − I) X z ≥ 0, exactly.</summary>
    public static bool InCone(Rational[][] lifted, ActivationPattern pattern, Rational[] z)
    {
        for (int i = 0; i < lifted.Length; i++)
        {
            int s = LiftedInputs.Dot(lifted[i], z).Sign;
            if (pattern.Contains(i) ? s < 0 : s > 0) return false;
        }
        return true;
    }
}
