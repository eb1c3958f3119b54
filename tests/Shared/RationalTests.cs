using System.Numerics;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Shared;

public class RationalTests
{
    /// <summary>Reference arithmetic on BigInteger pairs, independent of Rational's fast paths.</summary>
    private static (BigInteger N, BigInteger D) Ref(Rational r) => (r.Numerator, r.Denominator);

    private static bool SameValue(Rational r, BigInteger n, BigInteger d) => r.Numerator * d == n * r.Denominator;

    public static IEnumerable<object[]> Samples()
    {
        long[] nums = [0, 1, -1, 2, 3, -7, 1000, 123456789, long.MaxValue, long.MinValue + 1, long.MaxValue / 3, 1L << 40, -(1L << 62)];
        long[] dens = [1, 2, 3, 10, 1000, 999983, long.MaxValue, 1L << 62];
        var rng = new Random(5);
        var values = new List<Rational>();
        foreach (var n in nums) foreach (var d in dens) values.Add(Rational.Create(n, d));
        values.Add(Rational.Create(BigInteger.Pow(10, 30) + 7, BigInteger.Pow(3, 40)));
        values.Add(Rational.Create(-BigInteger.Pow(2, 70), 3));
        for (int i = 0; i < 40; i++)
        {
            var a = values[rng.Next(values.Count)];
            var b = values[rng.Next(values.Count)];
            yield return [a.ToString(), b.ToString()];
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void ArithmeticMatchesBigIntegerReference(string sa, string sb)
    {
        var a = Rational.Parse(sa);
        var b = Rational.Parse(sb);
        var (an, ad) = Ref(a);
        var (bn, bd) = Ref(b);
        Assert.True(SameValue(a + b, an * bd + bn * ad, ad * bd));
        Assert.True(SameValue(a - b, an * bd - bn * ad, ad * bd));
        Assert.True(SameValue(a * b, an * bn, ad * bd));
        if (!b.IsZero) Assert.True(SameValue(a / b, an * bd, ad * bn));
        Assert.Equal((an * bd).CompareTo(bn * ad), a.CompareTo(b));
        foreach (var r in new[] { a + b, a - b, a * b })
        {
            Assert.True(r.Denominator.Sign > 0);
            Assert.True(BigInteger.GreatestCommonDivisor(r.Numerator, r.Denominator).IsOne || r.IsZero);
        }
    }

    [Fact]
    public void CanonicalFormMakesEqualityStructural()
    {
        Assert.Equal(Rational.Create(2, 4), Rational.Create(-3, -6));
        Assert.Equal(Rational.Create(BigInteger.Pow(2, 80), BigInteger.Pow(2, 79)), Rational.FromInteger(2));
        Assert.Equal(Rational.Create(2, 4).GetHashCode(), Rational.Create(1, 2).GetHashCode());
        Assert.Equal(Rational.Zero, default);
        Assert.Equal("0", default(Rational).ToString());
        Assert.Equal("-1/3", Rational.Create(2, -6).ToString());
    }

    [Fact]
    public void OverflowingLongsMoveToBigIntegers()
    {
        var big = Rational.FromInteger(long.MaxValue);
        var sum = big + big;
        Assert.Equal(BigInteger.Parse("18446744073709551614"), sum.Numerator);
        Assert.Equal(big, sum - big);
        var tiny = Rational.Create(1, long.MaxValue);
        Assert.Equal(Rational.One, tiny * big);
    }

    [Theory]
    [InlineData("0.1", "1/10")]
    [InlineData("-2.5", "-5/2")]
    [InlineData("1e-3", "1/1000")]
    [InlineData("1.5E2", "150")]
    [InlineData("3/7", "3/7")]
    [InlineData("-6/4", "-3/2")]
    [InlineData("+4", "4")]
    [InlineData(".5", "1/2")]
    [InlineData("5.", "5")]
    [InlineData(" 0.000 ", "0")]
    [InlineData("0.1/0.3", "1/3")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    [InlineData("0.0000000000000000000001", "1/10000000000000000000000")]
    public void ParsesExactly(string text, string expected) =>
        Assert.Equal(expected, Rational.Parse(text).ToString());

    [Theory]
    [InlineData("nan", "non-finite")]
    [InlineData("-inf", "non-finite")]
    [InlineData("Infinity", "non-finite")]
    [InlineData("abc", "not a number")]
    [InlineData("1.2.3", "not a number")]
    [InlineData("1e", "not a number")]
    [InlineData("", "empty")]
    [InlineData("1/0", "zero denominator")]
    [InlineData("1e999999", "exponent out of range")]
    [InlineData("0x10", "not a number")]
    public void RejectsWithReason(string text, string reason)
    {
        Assert.False(RationalParser.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(-1e-300)]
    [InlineData(1e300)]
    [InlineData(5e-324)]
    [InlineData(123.456)]
    public void FromDoubleIsExactAndRoundTrips(double x)
    {
        var r = Rational.FromDouble(x);
        Assert.Equal(x, r.ToDouble());
        Assert.True(BigInteger.IsPow2(r.Denominator));
    }

    [Fact]
    public void ExactSortRepairsGroupsOfEqualDoubles()
    {
        // 1 + 2^-60 and 1 + 2^-61 round to the same double as 1; the exact order must still be found.
        var eps1 = Rational.Create(BigInteger.One, BigInteger.Pow(2, 60));
        var eps2 = Rational.Create(BigInteger.One, BigInteger.Pow(2, 61));
        Rational[] keys = [Rational.One + eps1, Rational.One, Rational.One + eps2, Rational.Create(-1, 3)];
        var order = RationalSort.Order(keys);
        Assert.Equal([3, 1, 2, 0], order);
    }

    [Theory]
    [InlineData(7, 2, 3, 4)]
    [InlineData(-7, 2, -4, -3)]
    [InlineData(6, 3, 2, 2)]
    [InlineData(-6, 3, -2, -2)]
    [InlineData(0, 5, 0, 0)]
    public void FloorAndCeilingAreExact(long num, long den, long floor, long ceiling)
    {
        var r = Rational.Create(num, den);
        Assert.Equal(floor, (long)r.Floor());
        Assert.Equal(ceiling, (long)r.Ceiling());
        // Beyond long: checked by the defining inequalities floor ≤ q < floor + 1 and ceiling − 1 < q ≤ ceiling.
        var big = Rational.Create(System.Numerics.BigInteger.Pow(10, 30) * num + 1, den);
        var bigFloor = Rational.FromInteger(big.Floor());
        var bigCeiling = Rational.FromInteger(big.Ceiling());
        Assert.True(bigFloor <= big && big < bigFloor + Rational.One, $"floor {bigFloor} of {big}");
        Assert.True(bigCeiling - Rational.One < big && big <= bigCeiling, $"ceiling {bigCeiling} of {big}");
    }
}
