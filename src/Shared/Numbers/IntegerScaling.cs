using System.Numerics;

namespace Verifier.Shared.Numbers;

/// <summary>
/// Integer representatives of rational vectors, written once: scaling by the lcm of the denominators keeps the ray
/// (every sign, every ratio and every linear relation), which is what exact sign tests, canonical rays and
/// determinant bounds need.
/// </summary>
public static class IntegerScaling
{
    /// <summary>The lcm of the denominators (1 for an empty or all-integer vector).</summary>
    public static BigInteger CommonDenominator(IEnumerable<Rational> values)
    {
        var lcm = BigInteger.One;
        foreach (var v in values)
            if (!v.Denominator.IsOne) lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, v.Denominator) * v.Denominator;
        return lcm;
    }

    /// <summary>v · <see cref="CommonDenominator"/>(v): integers on the same ray.</summary>
    public static BigInteger[] ToIntegers(IReadOnlyList<Rational> v)
    {
        var lcm = CommonDenominator(v);
        var result = new BigInteger[v.Count];
        for (int i = 0; i < result.Length; i++) result[i] = v[i].IsZero ? BigInteger.Zero : v[i].Numerator * (lcm / v[i].Denominator);
        return result;
    }

    /// <summary>The primitive integer vector on v's ray (<see cref="ToIntegers"/> divided by the gcd of its entries,
    /// which is positive): the canonical representative of the ray; null when v = 0.</summary>
    public static BigInteger[]? Primitive(IReadOnlyList<Rational> v)
    {
        var ints = ToIntegers(v);
        var gcd = BigInteger.Zero;
        foreach (var e in ints) gcd = BigInteger.GreatestCommonDivisor(gcd, e);
        if (gcd.IsZero) return null;
        for (int i = 0; i < ints.Length; i++) ints[i] /= gcd;
        return ints;
    }
}
