using System.Numerics;

namespace Verifier.Shared.Numbers;

/// <summary>
/// Exact parsing of the number syntax of INTERFACE.md: an optional sign, digits with an optional decimal
/// point, an optional exponent (<c>1e-3</c>), or a quotient of two such numbers (<c>3/7</c>).
/// <c>0.1</c> is exactly 1/10. Non-finite words (nan, inf) and anything else are rejected with a reason.
/// </summary>
public static class RationalParser
{
    /// <summary>Largest accepted |decimal exponent|; keeps a typo such as 1e999999 from exhausting memory.</summary>
    public const int MaxExponent = 4000;

    /// <summary>Longest accepted number text, in characters: parsing is quadratic in the number of digits, so a
    /// hostile million-digit number would otherwise take minutes.</summary>
    public const int MaxLength = 10_000;

    private static readonly long[] PowersOfTen = BuildPowers();

    private static long[] BuildPowers()
    {
        var p = new long[19];
        p[0] = 1;
        for (int i = 1; i < p.Length; i++) p[i] = p[i - 1] * 10;
        return p;
    }

    public static bool TryParse(ReadOnlySpan<char> text, out Rational value, out string error)
    {
        text = text.Trim();
        if (text.Length > MaxLength)
        {
            value = default;
            error = $"a number may have at most {MaxLength} characters, this one has {text.Length}";
            return false;
        }
        int slash = text.IndexOf('/');
        if (slash >= 0)
        {
            value = default;
            if (!TryParseDecimal(text[..slash].Trim(), out var num, out error)) return false;
            if (!TryParseDecimal(text[(slash + 1)..].Trim(), out var den, out error)) return false;
            if (den.IsZero) { error = $"zero denominator in '{text.ToString()}'"; return false; }
            value = num / den;
            return true;
        }
        return TryParseDecimal(text, out value, out error);
    }

    private static bool TryParseDecimal(ReadOnlySpan<char> s, out Rational value, out string error)
    {
        value = default;
        error = "";
        if (s.IsEmpty) { error = "empty value"; return false; }
        int i = 0;
        bool negative = false;
        if (s[0] == '+' || s[0] == '-') { negative = s[0] == '-'; i++; }

        ulong small = 0;
        int smallDigits = 0;            // significant digits accumulated in `small`
        BigInteger? big = null;         // used once there are more than 18 significant digits
        int digits = 0, fractionDigits = 0;
        bool seenPoint = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c >= '0' && c <= '9')
            {
                digits++;
                if (seenPoint) fractionDigits++;
                if (big is null && smallDigits < 18) { small = small * 10 + (ulong)(c - '0'); if (small != 0) smallDigits++; }
                else { big = (big ?? small) * 10 + (c - '0'); }
            }
            else if (c == '.' && !seenPoint) seenPoint = true;
            else break;
        }
        if (digits == 0) { error = NonNumeric(s); return false; }

        long exponent = 0;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            bool expNegative = false;
            if (i < s.Length && (s[i] == '+' || s[i] == '-')) { expNegative = s[i] == '-'; i++; }
            int expDigits = 0;
            for (; i < s.Length && s[i] >= '0' && s[i] <= '9'; i++)
            {
                expDigits++;
                if (exponent < 1_000_000) exponent = exponent * 10 + (s[i] - '0');
            }
            if (expDigits == 0) { error = NonNumeric(s); return false; }
            if (expNegative) exponent = -exponent;
        }
        if (i != s.Length) { error = NonNumeric(s); return false; }

        long scale = exponent - fractionDigits; // value = mantissa · 10^scale
        if (Math.Abs(scale) > MaxExponent) { error = $"exponent out of range in '{s.ToString()}'"; return false; }

        if (big is null && small <= long.MaxValue && scale <= 0 && -scale <= 18)
        {
            long num = negative ? -(long)small : (long)small;
            value = Rational.Create(num, PowersOfTen[-scale]);
            return true;
        }
        BigInteger mantissa = big ?? small;
        if (negative) mantissa = -mantissa;
        value = scale >= 0
            ? Rational.Create(mantissa * BigInteger.Pow(10, (int)scale), BigInteger.One)
            : Rational.Create(mantissa, BigInteger.Pow(10, (int)-scale));
        return true;
    }

    private static string NonNumeric(ReadOnlySpan<char> s)
    {
        var t = s.ToString();
        var lower = t.TrimStart('+', '-').ToLowerInvariant();
        return lower is "nan" or "inf" or "infinity" or "∞"
            ? $"non-finite value '{t}'"
            : $"not a number: '{t}'";
    }
}
