using System.Numerics;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Shared;

/// <summary>Exact roots: every answer is checked by its defining inequalities, not by the formula that computed it.</summary>
public class ExactRootsTests
{
    [Fact]
    public void FloorRootIsTheLargestIntegerWhosePowerIsAtMostX()
    {
        for (int n = 1; n <= 7; n++)
            for (int x = 0; x <= 3000; x++)
            {
                var r = ExactRoots.FloorRoot(x, n);
                Assert.True(BigInteger.Pow(r, n) <= x, $"{r}^{n} > {x}");
                Assert.True(BigInteger.Pow(r + 1, n) > x, $"({r}+1)^{n} <= {x}");
            }
    }

    [Fact]
    public void FloorRootOfHugePowersAndTheirNeighbours()
    {
        var rng = new Random(3);
        for (int trial = 0; trial < 200; trial++)
        {
            var bytes = new byte[1 + rng.Next(40)];
            rng.NextBytes(bytes);
            var r = BigInteger.Abs(new BigInteger(bytes)) + 2;
            int n = 2 + rng.Next(9);
            var power = BigInteger.Pow(r, n);
            Assert.Equal(r, ExactRoots.FloorRoot(power, n));
            Assert.Equal(r - 1, ExactRoots.FloorRoot(power - 1, n));
            Assert.Equal(r, ExactRoots.FloorRoot(power + 1, n));
            Assert.Equal(r, ExactRoots.Root(power, n));
            Assert.Null(ExactRoots.Root(power + 1, n));
        }
    }

    [Fact]
    public void RationalPowersAreExactWhenRationalAndNullOtherwise()
    {
        Assert.Equal(Rational.Create(3, 2), ExactRoots.Power(Rational.Create(9, 4), 1, 2));
        Assert.Equal(Rational.Create(4, 9), ExactRoots.Power(Rational.Create(8, 27), 2, 3));
        Assert.Equal(Rational.One, ExactRoots.Power(Rational.Create(5, 7), 0, 3));
        Assert.Equal(Rational.FromInteger(2), ExactRoots.Power(Rational.FromInteger(4), 2, 4)); // 4^(2/4) = 4^(1/2)
        Assert.Null(ExactRoots.Power(Rational.FromInteger(2), 1, 2));
        Assert.Null(ExactRoots.Power(Rational.Create(4, 3), 1, 2)); // numerator a square, denominator not
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactRoots.Power(Rational.Zero, 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactRoots.Power(Rational.One, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactRoots.FloorRoot(-1, 2));
    }
}
