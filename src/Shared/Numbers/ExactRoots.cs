using System.Numerics;

namespace Verifier.Shared.Numbers;

/// <summary>Exact integer and rational n-th roots, for deciding exactly whether q^(m/n) is rational.</summary>
public static class ExactRoots
{
    /// <summary>⌊x^(1/n)⌋ for x ≥ 0, n ≥ 1 (Newton's iteration on integers from an over-estimate).</summary>
    public static BigInteger FloorRoot(BigInteger x, int n)
    {
        if (x.Sign < 0 || n < 1) throw new ArgumentOutOfRangeException(nameof(x));
        if (x.IsZero || x.IsOne || n == 1) return x;
        long bits = (long)x.GetBitLength();
        if (bits <= n) return BigInteger.One; // x < 2^n
        BigInteger y = BigInteger.One << (int)((bits + n - 1) / n); // ≥ the root
        while (true)
        {
            BigInteger next = ((n - 1) * y + x / BigInteger.Pow(y, n - 1)) / n;
            if (next >= y) return y;
            y = next;
        }
    }

    /// <summary>The exact n-th root of x ≥ 0 when x is a perfect n-th power, otherwise null.</summary>
    public static BigInteger? Root(BigInteger x, int n)
    {
        var r = FloorRoot(x, n);
        return BigInteger.Pow(r, n) == x ? r : null;
    }

    /// <summary>
    /// q^(m/n) for a positive rational q when it is rational, otherwise null. The exponent is first reduced to
    /// lowest terms (m/n with gcd(m, n) = 1; q^0 = 1); then, with q = u/v in lowest terms, q^(m/n) is rational iff u
    /// and v are perfect n-th powers (each prime exponent times m must be divisible by n), so null means irrational.
    /// </summary>
    public static Rational? Power(Rational q, int m, int n)
    {
        if (q.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(q));
        if (n < 1 || m < 0) throw new ArgumentOutOfRangeException(nameof(n));
        int g = (int)BigInteger.GreatestCommonDivisor(m, n);
        m /= g; n /= g;
        var u = Root(q.Numerator, n);
        if (u is null) return null;
        var v = Root(q.Denominator, n);
        if (v is null) return null;
        return Rational.Create(BigInteger.Pow(u.Value, m), BigInteger.Pow(v.Value, m));
    }
}
