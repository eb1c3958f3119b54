using System.Numerics;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Shared;

/// <summary>The views of an <see cref="ExactVector"/> against the rationals they come from: the double view is the
/// entry-by-entry rounding, the integer view a positive multiple, both built once; both dot signs are exact.</summary>
public class ExactVectorTests
{
    private static readonly Rational Tiny = Rational.Create(BigInteger.One, BigInteger.Pow(2, 1100));   // underflows to 0
    private static readonly Rational Huge = Rational.Create(BigInteger.Pow(2, 1100), BigInteger.One);   // overflows to ∞

    /// <summary>Random vectors mixing small fractions, long-sized and BigInteger-sized entries, zeros and signs.</summary>
    private static Rational[] RandomVector(Random rng, int n) => Enumerable.Range(0, n).Select(_ => rng.Next(6) switch
    {
        0 => Rational.Zero,
        1 => Rational.Create(rng.Next(-1000, 1001), 1000),
        2 => Rational.Create(rng.NextInt64(long.MinValue + 1, long.MaxValue), rng.NextInt64(1, long.MaxValue)),
        3 => Rational.Create(BigInteger.Pow(3, rng.Next(30, 90)) * (rng.Next(2) * 2 - 1), BigInteger.Pow(7, rng.Next(1, 40))),
        4 => Rational.Create(rng.Next(-50, 51), rng.Next(1, 97)),
        _ => Rational.FromInteger(rng.Next(-5, 6)),
    }).ToArray();

    [Fact]
    public void TheDoubleViewIsTheRoundingOfEachEntryBitForBit()
    {
        var rng = new Random(17);
        for (int trial = 0; trial < 200; trial++)
        {
            var exact = RandomVector(rng, rng.Next(0, 9));
            var vector = new ExactVector(exact);
            Assert.Equal(exact.Length, vector.Length);
            var rounded = vector.Rounded;
            for (int i = 0; i < exact.Length; i++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(exact[i].ToDouble()), BitConverter.DoubleToInt64Bits(rounded[i]));
            Assert.Equal(exact.Select(e => Math.Abs(e.ToDouble())).Append(0).Max(), vector.MaxAbsRounded);
        }
    }

    [Fact]
    public void TheIntegerViewIsTheVectorTimesTheLcmOfItsDenominators()
    {
        var rng = new Random(23);
        for (int trial = 0; trial < 200; trial++)
        {
            var exact = RandomVector(rng, rng.Next(1, 9));
            var lcm = BigInteger.One;
            foreach (var e in exact) lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, e.Denominator) * e.Denominator;
            var integers = new ExactVector(exact).Integers;
            for (int i = 0; i < exact.Length; i++)
                Assert.Equal(exact[i] * Rational.FromInteger(lcm), Rational.FromInteger(integers[i]));
        }
    }

    [Fact]
    public void EachViewIsBuiltOnceAndShared()
    {
        var vector = new ExactVector([Rational.Create(1, 3), Rational.Create(-2, 7), Rational.Zero]);
        Assert.True(vector.Rounded == vector.Rounded);   // span equality: the same memory
        Assert.True(vector.Integers == vector.Integers);

        // First use from many threads at once: every reader sees one and the same complete view.
        for (int trial = 0; trial < 20; trial++)
        {
            var shared = new ExactVector(RandomVector(new Random(trial), 64));
            var seen = new double[8][];
            Parallel.For(0, seen.Length, t => seen[t] = shared.Rounded.ToArray());
            Assert.All(seen, s => Assert.Equal(shared.Rounded.ToArray(), s));
        }
    }

    [Fact]
    public void RoundsToNormalsIsFalseExactlyWhenANonzeroEntryUnderflowsOrOverflows()
    {
        Assert.True(new ExactVector([Rational.Zero, Rational.One, Rational.Create(-3, 1000)]).RoundsToNormals);
        Assert.True(new ExactVector([]).RoundsToNormals);
        Assert.False(new ExactVector([Rational.One, Tiny]).RoundsToNormals);
        Assert.False(new ExactVector([Huge, Rational.One]).RoundsToNormals);
        // A subnormal double (2^-1050) is not normal either.
        Assert.False(new ExactVector([Rational.Create(BigInteger.One, BigInteger.Pow(2, 1050))]).RoundsToNormals);
    }

    [Fact]
    public void BothDotSignsAreTheExactSign()
    {
        // Pairs built with an exact a·b = δ for δ near zero (where doubles cannot tell), and with entries that underflow
        // or overflow as doubles: the filtered sign and the integer sign both equal the rational one.
        var rng = new Random(31);
        var deltas = new[] { Rational.Zero, Rational.One, -Rational.One, Rational.Create(1, 100_000_000),
            Rational.Create(BigInteger.MinusOne, BigInteger.Pow(10, 30)), Tiny, -Tiny };
        for (int trial = 0; trial < 500; trial++)
        {
            int n = rng.Next(1, 7);
            var a = RandomVector(rng, n);
            var b = RandomVector(rng, n);
            int j = Array.FindIndex(a, e => !e.IsZero);
            if (j >= 0)
            {
                b[j] -= ExactLinearAlgebra.Dot(a, b) / a[j];                       // now a·b = 0 exactly
                b[j] += deltas[rng.Next(deltas.Length)] / a[j];                     // a·b = δ
            }
            if (rng.Next(8) == 0) a[rng.Next(n)] = rng.Next(2) == 0 ? Tiny : Huge;
            int exact = ExactLinearAlgebra.Dot(a, b).Sign;
            var va = new ExactVector(a);
            var vb = new ExactVector(b);
            Assert.Equal(exact, va.DotSign(vb));
            Assert.Equal(exact, va.ExactDotSign(vb));
            Assert.Equal(exact, vb.DotSign(va));
        }
    }

    [Fact]
    public void VectorsOfDifferentLengthsHaveNoDotSign()
    {
        var a = new ExactVector([Rational.One, Rational.One]);
        var b = new ExactVector([Rational.One]);
        Assert.Throws<ArgumentException>(() => a.DotSign(b));
        Assert.Throws<ArgumentException>(() => a.ExactDotSign(b));
    }
}
