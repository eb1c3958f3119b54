using Verifier.Shared.Checks;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Verifier.Reformulation;

namespace Verifier.Continuous.GlobalLp;

/// <summary>
/// Upper bounds for <see cref="GlobalLpSolver"/>: turns a floating LP point or a network into an exact point of the
/// <see cref="BlockModel"/> (<see cref="BasicSolution"/>, verified) and improves it by concave descent. One step from
/// a feasible w: minimise the linearisation ∇f(w)·v over the face {v_k = 0 off supp(w)} of the split polyhedron; by
/// concavity of f(w) = Σ w_v^p the optimal vertex v* has f(v*) ≤ f(w) + ∇f(w)·(v* − w) ≤ f(w). Steps repeat from
/// the new vertex while the exact value decreases. Floating point only proposes: every result is rebuilt in
/// rationals and checked, and a step that does not improve the exact value is discarded.
/// </summary>
internal sealed class IncumbentDescent(BlockModel poly, double p)
{
    private const int MaxSteps = 8;
    private Dictionary<(ulong Mask, int Sign), int>? _blockIndex;
    public int LpCalls { get; private set; }

    /// <summary>The descended exact solution from an LP point, or null when it cannot be rebuilt exactly.</summary>
    public BasicSolution? FromPoint(NodeLp lp, double[] w, double seconds) =>
        Descend(lp, BasicSolution.Rebuild(poly, w), w, seconds);

    /// <summary>The descended exact solution from a network: its Lemma 4.1 blocks (merged by pattern and sign) as a
    /// point of the polyhedron. Null when the network does not interpolate the data exactly, has a linear term, or a
    /// block's pattern is not among the enumerated ones.</summary>
    public BasicSolution? FromNetwork(NodeLp lp, ShallowReluNetwork network, double seconds)
    {
        if (network.Skip is not null || network.InputDim != poly.Data.Dimension) return null;
        if (!InterpolationCheck.Check(network, poly.Data).Interpolates) return null;
        _blockIndex ??= Enumerable.Range(0, poly.Blocks.Count)
            .ToDictionary(b => (poly.Blocks[b].Pattern.Mask, poly.Blocks[b].Sign), b => b);
        var weights = new Rational[]?[poly.Blocks.Count];
        foreach (var (mask, block) in BlockNetwork.ToBlocks(network, poly.Lifted))
        {
            if (!_blockIndex.TryGetValue((mask, block.Sign), out int b)) return null;
            weights[b] = block.Weights;
        }
        var w = SplitPoint(weights);
        return Descend(lp, BasicSolution.Rebuild(poly, w), w, seconds);
    }

    private BasicSolution? Descend(NodeLp lp, BasicSolution? start, double[] w, double seconds)
    {
        var best = start;
        double bestValue = best?.Value(p) ?? double.PositiveInfinity;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int step = 0; step < MaxSteps; step++)
        {
            double left = seconds - clock.Elapsed.TotalSeconds;
            if (left <= 0) break;
            var vertex = Step(lp, best is null ? w : SplitPoint(best.Weights), left);
            var exact = vertex is null ? null : BasicSolution.Rebuild(poly, vertex);
            if (exact is null) break;
            double value = exact.Value(p);
            if (!(value < bestValue * (1 - 1e-12))) { if (best is null) best = exact; break; }
            best = exact; bestValue = value;
        }
        return best;
    }

    /// <summary>Reweighted ℓ^1 (Candès–Wakin–Boyd), the LP counterpart of the paper's training step: from w, vertices
    /// minimising Σ_v c_v w_v with c_v = (w_v + ε)^{p−1} over the whole polyhedron, ε shrinking from 1 to 1e-4
    /// (relative to the largest entry); each result is the next w. Unlike <see cref="Descend"/> it can change the
    /// support, which matters at small p, where the cheapest vertices are the sparsest.</summary>
    public IEnumerable<double[]> Reweighted(NodeLp lp, double[] w, double seconds)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int nv = w.Length;
        var lo = new double[nv];
        var hi = Enumerable.Repeat(double.PositiveInfinity, nv).ToArray();
        for (int round = 0; round < 5; round++)
        {
            double left = seconds - clock.Elapsed.TotalSeconds;
            if (left <= 0) yield break;
            double scale = Math.Max(1e-300, w.Max()), eps = scale * Math.Pow(10, -round);
            var cost = w.Select(x => Math.Pow(Math.Max(0, x) + eps, p - 1)).ToArray();
            double norm = cost.Max();
            if (!(norm > 0) || !double.IsFinite(norm)) yield break;
            LpCalls++;
            var next = lp.Solve(lo, hi, cost.Select(c => c / norm).ToArray(), left);
            if (next is null) yield break;
            yield return next;
            w = next;
        }
    }

    /// <summary>The vertex minimising ∇f(w)·v on the face of w's support, or null when the LP fails.</summary>
    private double[]? Step(NodeLp lp, double[] w, double seconds)
    {
        int nv = w.Length;
        double scale = Math.Max(1, w.Max());
        var lo = new double[nv];
        var hi = new double[nv];
        var grad = new double[nv];
        for (int v = 0; v < nv; v++)
        {
            if (w[v] <= GlobalLpSolver.ZeroTolerance * scale) continue;
            hi[v] = double.PositiveInfinity;
            grad[v] = p * Math.Pow(w[v], p - 1);
        }
        // Scaled to max coefficient 1, as the node LPs are (tiny gradients are otherwise dropped).
        double norm = grad.Max();
        if (!(norm > 0) || !double.IsFinite(norm)) return null;
        LpCalls++;
        return lp.Solve(lo, hi, grad.Select(g => g / norm).ToArray(), seconds);
    }

    /// <summary>The split point (w⁺, w⁻) of exact block weights z_b (null or all zero for unused blocks), in the
    /// variable order of <see cref="BlockModel"/>.</summary>
    private double[] SplitPoint(IReadOnlyList<Rational[]?> weights)
    {
        int width = poly.Width;
        var w = new double[poly.Variables];
        for (int b = 0; b < weights.Count; b++)
            for (int k = 0; k < width && weights[b] is { } z; k++)
            {
                double zk = z[k].ToDouble();
                w[2 * (b * width + k) + (zk >= 0 ? 0 : 1)] = Math.Abs(zk);
            }
        return w;
    }
}
