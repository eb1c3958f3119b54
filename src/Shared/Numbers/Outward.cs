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
    /// <summary>The double just above ln 2 (the successor of <see cref="Ln2Lo"/>).</summary>
    public const double Ln2Hi = 0.6931471805599454;

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

    /// <summary>fdlibm's ln2_hi: ln 2 to 32 significant bits, so k·Ln2Head is exact for |k| &lt; 2^20.</summary>
    public const double Ln2Head = 6.93147180369123816490e-01;
    /// <summary>ln 2 − <see cref="Ln2Head"/> lies in [Ln2TailLo, Ln2TailHi] (fdlibm's ln2_lo widened by two ulps each way;
    /// checked against 256-bit arithmetic in the tests).</summary>
    public const double Ln2TailLo = 1.9082149292705872e-10, Ln2TailHi = 1.9082149292705882e-10;

    /// <summary>x − k ln 2 enclosed in [rLo, rHi], with k the nearest integer to x / ln 2 (so |r| &lt; 0.35):
    /// x − k·Ln2Head (k·Ln2Head exact) minus k·[tail], each step rounded outward.</summary>
    private static (double RLo, double RHi, int K) Reduce(double x)
    {
        int k = (int)Math.Round(x / Ln2Lo);
        if (k == 0) return (x, x, 0);
        double head = k * Ln2Head; // exact: 32-bit significand times |k| ≤ 1100
        double tLo = SubDn(x, head), tHi = SubUp(x, head);
        double kTailLo = k > 0 ? MulDn(k, Ln2TailLo) : MulDn(k, Ln2TailHi);
        double kTailHi = k > 0 ? MulUp(k, Ln2TailHi) : MulUp(k, Ln2TailLo);
        return (SubDn(tLo, kTailHi), SubUp(tHi, kTailLo), k);
    }

    /// <summary>
    /// Encloses e^r for a point |r| ≤ 1/2: Σ_{i ≤ 24} r^i/i! by Horner's scheme in outward-rounded interval arithmetic, widened by
    /// the Lagrange remainder |r|^25/25! · e^{1/2} &lt; 10^−32.
    /// </summary>
    private static (double Lo, double Hi) ExpSeries(double r)
    {
        if (!(Math.Abs(r) <= 0.5)) throw new InvalidOperationException($"exp range reduction left |r| = {Math.Abs(r)}");
        // Horner: s_24 = 1, s_{i−1} = 1 + (r/i)·s_i, s_0 = Σ_{i ≤ 24} r^i/i!; every s_i lies in (0.5, 2) for |r| ≤ 1/2.
        double sLo = 1, sHi = 1;
        for (int i = 24; i >= 1; i--)
        {
            double pLo, pHi;
            if (r >= 0) { pLo = DivDn(MulDn(r, sLo), i); pHi = DivUp(MulUp(r, sHi), i); }
            else { pLo = DivDn(MulDn(r, sHi), i); pHi = DivUp(MulUp(r, sLo), i); }
            sLo = AddDn(1, pLo); sHi = AddUp(1, pHi);
        }
        const double remainder = 1e-30;
        return (SubDn(sLo, remainder), AddUp(sHi, remainder));
    }

    /// <summary>Doubles lo ≤ q ≤ hi for an exact rational q (lo = hi when q is a double); q must be of double range.</summary>
    public static (double Lo, double Hi) Bounds(Rational q)
    {
        double d = q.ToDouble();
        if (!double.IsFinite(d)) throw new ArgumentException("value outside the double range");
        double lo = d;
        while (Rational.FromDouble(lo) > q) lo = Dn(lo);
        return (lo, Above(q));
    }

    /// <summary>A double ≥ q: q's rounding, stepped up exactly until it is (Rational.ToDouble is only within a few
    /// ulps). Beyond the double range it is ±∞ as q's rounding is; −∞ is then no upper bound, so a caller must treat
    /// a non-finite result as "no bound".</summary>
    public static double Above(Rational q)
    {
        double d = q.ToDouble();
        while (double.IsFinite(d) && Rational.FromDouble(d) < q) d = Up(d);
        return d;
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
