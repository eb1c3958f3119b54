using System.Numerics;
using Verifier.Continuous.GlobalLp;
using Verifier.Reformulation;
using Verifier.Shared.Data;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Continuous.GlobalLp;

public class BasicSolutionBoundsTests
{
    private static Dataset Data(int d, string rows) =>
        Dataset.Create(d,
            rows.Split(';').SelectMany(r => r.Split(',').Take(d)).Select(Rational.Parse).ToArray(),
            rows.Split(';').Select(r => Rational.Parse(r.Split(',')[d])).ToArray());

    /// <summary>
    /// By hand: one point x = (1/2, 2), y = 3. Scaled row a = 2·(1/2, 2, 1) = (1, 4, 2), b = 2·3 = 6, c = 1. With N = 1
    /// a block has one column and no cone row (m = 1): V_1² = max a_k² = 16 (all a_k &gt; 0, one side), so D = 4 and
    /// r = 1/(c·D) = 1/4. R² = ‖b‖²·V'_0²·D_0² = 36·16·1 (V'_0² = the largest squared 1×1 minor, 16), R = 24. The basic
    /// solutions put the whole label on one coordinate: z = 3/x̄_k ∈ {6, 3/2, 3}, inside [1/4, 24].
    /// </summary>
    [Fact]
    public void OnePointByHand()
    {
        var b = BasicSolutionBounds.Of(Data(2, "1/2,2,3"));
        Assert.Equal(Rational.Create(1, 4), b.Lower);
        Assert.Equal(Rational.FromInteger(24), b.Upper);
        Assert.Equal(new BigInteger(4), b.DeterminantBound);
        Assert.True(b.ExactMinors);
        Assert.Equal(Rational.Create(3, 2), b.MinimumMass); // |y| / max(|1/2|, |2|, 1)
        foreach (var z in new[] { Rational.FromInteger(6), Rational.Create(3, 2), Rational.FromInteger(3) })
            Assert.True(b.Lower <= z && z <= b.Upper);
    }

    /// <summary>
    /// By hand: two points of d = 1, x̄ = (0, 1) and (1, 1), y = (1, 2) (integer rows, c = 1). Minors: 1×1 minors are the
    /// entries 0, 1, 1, 1; the 2×2 minor on both points is −1. One block, m = 1 with |S| = 1: Φ = Σ_u a_{u,k}² on one
    /// side: column 0 gives 1, column 1 gives 2. With |S| = 2, |J| = 1: u ranges over the other point, Φ = 1. So V_1² = 2;
    /// m = 2 (|S| = 2, J = ∅): Φ = 1, V_2² = 1. D² = max(V_1²·V_1², V_2²) = 4, D = 2, r = 1/2.
    /// R² = ‖b‖²·max_{m'}(V'_{m'}²·D_{1−m'}²) = 5·max(1·2, 2·1) = 10 (V'_0² = 1 is the largest squared square minor,
    /// V'_1² = 2 two-sided), R ≈ √10 (rounded up). The basic solution f = (x + 1)_+ has entries 1, 1.
    /// </summary>
    [Fact]
    public void TwoPointsOnALineByHand()
    {
        var b = BasicSolutionBounds.Of(Data(1, "0,1;1,2"));
        Assert.Equal(new BigInteger(2), b.DeterminantBound);
        Assert.Equal(Rational.Create(1, 2), b.Lower);
        Assert.True(b.Upper * b.Upper >= Rational.FromInteger(10));
        Assert.True(b.Upper * b.Upper <= Rational.Parse("10.000001"));
    }

    [Fact]
    public void ZeroLabelsHaveNoNonzeroEntries()
    {
        var b = BasicSolutionBounds.Of(Data(2, "1,2,0;0.5,-1,0"));
        Assert.Equal(Rational.Zero, b.Upper);
        Assert.True(b.Lower.Sign > 0);
        Assert.Null(b.Log10Ratio);
    }

    /// <summary>The Hadamard fallback is never tighter than the exact minor sums (both are valid bounds, and the exact
    /// sums are what Hadamard's inequality bounds).</summary>
    [Theory]
    [InlineData(4, 2, 1)]
    [InlineData(5, 3, 2)]
    public void HadamardFallbackIsLooserThanExactMinors(int n, int d, int seed)
    {
        var data = BasicSolutionWalks.RandomSmallRationals(n, d, new Random(seed));
        var exact = BasicSolutionBounds.Of(data);
        var hadamard = BasicSolutionBounds.Of(data, minorBudget: 0);
        Assert.True(exact.ExactMinors);
        Assert.False(hadamard.ExactMinors);
        Assert.True(hadamard.Lower <= exact.Lower);
        Assert.True(hadamard.Upper >= exact.Upper);
    }

    /// <summary>
    /// Every basic feasible solution of the Lemma 4.1 system reached by exact random walks has all nonzero entries in
    /// [r, R]. A walk starts at a random convex combination of known feasible points (the projection interpolant's
    /// merged blocks and earlier vertices) and moves along a random direction of the null space of the active rows
    /// (interpolation rows, active cone rows) to the first new active constraint (an entry reaching 0 or a cone row
    /// becoming tight), until the active rows have full column rank: a vertex, i.e. a basic solution. Small rationals
    /// with repeated values make degenerate, tiny-entry solutions likely. Long runs: VERIFIER_BASIC_BOUNDS_DATASETS=200.
    /// </summary>
    [Theory]
    [InlineData(2, 2, 1)]
    [InlineData(3, 2, 2)]
    [InlineData(4, 2, 3)]
    [InlineData(5, 2, 7)]
    [InlineData(3, 1, 4)]
    [InlineData(3, 3, 5)]
    [InlineData(4, 3, 6)]
    public void EveryBasicSolutionFoundHasEntriesInTheBounds(int n, int d, int seed)
    {
        var rng = new Random(seed);
        int found = 0;
        for (int dataset = 0; dataset < BasicSolutionWalks.Datasets(5); dataset++)
        {
            var data = BasicSolutionWalks.RandomSmallRationals(n, d, rng);
            var model = BlockModel.Build(data);
            var bounds = BasicSolutionBounds.Of(data);
            var start = BasicSolutionWalks.ToModelBlocks(model, ProjectionInterpolant.Build(data, skip: false)!);
            var points = new List<Rational[][]> { start };
            var vertices = new HashSet<string>();
            for (int walk = 0; walk < 30; walk++)
            {
                var z = BasicSolutionWalks.RandomVertex(model, BasicSolutionWalks.RandomCombination(points, rng), rng);
                if (!vertices.Add(string.Join(";", z.Select(w => string.Join(",", w))))) continue;
                points.Add(z);
                found++;
                foreach (var v in z.SelectMany(w => w).Where(v => !v.IsZero))
                    Assert.True(bounds.Lower <= v.Abs() && v.Abs() <= bounds.Upper,
                        $"entry {v} outside [{bounds.Lower}, {bounds.Upper}] on {string.Join(";", Enumerable.Range(0, data.Count).Select(i => string.Join(",", data.Input(i).ToArray().Append(data.Y(i)))))}");
            }
        }
        Assert.True(found >= 4, $"only {found} distinct basic solutions found");
    }

    /// <summary>The certified global ℓ^p minimisers are basic solutions: their merged blocks have entries in [r, R].</summary>
    [Theory]
    [InlineData(3, 2, 11, 0.5)]
    [InlineData(4, 2, 13, 0.6)]
    [InlineData(3, 3, 14, 0.5)]
    public void GlobalMinimisersHaveEntriesInTheBounds(int n, int d, int seed, double p)
    {
        var rng = new Random(seed);
        Rational Milli() => Rational.Create(rng.Next(-1000, 1001), 1000);
        var data = Dataset.Create(d, Enumerable.Range(0, n * d).Select(_ => Milli()).ToArray(), Enumerable.Range(0, n).Select(_ => Milli()).ToArray());
        var r = new GlobalLpSolver(60).Solve(data, p);
        Assert.True(r.Basic);
        var bounds = BasicSolutionBounds.Of(data);
        foreach (var (_, block) in BlockNetwork.ToBlocks(r.Network!, LiftedInputs.Of(data)))
            foreach (var v in block.Weights.Where(v => !v.IsZero))
                Assert.True(bounds.Lower <= v.Abs() && v.Abs() <= bounds.Upper, $"entry {v} outside [{bounds.Lower}, {bounds.Upper}]");
    }
}

/// <summary>Random tiny datasets and exact walks to basic solutions of the Lemma 4.1 system (shared by the tests of
/// <see cref="BasicSolutionBounds"/> and <see cref="SparsestRegime"/>).</summary>
internal static class BasicSolutionWalks
{
    /// <summary>Datasets per case: <paramref name="fallback"/>, or VERIFIER_BASIC_BOUNDS_DATASETS for long runs.</summary>
    internal static int Datasets(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("VERIFIER_BASIC_BOUNDS_DATASETS"), out var n) && n > 0 ? n : fallback;

    internal static Dataset RandomSmallRationals(int n, int d, Random rng)
    {
        Rational Small() => Rational.Create(rng.Next(-6, 7), rng.Next(1, 4));
        while (true)
        {
            var x = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(_ => Small()).ToArray()).ToList();
            if (x.Select(r => string.Join(",", r)).Distinct().Count() < n) continue;
            var data = Dataset.Create(d, x.SelectMany(r => r).ToArray(), Enumerable.Range(0, n).Select(_ => Small()).ToArray());
            if (Enumerable.Range(0, n).Any(i => !data.Y(i).IsZero)) return data;
        }
    }

    internal static Rational[][] ToModelBlocks(BlockModel model, Verifier.Shared.Networks.ShallowReluNetwork net)
    {
        var z = Enumerable.Range(0, model.Blocks.Count).Select(_ => Enumerable.Repeat(Rational.Zero, model.Width).ToArray()).ToArray();
        foreach (var (mask, block) in BlockNetwork.ToBlocks(net, model.Lifted))
        {
            int b = Enumerable.Range(0, model.Blocks.Count).First(j => model.Blocks[j].Pattern.Mask == mask && model.Blocks[j].Sign == block.Sign);
            z[b] = block.Weights;
        }
        return z;
    }

    internal static Rational[][] RandomCombination(List<Rational[][]> points, Random rng)
    {
        var chosen = Enumerable.Range(0, rng.Next(1, 4)).Select(_ => points[rng.Next(points.Count)]).ToList();
        var weights = chosen.Select(_ => Rational.FromInteger(rng.Next(1, 4))).ToList();
        var total = weights.Aggregate(Rational.Zero, (a, w) => a + w);
        return Enumerable.Range(0, chosen[0].Length).Select(b => Enumerable.Range(0, chosen[0][b].Length)
            .Select(k => Enumerable.Range(0, chosen.Count).Aggregate(Rational.Zero, (acc, c) => acc + weights[c] / total * chosen[c][b][k])).ToArray()).ToArray();
    }

    /// <summary>The exact walk of the test above from a feasible z to a vertex.</summary>
    internal static Rational[][] RandomVertex(BlockModel model, Rational[][] z, Random rng)
    {
        int n = model.Points;
        while (true)
        {
            var support = new List<(int B, int K)>();
            for (int b = 0; b < z.Length; b++) for (int k = 0; k < model.Width; k++) if (!z[b][k].IsZero) support.Add((b, k));
            var used = support.Select(s => s.B).Distinct().ToList();
            Rational Cone(int i, int b, Rational[] w) => Enumerable.Range(0, model.Width).Aggregate(Rational.Zero, (a, k) => a + model.ConeCoefficient(i, b, k) * w[k]);
            var rows = new List<Rational[]>();
            for (int i = 0; i < n; i++) rows.Add(support.Select(s => model.InterpolationCoefficient(i, s.B, s.K)).ToArray());
            foreach (int b in used)
                for (int i = 0; i < n; i++)
                    if (Cone(i, b, z[b]).IsZero) rows.Add(support.Select(s => s.B == b ? model.ConeCoefficient(i, b, s.K) : Rational.Zero).ToArray());
            var nullSpace = ExactLinearAlgebra.NullSpace(rows, support.Count);
            if (nullSpace.Count == 0) return z;
            var dir = new Rational[support.Count];
            foreach (var basis in nullSpace)
            {
                var f = Rational.FromInteger(rng.Next(-3, 4));
                for (int c = 0; c < dir.Length; c++) dir[c] += f * basis[c];
            }
            if (dir.All(v => v.IsZero)) dir = nullSpace[0];
            var delta = Enumerable.Range(0, z.Length).Select(_ => Enumerable.Repeat(Rational.Zero, model.Width).ToArray()).ToArray();
            for (int c = 0; c < support.Count; c++) delta[support[c].B][support[c].K] = dir[c];
            // The largest step t > 0 keeping every entry's sign and every inactive cone row ≥ 0; one of ±delta has one.
            Rational? Step(int sign)
            {
                Rational? t = null;
                void Consider(Rational value, Rational rate)
                {
                    if (rate.IsZero) return;
                    var s = -value / (rate * sign);
                    if (s.Sign > 0 && (t is null || s < t)) t = s;
                }
                foreach (var (b, k) in support) Consider(z[b][k], delta[b][k]);
                foreach (int b in used)
                    for (int i = 0; i < n; i++)
                    {
                        var g = Cone(i, b, z[b]);
                        if (g.Sign > 0) Consider(g, Cone(i, b, delta[b]));
                    }
                return t;
            }
            int direction = rng.Next(2) == 0 ? 1 : -1;
            Rational? step = Step(direction);
            if (step is null)
            {
                direction = -direction;
                step = Step(direction) ?? throw new InvalidOperationException("no finite step in either direction");
            }
            for (int b = 0; b < z.Length; b++)
                for (int k = 0; k < model.Width; k++)
                    if (!delta[b][k].IsZero) z[b][k] += step.Value * direction * delta[b][k];
        }
    }
}
