using System.Numerics;

namespace Verifier.Shared.Numbers;

/// <summary>
/// Outward-rounded double arithmetic for certified bounds. Under IEEE 754 round-to-nearest, the computed
/// result of one +, −, ×, ÷ lies within half an ulp of the exact result, so stepping it one representable
/// value down (<see cref="Math.BitDecrement"/>) or up (<see cref="Math.BitIncrement"/>) gives a rigorous
/// lower or upper bound of the exact result. Every "Dn" operation returns a value ≤ the exact one and every
/// "Up" operation a value ≥ it (infinities stay conservative). The exponential and the logarithm do not rely on
/// the platform's libm: <see cref="ExpLower"/> and <see cref="ExpUpper"/> are a range reduction by an enclosure
/// of ln 2 and a Taylor series evaluated in this arithmetic with an explicit remainder bound, and
/// <see cref="LogBounds"/> takes the platform's logarithm only as a guess and proves it with those
/// exponentials against the exact rational argument.
/// </summary>
public static class Outward
{
    /// <summary>The double just below ln 2 (ln 2 = 0.693147180559945309417…; this double is 0.693147180559945286…).</summary>
    public const double Ln2Lo = 0.6931471805599453;
    /// <summary>The double just above ln 2.</summary>
    public static readonly double Ln2Hi = Math.BitIncrement(Ln2Lo);

    public static double Dn(double x) => Math.BitDecrement(x);
    public static double Up(double x) => Math.BitIncrement(x);

    public static double AddDn(double a, double b) => Math.BitDecrement(a + b);
    public static double AddUp(double a, double b) => Math.BitIncrement(a + b);
    public static double SubDn(double a, double b) => Math.BitDecrement(a - b);
    public static double SubUp(double a, double b) => Math.BitIncrement(a - b);
    public static double MulDn(double a, double b) => Math.BitDecrement(a * b);
    public static double MulUp(double a, double b) => Math.BitIncrement(a * b);
    public static double DivDn(double a, double b) => Math.BitDecrement(a / b);
    public static double DivUp(double a, double b) => Math.BitIncrement(a / b);

    /// <summary>Lower bound of the product of the intervals [aLo, aHi] and [bLo, bHi].</summary>
    public static double MulIntervalDn(double aLo, double aHi, double bLo, double bHi) =>
        Math.Min(Math.Min(MulDn(aLo, bLo), MulDn(aLo, bHi)), Math.Min(MulDn(aHi, bLo), MulDn(aHi, bHi)));

    /// <summary>Upper bound of the product of the intervals [aLo, aHi] and [bLo, bHi].</summary>
    public static double MulIntervalUp(double aLo, double aHi, double bLo, double bHi) =>
        Math.Max(Math.Max(MulUp(aLo, bLo), MulUp(aLo, bHi)), Math.Max(MulUp(aHi, bLo), MulUp(aHi, bHi)));

    /// <summary>A double ≤ e^x.</summary>
    public static double ExpLower(double x)
    {
        if (double.IsNaN(x)) throw new ArgumentException("NaN exponent");
        if (x < -740) return 0;
        if (x > 709) x = 709; // e^x ≥ e^709, still a lower bound
        var (rLo, _, k) = Reduce(x);
        var (sLo, _) = ExpSeries(rLo);
        return Math.Max(0, Dn(Math.ScaleB(sLo, k)));
    }

    /// <summary>A double ≥ e^x (+∞ when e^x overflows).</summary>
    public static double ExpUpper(double x)
    {
        if (double.IsNaN(x)) throw new ArgumentException("NaN exponent");
        if (x > 709) return double.PositiveInfinity;
        if (x < -746) return double.Epsilon; // e^-746 < 2^-1074
        var (_, rHi, k) = Reduce(x);
        var (_, sHi) = ExpSeries(rHi);
        return Up(Math.ScaleB(sHi, k));
    }

    /// <summary>x − k ln 2 enclosed in [rLo, rHi], with k the nearest integer to x / ln 2 (so |r| &lt; 0.35).</summary>
    private static (double RLo, double RHi, int K) Reduce(double x)
    {
        int k = (int)Math.Round(x / Ln2Lo);
        double kLnLo = k >= 0 ? MulDn(k, Ln2Lo) : MulDn(k, Ln2Hi);
        double kLnHi = k >= 0 ? MulUp(k, Ln2Hi) : MulUp(k, Ln2Lo);
        if (k == 0) { kLnLo = 0; kLnHi = 0; }
        return (SubDn(x, kLnHi), SubUp(x, kLnLo), k);
    }

    /// <summary>
    /// Encloses e^r for a point |r| ≤ 1/2: Σ_{i ≤ 24} r^i/i! in outward-rounded interval arithmetic, widened by
    /// the Lagrange remainder |r|^25/25! · e^{1/2} &lt; 10^−32.
    /// </summary>
    private static (double Lo, double Hi) ExpSeries(double r)
    {
        if (!(Math.Abs(r) <= 0.5)) throw new InvalidOperationException($"exp range reduction left |r| = {Math.Abs(r)}");
        double tLo = 1, tHi = 1, sLo = 1, sHi = 1;
        for (int i = 1; i <= 24; i++)
        {
            double nLo, nHi;
            if (r >= 0) { nLo = MulDn(tLo, r); nHi = MulUp(tHi, r); }
            else { nLo = MulDn(tHi, r); nHi = MulUp(tLo, r); }
            tLo = DivDn(nLo, i); tHi = DivUp(nHi, i);
            sLo = AddDn(sLo, tLo); sHi = AddUp(sHi, tHi);
        }
        const double remainder = 1e-30;
        return (SubDn(sLo, remainder), AddUp(sHi, remainder));
    }

    /// <summary>Doubles lo ≤ q ≤ hi for an exact rational q (lo = hi when q is a double); q must be of double range.</summary>
    public static (double Lo, double Hi) Bounds(Rational q)
    {
        double d = q.ToDouble();
        if (!double.IsFinite(d)) throw new ArgumentException("value outside the double range");
        double lo = d, hi = d;
        while (Rational.FromDouble(lo) > q) lo = Dn(lo);
        while (Rational.FromDouble(hi) < q) hi = Up(hi);
        return (lo, hi);
    }

    /// <summary>
    /// An enclosure [lo, hi] of ln q for a positive rational q: q = q'·2^e with q' ∈ (1/2, 2) exact, a guess
    /// for ln q' from <see cref="Math.Log(double)"/> widened until e^lo ≤ q' ≤ e^hi is proven with
    /// <see cref="ExpUpper"/>, <see cref="ExpLower"/> and exact comparison, then e·[ln 2] added outward.
    /// </summary>
    public static (double Lo, double Hi) LogBounds(Rational q)
    {
        if (q.Sign <= 0) throw new ArgumentException("logarithm of a non-positive number");
        if (q == Rational.One) return (0, 0);
        BigInteger num = q.Numerator, den = q.Denominator;
        long e = (long)num.GetBitLength() - (long)den.GetBitLength();
        Rational scaled = e >= 0 ? Rational.Create(num, den << (int)e) : Rational.Create(num << (int)-e, den);
        double guess = Math.Log(scaled.ToDouble());
        double lo = guess, hi = guess, delta = 2e-16;
        for (int attempt = 0; ; attempt++)
        {
            lo = guess - delta; hi = guess + delta;
            if (Rational.FromDouble(ExpUpper(lo)) <= scaled && Rational.FromDouble(ExpLower(hi)) >= scaled) break;
            if (attempt > 60) throw new InvalidOperationException("could not enclose a logarithm");
            delta *= 4;
        }
        if (e == 0) return (lo, hi);
        double eLnLo = e > 0 ? MulDn(e, Ln2Lo) : MulDn(e, Ln2Hi);
        double eLnHi = e > 0 ? MulUp(e, Ln2Hi) : MulUp(e, Ln2Lo);
        return (AddDn(lo, eLnLo), AddUp(hi, eLnHi));
    }
}
