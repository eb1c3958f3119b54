using Verifier.Continuous.GlobalLp;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Continuous.GlobalLp;

public class EnumeratedPStarTests
{
    private static Rational[] Products(params double[] values) => values.Select(v => Rational.FromDouble(v)).ToArray();

    private static double Cost(Rational[] products, double p) => products.Sum(u => Math.Pow(u.ToDouble(), p));

    /// <summary>Sparsest 2·9^p against the non-sparsest 2 + 16^p: equal exactly at p = 1/2 (6 = 2 + 4), the
    /// non-sparsest cheaper above. The bracket closes on 1/2, and Upper &gt; 1/2 since at the tie nothing is cheaper.</summary>
    [Fact]
    public void TheCrossingAtOneHalfIsBracketedTightly()
    {
        var candidates = new[] { Products(100, 100), Products(9, 9), Products(1, 1, 16), Products(50, 50, 50) };
        var r = EnumeratedPStar.Certify(candidates, 2);
        Assert.True(r.Lower <= 0.5 && 0.5 < r.Upper, $"[{r.Lower}, {r.Upper}]");
        Assert.True(r.Upper - r.Lower <= 1e-9, $"[{r.Lower}, {r.Upper}]");
        Assert.True(r.Exact);
        Assert.Equal(2, r.UpperCandidate);
        Assert.Equal((2, 2), (r.Sparsest, r.NonSparsest));
        Assert.True(r.Intervals > 0);
    }

    /// <summary>Sparsest 2·4^p against 2·(1/2)^p + 3^p: g(p) = 2·4^p − 2·2^−p − 3^p is increasing with g(0) = −1,
    /// g(1) = 4, so p* is its root, found here by bisection in doubles.</summary>
    [Fact]
    public void ANonDyadicCrossingMatchesAnIndependentRoot()
    {
        static double G(double p) => 2 * Math.Pow(4, p) - 2 * Math.Pow(2, -p) - Math.Pow(3, p);
        double lo = 0, hi = 1;
        for (int i = 0; i < 200; i++) { double mid = (lo + hi) / 2; if (G(mid) < 0) lo = mid; else hi = mid; }
        double root = (lo + hi) / 2;
        Assert.True(root > 0.29 && root < 0.3, $"root {root}"); // not a dyadic of small order

        var r = EnumeratedPStar.Certify([Products(4, 4), Products(0.5, 0.5, 3)], 2);
        Assert.True(Math.Abs(r.Lower - root) < 1e-8, $"Lower {r.Lower}, root {root}");
        Assert.True(Math.Abs(r.Upper - root) < 1e-8, $"Upper {r.Upper}, root {root}");
        Assert.True(r.Lower <= r.Upper && r.Exact);
        Assert.Equal(1, r.UpperCandidate);
    }

    [Fact]
    public void OnlySparsestCandidatesGiveOne()
    {
        var r = EnumeratedPStar.Certify([Products(3, 4), Products(0.25, 7)], 2);
        Assert.Equal((1.0, 1.0, (int?)null), (r.Lower, r.Upper, r.UpperCandidate));
        Assert.Equal((2, 0), (r.Sparsest, r.NonSparsest));
    }

    /// <summary>3·5^p &gt; 2^p + 3^p on all of [0, 1]: all of (0, 1] is proven.</summary>
    [Fact]
    public void ANonSparsestCandidateThatNeverCrossesGivesOne()
    {
        var r = EnumeratedPStar.Certify([Products(2, 3), Products(5, 5, 5)], 2);
        Assert.Equal((1.0, 1.0, (int?)null), (r.Lower, r.Upper, r.UpperCandidate));
    }

    /// <summary>(1/2)^p + (1/2)^p against 1 (k₀ = 1): the pair costs 2^{1−p} &gt; 1 below p = 1 and ties at p = 1, so
    /// the lower end reaches 1 to within the resolution but nothing is cheaper: Upper stays the trivial 1.</summary>
    [Fact]
    public void ATieAtOneIsNotCrossed()
    {
        var r = EnumeratedPStar.Certify([Products(1), Products(0.5, 0.5)], 1);
        Assert.True(r.Lower >= 1 - 1e-9 && r.Lower < 1, $"Lower {r.Lower}");
        Assert.Equal((1.0, (int?)null), (r.Upper, r.UpperCandidate));
    }

    [Fact]
    public void InvalidInputsThrow()
    {
        Assert.Throws<InvalidOperationException>(() => EnumeratedPStar.Certify([Products(2, 3), Products(5)], 2));
        Assert.Throws<ArgumentException>(() => EnumeratedPStar.Certify([], 2));
        Assert.Throws<ArgumentException>(() => EnumeratedPStar.Certify([Products(2, 3, 4)], 2));
        Assert.Throws<ArgumentException>(() => EnumeratedPStar.Certify([Products(2, 3), [Rational.One, Rational.Zero, Rational.One]], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => EnumeratedPStar.Certify([Products(2)], 0));
        Assert.Throws<OperationCanceledException>(() =>
            EnumeratedPStar.Certify([Products(9, 9), Products(1, 1, 16)], 2, cancellation: new CancellationToken(true)));
    }

    /// <summary>Random sets (products in [1/1000, 1000]) checked against double evaluation with a relative margin of
    /// 1e-9: on a grid of p ≤ Lower − 1e-6 the sparsest are cheaper, and at Upper the named candidate is cheaper. Every
    /// crossing found (generic: no ties) is bracketed to 1e-9.</summary>
    [Fact]
    public void RandomSetsAgreeWithDoubleEvaluation()
    {
        var rng = new Random(20240611);
        int crossings = 0, exact = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            int k0 = rng.Next(1, 4);
            Rational Value() => Rational.Create(rng.Next(1, 1_000_001), 1000);
            var candidates = new List<Rational[]>();
            int sparsest = rng.Next(1, 4), others = rng.Next(2, 9);
            for (int i = 0; i < sparsest + others; i++)
                candidates.Add(Enumerable.Range(0, i < sparsest ? k0 : k0 + rng.Next(1, 4)).Select(_ => Value()).ToArray());
            candidates = candidates.OrderBy(_ => rng.Next()).ToList();

            var r = EnumeratedPStar.Certify(candidates, k0);
            Assert.True(0 <= r.Lower && r.Lower <= r.Upper && r.Upper <= 1, $"trial {trial}: [{r.Lower}, {r.Upper}]");
            double MinS(double p) => candidates.Where(c => c.Length == k0).Min(c => Cost(c, p));
            double MinNS(double p) => candidates.Where(c => c.Length > k0).Min(c => Cost(c, p));
            for (int i = 1; i <= 1000 && i / 1000.0 <= r.Lower - 1e-6; i++)
            {
                double p = i / 1000.0;
                Assert.True(MinNS(p) > MinS(p) * (1 - 1e-9), $"trial {trial}: p = {p} ≤ Lower = {r.Lower} but a non-sparsest candidate is cheaper");
            }
            if (r.UpperCandidate is int w)
            {
                crossings++;
                if (r.Exact) exact++;
                Assert.True(candidates[w].Length > k0);
                Assert.True(Cost(candidates[w], r.Upper) < MinS(r.Upper) * (1 + 1e-9), $"trial {trial}: candidate {w} not cheaper at {r.Upper}");
            }
            else Assert.Equal(1, r.Upper);
        }
        Assert.True(crossings >= 40 && exact == crossings, $"{crossings} crossings, {exact} exact"); // 50 of 200 with this seed
    }
}
