using Verifier.Continuous.GlobalLp;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Reformulation;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Continuous.GlobalLp;

public class SparsestRegimeTests
{
    private static Dataset Data(int d, string rows) =>
        Dataset.Create(d,
            rows.Split(';').SelectMany(r => r.Split(',').Take(d)).Select(Rational.Parse).ToArray(),
            rows.Split(';').Select(r => Rational.Parse(r.Split(',')[d])).ToArray());

    private static ShallowReluNetwork Sparsest(Dataset data)
    {
        var r = new CombinatorialBendersSolver(new MipOptions(60)).Solve(SparsestProblem.WithDefaults(data));
        Assert.Equal(SolveStatus.Optimal, r.Status);
        return r.Witness!;
    }

    /// <summary>
    /// Three points with the label 1/2: the bias alone is the sparsest network (k₀ = 1, z₀ = 1/2). Plainly,
    /// (z₀/r)^p &lt; 2 holds for p &lt; ln 2 / ln(z₀/r); the mass refinement (Y = 1/2, Y' = 1/2 − r) holds up to
    /// p·ln(Y'/r) ≤ 1, since (z₀/r)^p &lt; 1 + (Y'/r)^p there: the proven end is that larger value, to rounding.
    /// </summary>
    [Fact]
    public void OneParameterLabelReachesTheMassRefinementLimit()
    {
        var data = Data(2, "0,0,0.5;1,0,0.5;0,1,0.5");
        var bounds = BasicSolutionBounds.Of(data);
        var bias = new ShallowReluNetwork(2, [new Neuron([Rational.Zero, Rational.Zero], Rational.Create(1, 2), Rational.One)], null);
        var end = SparsestRegime.LowerEnd(bounds, 1, [bias]);
        double ln = (Rational.Create(1, 2) - bounds.Lower).LogAbs() - bounds.Lower.LogAbs();
        Assert.True(end.P * ln <= 1 + 1e-12, $"p = {end.P}, p·ln(Y'/r) = {end.P * ln}");
        Assert.True(end.P * ln >= 1 - 1e-9, $"p = {end.P}, p·ln(Y'/r) = {end.P * ln}");
        Assert.True(end.P > Math.Log(2) / (Rational.Create(1, 2) / bounds.Lower).LogAbs());
        Assert.True(end.TheoremConstant > 0 && end.TheoremConstant <= end.P);
    }

    /// <summary>
    /// The inequality behind the lower end, checked on actual basic solutions: on random tiny data, every basic
    /// solution reached by exact walks that has more than k₀ nonzeros costs more than the sparsest network z₀ at
    /// every p ≤ the proven end (checked at the end and at a few fractions of it, in certified interval arithmetic).
    /// Long runs: VERIFIER_BASIC_BOUNDS_DATASETS=100.
    /// </summary>
    [Theory]
    [InlineData(3, 2, 21)]
    [InlineData(4, 2, 22)]
    [InlineData(3, 3, 23)]
    public void EveryNonSparsestBasicSolutionCostsMoreBelowTheProvenEnd(int n, int d, int seed)
    {
        var rng = new Random(seed);
        int compared = 0;
        for (int dataset = 0; dataset < BasicSolutionWalks.Datasets(3); dataset++)
        {
            var data = BasicSolutionWalks.RandomSmallRationals(n, d, rng);
            var witness = Sparsest(data);
            int k0 = SparsityMeasures.NonzeroParameters(witness);
            var bounds = BasicSolutionBounds.Of(data);
            var end = SparsestRegime.LowerEnd(bounds, k0, [witness]);
            Assert.True(end.P > 0);
            var model = BlockModel.Build(data);
            var points = new List<Rational[][]>
            {
                BasicSolutionWalks.ToModelBlocks(model, witness),
                BasicSolutionWalks.ToModelBlocks(model, ProjectionInterpolant.Build(data, skip: false)!),
            };
            for (int walk = 0; walk < 30; walk++)
            {
                var z = BasicSolutionWalks.RandomVertex(model, BasicSolutionWalks.RandomCombination(points, rng), rng);
                points.Add(z);
                var net = BlockNetwork.ToNetwork(d, z.Select((w, b) => new SignedBlock(model.Blocks[b].Sign, w)));
                if (SparsityMeasures.NonzeroParameters(net) <= k0) continue;
                compared++;
                foreach (double fraction in new[] { 1, 0.5, 0.01 })
                {
                    double p = end.P * fraction;
                    Assert.True(SparsestRegime.PathNormBounds(net, p).Lo > SparsestRegime.PathNormBounds(witness, p).Hi,
                        $"a basic solution with {SparsityMeasures.NonzeroParameters(net)} > {k0} nonzeros is not costlier at p = {p}");
                }
            }
        }
        Assert.True(compared >= 5, $"only {compared} non-sparsest basic solutions compared");
    }

    /// <summary>The best of several sparsest networks is the maximum of their ends; a wrong count is rejected.</summary>
    [Fact]
    public void TheBestSparsestNetworkGivesTheEnd()
    {
        var data = Data(2, "0,0,1;1,0,2;0,1,1");
        var bounds = BasicSolutionBounds.Of(data);
        var witness = Sparsest(data);
        int k0 = SparsityMeasures.NonzeroParameters(witness);
        // The same function with the weights doubled and the output halved is the same network (products are equal);
        // a network with tiny products is a better z₀ (not an interpolant here: LowerEnd only reads the products).
        var scaled = new ShallowReluNetwork(2, witness.Neurons.Select(q => new Neuron(q.W.Select(w => w / 1000).ToArray(), q.B / 1000, q.V)).ToList(), null);
        var a = SparsestRegime.LowerEnd(bounds, k0, [witness]);
        var b = SparsestRegime.LowerEnd(bounds, k0, [scaled]);
        var both = SparsestRegime.LowerEnd(bounds, k0, [witness, scaled]);
        Assert.True(b.P > a.P);
        Assert.Equal(b.P, both.P);
        Assert.Equal(1, both.Candidate);
        Assert.Throws<ArgumentException>(() => SparsestRegime.LowerEnd(bounds, k0 + 1, [witness]));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.01)]
    [InlineData(0.93)]
    public void PathNormBoundsEncloseThePathNorm(double p)
    {
        var net = new ShallowReluNetwork(2,
            [new Neuron([Rational.Parse("1/3"), Rational.Parse("-7")], Rational.Parse("1e-30"), Rational.Parse("2")),
             new Neuron([Rational.Zero, Rational.Parse("123456789/1000")], Rational.Zero, Rational.MinusOne)], null);
        var (lo, hi) = SparsestRegime.PathNormBounds(net, p);
        double value = SparsityMeasures.PathNorm(net, p);
        Assert.True(lo <= value && value <= hi, $"[{lo}, {hi}] ∌ {value}");
        Assert.True(hi - lo <= 1e-12 * value);
    }
}
