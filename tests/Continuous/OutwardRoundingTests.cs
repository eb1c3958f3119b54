using System.Numerics;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Continuous;

/// <summary>The certified exponential, logarithm and exact roots behind the 1-D p* bracket, checked against the
/// independent 256-bit fixed-point arithmetic of <see cref="HighPrecisionPStarOracle"/>.</summary>
public class OutwardRoundingTests
{
    private static BigInteger Fixed(double x) => HighPrecisionPStarOracle.FromRational(Rational.FromDouble(x));

    [Fact]
    public void ExpBoundsEncloseTheHighPrecisionExponential()
    {
        var rng = new Random(7);
        for (int i = 0; i < 400; i++)
        {
            double x = i < 200 ? (rng.NextDouble() - 0.5) * 40 : (rng.NextDouble() - 0.5) * 1e-3;
            BigInteger exact = HighPrecisionPStarOracle.Exp(Fixed(x));
            double lo = Outward.ExpLower(x), hi = Outward.ExpUpper(x);
            Assert.True(Fixed(lo) <= exact, $"e^{x:R} below {lo:R}");
            Assert.True(exact <= Fixed(hi), $"e^{x:R} above {hi:R}");
            Assert.True(hi - lo <= 4e-15 * Math.Exp(x), $"e^{x:R}: enclosure [{lo:R}, {hi:R}] too wide");
        }
        Assert.Equal(1, Outward.ExpLower(0), 15);
        Assert.True(Outward.ExpLower(0) <= 1 && Outward.ExpUpper(0) >= 1);
    }

    [Fact]
    public void Ln2ConstantsEncloseLn2()
    {
        BigInteger ln2 = HighPrecisionPStarOracle.Ln(2);
        Assert.True(Fixed(Outward.Ln2Lo) < ln2 && ln2 < Fixed(Outward.Ln2Hi));
        BigInteger tail = ln2 - Fixed(Outward.Ln2Head);
        Assert.True(Fixed(Outward.Ln2TailLo) < tail && tail < Fixed(Outward.Ln2TailHi));
    }

    [Fact]
    public void LogBoundsEncloseTheHighPrecisionLogarithm()
    {
        var rng = new Random(11);
        for (int i = 0; i < 200; i++)
        {
            var q = Rational.Create(rng.NextInt64(1, 1L << 50), rng.NextInt64(1, 1L << 40));
            if (i % 5 == 0) q = Rational.Create(BigInteger.Pow(rng.Next(2, 1000), rng.Next(1, 60)), rng.Next(1, 9));
            var (lo, hi) = Outward.LogBounds(q);
            BigInteger exact = HighPrecisionPStarOracle.Ln(q);
            Assert.True(Fixed(lo) <= exact && exact <= Fixed(hi), $"ln {q} not in [{lo:R}, {hi:R}]");
            Assert.True(hi - lo <= 1e-13 * Math.Max(1, Math.Abs(lo)));
        }
        Assert.Equal((0.0, 0.0), Outward.LogBounds(Rational.One));
    }

    [Fact]
    public void RationalBoundsAreTheNeighbouringDoubles()
    {
        var third = Rational.Create(1, 3);
        var (lo, hi) = Outward.Bounds(third);
        Assert.True(Rational.FromDouble(lo) < third && third < Rational.FromDouble(hi));
        Assert.Equal(hi, Math.BitIncrement(lo));
        Assert.Equal((0.5, 0.5), Outward.Bounds(Rational.Create(1, 2)));
    }

    [Fact]
    public void ExactPowersAreRationalExactlyForPerfectPowers()
    {
        Assert.Equal(Rational.FromInteger(3), ExactRoots.Power(9, 1, 2));
        Assert.Equal(Rational.Create(8, 27), ExactRoots.Power(Rational.Create(16, 81), 3, 4));
        Assert.Null(ExactRoots.Power(8, 1, 2));
        Assert.Null(ExactRoots.Power(Rational.Create(9, 2), 1, 2));
        var big = BigInteger.Pow(12345678901, 7);
        Assert.Equal(new BigInteger(12345678901), ExactRoots.Root(big, 7));
        Assert.Null(ExactRoots.Root(big + 1, 7));
        Assert.Equal(new BigInteger(12345678901), ExactRoots.FloorRoot(big + 1, 7));
    }
}
