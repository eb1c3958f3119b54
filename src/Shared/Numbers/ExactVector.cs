using System.Numerics;

namespace Verifier.Shared.Numbers;

/// <summary>
/// A rational vector with the views that "floating point proposes, rationals decide" needs, each built once, on first
/// use, and shared by every reader: the entries rounded to doubles (<see cref="Rounded"/>, for floating LPs and
/// filters) and the vector times the least common multiple of its denominators (<see cref="Integers"/>, for exact dot
/// signs without fraction arithmetic). Create one per vector (e.g. per generator of a block group) and pass it around
/// instead of converting again.
/// </summary>
/// <remarks>
/// The views are read-only spans, so no reader can spoil them for another. They are built lazily and published with
/// a compare-exchange, so the vector can be shared between threads (two threads may build a view at the same time;
/// one copy wins and both are equal). <see cref="Exact"/> is the caller's array, not a copy: it must not be modified
/// after the vector is created.
/// </remarks>
public sealed class ExactVector(Rational[] exact)
{
    private double[]? _rounded;
    private BigInteger[]? _integers;
    private int _roundsToNormals; // 0: not yet known; 1: yes; 2: no

    /// <summary>The exact entries (the caller's array: never modified).</summary>
    public Rational[] Exact { get; } = exact ?? throw new ArgumentNullException(nameof(exact));

    public int Length => Exact.Length;

    /// <summary>Each entry's <see cref="Rational.ToDouble"/>, in order (the same doubles as converting entry by entry).</summary>
    public ReadOnlySpan<double> Rounded => _rounded ?? LazyInitializer.EnsureInitialized(ref _rounded, RoundEntries);

    /// <summary>The vector times the least common multiple of its denominators: a positive factor, so the sign of every
    /// dot product is kept and exact dot products need no fractions.</summary>
    public ReadOnlySpan<BigInteger> Integers => _integers ?? LazyInitializer.EnsureInitialized(ref _integers, () => IntegerScaling.ToIntegers(Exact));

    /// <summary>Every nonzero entry rounds to a normal double (no underflow to zero or to a subnormal, no overflow), the
    /// condition under which the floating filter of <see cref="DotSign"/> may decide.</summary>
    public bool RoundsToNormals
    {
        get
        {
            int known = Volatile.Read(ref _roundsToNormals);
            if (known == 0) Volatile.Write(ref _roundsToNormals, known = AllNormal(Exact, Rounded) ? 1 : 2);
            return known == 1;
        }
    }

    /// <summary>max_i |Rounded_i| (0 for the zero vector).</summary>
    public double MaxAbsRounded
    {
        get
        {
            double max = 0;
            foreach (double v in Rounded) max = Math.Max(max, Math.Abs(v));
            return max;
        }
    }

    /// <summary>
    /// The exact sign of this·<paramref name="other"/>. Filter first: the dot product in doubles, with |value| above
    /// 16(n + 4)·2⁻⁵³·Σ|a_i b_i| (far beyond the rounding of the inputs, the products and the sum), has the sign of the
    /// exact value provided every nonzero input rounds to a normal double and the magnitude is not tiny (so underflowed
    /// products are negligible). Every other case is decided on <see cref="Integers"/>, so the sign is always exact.
    /// </summary>
    public int DotSign(ExactVector other)
    {
        if (other.Length != Length) throw new ArgumentException("vectors of different lengths", nameof(other));
        if (RoundsToNormals && other.RoundsToNormals)
        {
            var p = Rounded;
            var g = other.Rounded;
            double dot = 0, mag = 0;
            for (int i = 0; i < p.Length; i++) { double t = p[i] * g[i]; dot += t; mag += Math.Abs(t); }
            double slack = 16.0 * (p.Length + 4) * Math.Pow(2, -53) * mag;
            if (double.IsFinite(dot) && double.IsFinite(mag) && mag > 1e-250)
            {
                if (dot < -slack) return -1;
                if (dot > slack) return 1;
            }
        }
        return ExactDotSign(other);
    }

    /// <summary>The sign of this·<paramref name="other"/> on <see cref="Integers"/> alone, without any filter.</summary>
    public int ExactDotSign(ExactVector other)
    {
        var a = Integers;
        var b = other.Integers;
        if (a.Length != b.Length) throw new ArgumentException("vectors of different lengths", nameof(other));
        var sum = BigInteger.Zero;
        for (int i = 0; i < a.Length; i++) if (!a[i].IsZero && !b[i].IsZero) sum += a[i] * b[i];
        return sum.Sign;
    }

    private double[] RoundEntries()
    {
        var rounded = new double[Exact.Length];
        for (int i = 0; i < rounded.Length; i++) rounded[i] = Exact[i].ToDouble();
        return rounded;
    }

    private static bool AllNormal(Rational[] exact, ReadOnlySpan<double> rounded)
    {
        for (int i = 0; i < exact.Length; i++) if (!exact[i].IsZero && !double.IsNormal(rounded[i])) return false;
        return true;
    }
}
