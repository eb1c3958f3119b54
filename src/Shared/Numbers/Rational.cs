using System.Globalization;
using System.Numerics;

namespace Verifier.Shared.Numbers;

/// <summary>
/// An exact rational number n/d in lowest terms with d &gt; 0. Verdicts of the tool (interpolation, counts,
/// certificates) are decided in this type; floating point is only used for search.
/// </summary>
/// <remarks>
/// Representation: a value whose numerator and denominator fit in a <see cref="long"/> (numerator not
/// <see cref="long.MinValue"/>) is always stored in two longs, so arithmetic on the decimal data users give
/// (e.g. 3-decimal coordinates) runs on machine integers with <see cref="Int128"/> intermediates and no
/// allocation. Anything larger is stored as a pair of <see cref="BigInteger"/>s. The representation is
/// canonical, so equality is structural. <c>default(Rational)</c> is zero.
/// </remarks>
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>
{
    private readonly long _num;
    private readonly long _denMinusOne; // stores d − 1 so that default(Rational) is 0/1
    private readonly BigPair? _big;

    private sealed class BigPair(BigInteger num, BigInteger den)
    {
        public readonly BigInteger Num = num;
        public readonly BigInteger Den = den;
    }

    private Rational(long num, long den)
    {
        _num = num;
        _denMinusOne = den - 1;
        _big = null;
    }

    private Rational(BigPair big)
    {
        _num = 0;
        _denMinusOne = 0;
        _big = big;
    }

    public static readonly Rational Zero = default;
    public static readonly Rational One = new(1, 1);
    public static readonly Rational MinusOne = new(-1, 1);

    private long Den => _denMinusOne + 1;

    /// <summary>Numerator in lowest terms (sign carried here).</summary>
    public BigInteger Numerator => _big?.Num ?? _num;

    /// <summary>Denominator in lowest terms, always positive.</summary>
    public BigInteger Denominator => _big?.Den ?? Den;

    /// <summary>⌊r⌋, exactly.</summary>
    public BigInteger Floor()
    {
        var q = BigInteger.DivRem(Numerator, Denominator, out var rem);
        return rem.Sign < 0 ? q - 1 : q;
    }

    /// <summary>⌈r⌉, exactly.</summary>
    public BigInteger Ceiling() => -(-this).Floor();

    public int Sign => _big is null ? Math.Sign(_num) : _big.Num.Sign;
    public bool IsZero => _big is null && _num == 0;
    public bool IsInteger => _big is null ? Den == 1 : _big.Den.IsOne;

    // ----- construction -----

    public static Rational FromInteger(long value) =>
        value == long.MinValue ? FromBig(value, BigInteger.One) : new Rational(value, 1);

    public static Rational FromInteger(BigInteger value) => FromBig(value, BigInteger.One);

    /// <summary>num/den reduced to lowest terms; throws on a zero denominator.</summary>
    public static Rational Create(long num, long den) => Normalize(num, den);

    /// <summary>num/den reduced to lowest terms; throws on a zero denominator.</summary>
    public static Rational Create(BigInteger num, BigInteger den) => FromBig(num, den);

    public static implicit operator Rational(long value) => FromInteger(value);
    public static implicit operator Rational(int value) => new(value, 1);

    /// <summary>The exact value of a finite double (every finite double is a dyadic rational).</summary>
    public static Rational FromDouble(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentException("Only finite doubles are rational.", nameof(value));
        if (value == 0) return Zero;
        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent = 1; else mantissa |= 1L << 52;
        exponent -= 1075;
        BigInteger num = negative ? -mantissa : mantissa;
        return exponent >= 0
            ? FromBig(num << exponent, BigInteger.One)
            : FromBig(num, BigInteger.One << -exponent);
    }

    private static Rational Normalize(long num, long den)
    {
        if (den == 0) throw new DivideByZeroException("Rational with zero denominator.");
        if (num == long.MinValue || den == long.MinValue) return FromBig(num, den);
        if (den < 0) { num = -num; den = -den; }
        if (num == 0) return Zero;
        long g = (long)Gcd((ulong)Math.Abs(num), (ulong)den);
        return new Rational(num / g, den / g);
    }

    /// <summary>Normalises an Int128 fraction whose parts are already coprime (or reduces it when asked).</summary>
    private static Rational Fit(Int128 num, Int128 den, bool reduce)
    {
        if (den < 0) { num = -num; den = -den; }
        if (num == 0) return Zero;
        if (reduce)
        {
            UInt128 g = Gcd((UInt128)(num < 0 ? -num : num), (UInt128)den);
            if (g != 1) { num /= (Int128)g; den /= (Int128)g; }
        }
        if (num > long.MinValue && num <= long.MaxValue && den <= long.MaxValue)
            return new Rational((long)num, (long)den);
        return new Rational(new BigPair((BigInteger)num, (BigInteger)den));
    }

    private static Rational FromBig(BigInteger num, BigInteger den)
    {
        if (den.IsZero) throw new DivideByZeroException("Rational with zero denominator.");
        if (den.Sign < 0) { num = -num; den = -den; }
        if (num.IsZero) return Zero;
        var g = BigInteger.GreatestCommonDivisor(num, den);
        if (!g.IsOne) { num /= g; den /= g; }
        if (num > long.MinValue && num <= long.MaxValue && den <= long.MaxValue)
            return new Rational((long)num, (long)den);
        return new Rational(new BigPair(num, den));
    }

    // ----- arithmetic -----

    public static Rational operator -(Rational a) =>
        a._big is null ? new Rational(-a._num, a.Den) : new Rational(new BigPair(-a._big.Num, a._big.Den));

    public static Rational operator +(Rational a, Rational b)
    {
        if (a._big is null && b._big is null)
        {
            long ad = a.Den, bd = b.Den;
            if (ad == bd)
            {
                // Same denominator (common for decimal data of one scale): one sum, one gcd.
                Int128 sum = (Int128)a._num + b._num;
                if (ad == 1) return Fit(sum, 1, false);
                if (sum == 0) return Zero;
                if (sum > long.MinValue && sum <= long.MaxValue)
                {
                    long sl = (long)sum;
                    long gs = (long)Gcd((ulong)Math.Abs(sl), (ulong)ad);
                    return new Rational(sl / gs, ad / gs);
                }
                return Fit(sum, ad, true);
            }
            long g = (long)Gcd((ulong)ad, (ulong)bd);
            if (g == 1)
                return Fit((Int128)a._num * bd + (Int128)b._num * ad, (Int128)ad * bd, false);
            // Knuth 4.5.1: t = a·(d/g) + c·(b/g); the result is (t/g2) / ((b/g)·(d/g2)), g2 = gcd(t, g).
            long adg = ad / g, bdg = bd / g;
            Int128 t = (Int128)a._num * bdg + (Int128)b._num * adg;
            if (t == 0) return Zero;
            if (t > long.MinValue && t <= long.MaxValue)
            {
                long tl = (long)t;
                long g2s = (long)Gcd((ulong)Math.Abs(tl), (ulong)g);
                return Fit(tl / g2s, (Int128)adg * (bd / g2s), false);
            }
            long g2 = (long)Gcd((ulong)(long)(Int128.Abs(t) % g), (ulong)g);
            return Fit(t / g2, (Int128)adg * (bd / g2), false);
        }
        return FromBig(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    }

    public static Rational operator -(Rational a, Rational b) => a + (-b);

    public static Rational operator *(Rational a, Rational b)
    {
        if (a._big is null && b._big is null)
        {
            if (a._num == 0 || b._num == 0) return Zero;
            if (b._denMinusOne == 0 && (b._num == 1 || b._num == -1)) return b._num == 1 ? a : -a;
            if (a._denMinusOne == 0 && (a._num == 1 || a._num == -1)) return a._num == 1 ? b : -b;
            long g1 = (long)Gcd((ulong)Math.Abs(a._num), (ulong)b.Den);
            long g2 = (long)Gcd((ulong)Math.Abs(b._num), (ulong)a.Den);
            return Fit((Int128)(a._num / g1) * (b._num / g2), (Int128)(a.Den / g2) * (b.Den / g1), false);
        }
        return FromBig(a.Numerator * b.Numerator, a.Denominator * b.Denominator);
    }

    public static Rational operator /(Rational a, Rational b)
    {
        if (b.IsZero) throw new DivideByZeroException("Division of a rational by zero.");
        return a * b.Reciprocal();
    }

    public Rational Reciprocal()
    {
        if (IsZero) throw new DivideByZeroException("Reciprocal of zero.");
        if (_big is null) return _num < 0 ? new Rational(-Den, -_num) : new Rational(Den, _num);
        return _big.Num.Sign < 0
            ? FromBig(-_big.Den, -_big.Num)
            : FromBig(_big.Den, _big.Num);
    }

    public Rational Abs() => Sign < 0 ? -this : this;

    // ----- comparison -----

    public int CompareTo(Rational other)
    {
        if (_big is null && other._big is null)
        {
            if (_denMinusOne == 0 && other._denMinusOne == 0) return _num.CompareTo(other._num);
            return ((Int128)_num * other.Den).CompareTo((Int128)other._num * Den);
        }
        return (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);
    }

    public bool Equals(Rational other) =>
        _big is null
            ? other._big is null && _num == other._num && _denMinusOne == other._denMinusOne
            : other._big is not null && _big.Num == other._big.Num && _big.Den == other._big.Den;

    public override bool Equals(object? obj) => obj is Rational r && Equals(r);
    public override int GetHashCode() => _big is null ? HashCode.Combine(_num, _denMinusOne) : HashCode.Combine(_big.Num, _big.Den);

    public static bool operator ==(Rational a, Rational b) => a.Equals(b);
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    public static Rational Max(Rational a, Rational b) => a >= b ? a : b;
    public static Rational Min(Rational a, Rational b) => a <= b ? a : b;

    // ----- conversion -----

    /// <summary>Nearest double (within a few ulps); for search and display only, never for verdicts.</summary>
    public double ToDouble()
    {
        if (_big is null) return Den == 1 ? _num : (double)_num / Den;
        var n = _big.Num; var d = _big.Den;
        // Scale so both parts fit comfortably in a double's range before dividing.
        long shift = (long)(n.GetBitLength() - d.GetBitLength());
        if (Math.Abs(shift) < 900 && n.GetBitLength() < 1000 && d.GetBitLength() < 1000) return (double)n / (double)d;
        int extra = 64 - (int)shift; // produce a quotient with ~64 significant bits
        BigInteger q = extra >= 0 ? (n << extra) / d : n / (d << -extra);
        return Math.ScaleB((double)q, -extra);
    }

    /// <summary>Natural logarithm of |this| (for cost curves |S|^p = exp(p ln|S|)); this must be nonzero.</summary>
    public double LogAbs()
    {
        if (IsZero) throw new ArgumentException("Logarithm of zero.");
        if (_big is null) return Math.Log(Math.Abs((double)_num)) - Math.Log(Den);
        return BigInteger.Log(BigInteger.Abs(_big.Num)) - BigInteger.Log(_big.Den);
    }

    /// <summary>Exact text "n" or "n/d".</summary>
    public override string ToString() =>
        _big is null
            ? (Den == 1 ? _num.ToString(CultureInfo.InvariantCulture) : $"{_num.ToString(CultureInfo.InvariantCulture)}/{Den.ToString(CultureInfo.InvariantCulture)}")
            : (_big.Den.IsOne ? _big.Num.ToString(CultureInfo.InvariantCulture) : $"{_big.Num.ToString(CultureInfo.InvariantCulture)}/{_big.Den.ToString(CultureInfo.InvariantCulture)}");

    /// <summary><see cref="ToString"/>'s text in UTF-8, without allocating; false when <paramref name="utf8"/> is too short.</summary>
    public bool TryFormat(Span<byte> utf8, out int written) =>
        _big is null ? TryFormat(_num, Den, utf8, out written) : TryFormat(_big.Num, _big.Den, utf8, out written);

    private static bool TryFormat<T>(T num, T den, Span<byte> utf8, out int written) where T : IBinaryInteger<T>
    {
        written = 0;
        if (!num.TryFormat(utf8, out int n, default, CultureInfo.InvariantCulture)) return false;
        if (den == T.One) { written = n; return true; }
        if (n == utf8.Length || !den.TryFormat(utf8[(n + 1)..], out int m, default, CultureInfo.InvariantCulture)) return false;
        utf8[n] = (byte)'/';
        written = n + 1 + m;
        return true;
    }

    /// <summary>Parses an exact number (decimal, scientific, or p/q); see <see cref="RationalParser"/>.</summary>
    public static Rational Parse(string text) =>
        RationalParser.TryParse(text.AsSpan(), out var value, out var error) ? value : throw new FormatException(error);

    // ----- gcd helpers (binary gcd) -----

    internal static ulong Gcd(ulong a, ulong b)
    {
        if (a == 0) return b;
        if (b == 0) return a;
        int shift = System.Numerics.BitOperations.TrailingZeroCount(a | b);
        a >>= System.Numerics.BitOperations.TrailingZeroCount(a);
        while (b != 0)
        {
            b >>= System.Numerics.BitOperations.TrailingZeroCount(b);
            if (a > b) (a, b) = (b, a);
            b -= a;
        }
        return a << shift;
    }

    private static UInt128 Gcd(UInt128 a, UInt128 b)
    {
        if (a <= ulong.MaxValue && b <= ulong.MaxValue) return Gcd((ulong)a, (ulong)b);
        if (a == 0) return b;
        if (b == 0) return a;
        int shift = (int)UInt128.TrailingZeroCount(a | b);
        a >>= (int)UInt128.TrailingZeroCount(a);
        while (b != 0)
        {
            b >>= (int)UInt128.TrailingZeroCount(b);
            if (a > b) (a, b) = (b, a);
            b -= a;
        }
        return a << shift;
    }
}
