using Verifier.Continuous.GlobalLp;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Continuous.GlobalLp;

public class CertifiedCostCurveTests
{
    private static ShallowReluNetwork Net(params (int Num, int Den)[] products) =>
        new(2, products.Select(u => new Neuron([Rational.Create(u.Num, u.Den), 0], 0, 1)).ToList(), null);

    /// <summary>Equal costs are never "proven cheaper" (the enclosures must overlap at every p), and every enclosure
    /// contains the path norm computed in doubles.</summary>
    [Fact]
    public void TiesAreNeverDecidedAndEnclosuresContainThePathNorm()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            var z = Net(Enumerable.Range(0, rng.Next(1, 6)).Select(_ => (rng.Next(1, 100_000) * (rng.Next(2) * 2 - 1), rng.Next(1, 1000))).ToArray());
            var same = new ShallowReluNetwork(2, z.Neurons.Reverse().ToList(), null); // same multiset of products
            double p = rng.NextDouble() * 0.999 + 1e-4;
            var curve = new CertifiedCostCurve(z);
            Assert.False(curve.ProvenCheaperThanAll([new CertifiedCostCurve(same)], p));
            Assert.False(curve.ProvenCheaperThanAll([], p));
            var (lo, hi) = curve.Bounds(p);
            double value = SparsityMeasures.PathNorm(z, p);
            Assert.True(lo <= value && value <= hi, $"{value} outside [{lo}, {hi}]");
            Assert.True(hi - lo <= 1e-12 * Math.Max(1, value), $"enclosure [{lo}, {hi}] too wide");
        }
    }

    /// <summary>(1/2)^p + (1/2)^p against 1: at p = 1 they tie exactly (not decided); below 1 the pair costs more
    /// (2^{1−p} &gt; 1), so the single entry is proven cheaper.</summary>
    [Fact]
    public void ARationalTieAtPOneIsNotDecidedButNearbyPointsAre()
    {
        var pair = new CertifiedCostCurve(Net((1, 2), (1, 2)));
        var single = new CertifiedCostCurve(Net((1, 1)));
        Assert.False(single.ProvenCheaperThanAll([pair], 1));
        Assert.False(pair.ProvenCheaperThanAll([single], 1));
        Assert.True(single.ProvenCheaperThanAll([pair], 0.999));
        Assert.False(pair.ProvenCheaperThanAll([single], 0.999));
    }
}
