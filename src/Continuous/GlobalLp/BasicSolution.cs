using Verifier.Shared.Checks;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Verifier.Reformulation;

namespace Verifier.Continuous.GlobalLp;

/// <summary>
/// An exact point of the <see cref="BlockModel"/> rebuilt from a floating LP vertex: with S the support of
/// z and I the active cone rows of the used blocks, z_S is the solution of [A_S; G_{I,S}] z_S = [y; 0] in rational
/// arithmetic (<see cref="ExactLinearAlgebra"/>). It is kept only when it satisfies every interpolation and cone
/// row exactly; <see cref="IsBasic"/> says the subsystem has full column rank (SPEC §3: a basic solution).
/// </summary>
public sealed class BasicSolution
{
    /// <summary>z_b per block (length d+1), exact; all zero for unused blocks.</summary>
    public IReadOnlyList<Rational[]> Weights { get; }
    public bool IsBasic { get; }
    public ShallowReluNetwork Network { get; }

    private BasicSolution(IReadOnlyList<Rational[]> weights, bool basic, ShallowReluNetwork network)
    {
        Weights = weights; IsBasic = basic; Network = network;
    }

    /// <summary>Σ_b Σ_k |z_{b,k}|^p: the ℓ^p path norm of <see cref="Network"/> (its penalised products are ±z_b),
    /// evaluated by <see cref="SparsityMeasures.PathNorm"/> from the exact weights.</summary>
    public double Value(double p) => SparsityMeasures.PathNorm(Network, p);

    /// <summary>Rebuilds an exact solution from split LP values w (see <see cref="BlockModel"/>), trying a few
    /// zero tolerances; null when none gives an exactly feasible point.</summary>
    public static BasicSolution? Rebuild(BlockModel poly, double[] w)
    {
        foreach (double tol in new[] { 1e-9, 1e-7, 1e-11, 1e-5 })
        {
            var s = TryRebuild(poly, w, tol);
            if (s is not null) return s;
        }
        return null;
    }

    private static BasicSolution? TryRebuild(BlockModel poly, double[] w, double tol)
    {
        int width = poly.Width, n = poly.Points;
        double scale = Math.Max(1, w.Max());
        var support = new List<(int Block, int K)>();
        var z = new double[poly.Blocks.Count, width];
        for (int b = 0; b < poly.Blocks.Count; b++)
            for (int k = 0; k < width; k++)
            {
                int v = 2 * (b * width + k);
                z[b, k] = w[v] - w[v + 1];
                if (Math.Abs(z[b, k]) > tol * scale) support.Add((b, k));
            }
        if (support.Count == 0) return null;
        var usedBlocks = support.Select(s => s.Block).Distinct().ToList();
        // Rows: n interpolation rows, then the active cone rows of the used blocks.
        var rows = new List<Func<int, int, Rational>>();
        for (int i = 0; i < n; i++) { int ii = i; rows.Add((b, k) => poly.InterpolationCoefficient(ii, b, k)); }
        foreach (int b in usedBlocks)
            for (int i = 0; i < n; i++)
            {
                double g = 0;
                for (int k = 0; k < width; k++) g += poly.ConeCoefficient(i, b, k).ToDouble() * z[b, k];
                if (Math.Abs(g) > tol * scale) continue;
                int bb = b, ii = i;
                rows.Add((blk, k) => blk == bb ? poly.ConeCoefficient(ii, blk, k) : Rational.Zero);
            }
        var columns = support.Select(s => rows.Select(r => r(s.Block, s.K)).ToArray()).ToArray();
        var rhs = new Rational[rows.Count];
        for (int i = 0; i < n; i++) rhs[i] = poly.Data.Y(i);
        for (int i = n; i < rows.Count; i++) rhs[i] = Rational.Zero;
        var solution = ExactLinearAlgebra.Solve(columns, rhs);
        if (solution is null) return null;
        bool basic = ExactLinearAlgebra.Rank(columns, rows.Count) == support.Count;
        var weights = Enumerable.Range(0, poly.Blocks.Count).Select(_ => Enumerable.Repeat(Rational.Zero, width).ToArray()).ToArray();
        for (int c = 0; c < support.Count; c++) weights[support[c].Block][support[c].K] = solution[c];
        if (!ExactlyFeasible(poly, weights)) return null;
        var net = ToNetwork(poly, weights);
        if (!InterpolationCheck.Check(net, poly.Data).Interpolates) return null;
        return new BasicSolution(weights, basic, net);
    }

    private static bool ExactlyFeasible(BlockModel poly, Rational[][] weights) =>
        Enumerable.Range(0, weights.Length).All(b => weights[b].All(c => c.IsZero) || BlockNetwork.InCone(poly.Lifted, poly.Blocks[b].Pattern, weights[b]));

    /// <summary>One neuron per used block: v = s, [w; b] = z_b (Lemma 4.1), so the penalised products are ±z_b.</summary>
    private static ShallowReluNetwork ToNetwork(BlockModel poly, Rational[][] weights) =>
        BlockNetwork.ToNetwork(poly.Data.Dimension, weights.Select((z, b) => new SignedBlock(poly.Blocks[b].Sign, z)));
}
