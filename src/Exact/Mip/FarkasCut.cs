using System.Numerics;
using Verifier.Reformulation;
using Verifier.Shared.Numbers;

namespace Verifier.Exact.Mip;

/// <summary>
/// A logic-based Benders cut with its exact certificate: π with π·y &gt; 0, π ⊥ range(X) when the free linear
/// term is present, and π·g ≤ 0 for every generator g of every group outside <see cref="Groups"/>. Then no
/// selection avoiding all of <see cref="Groups"/> can reach y (any reachable point has π·(Σλg + Xβ) ≤ 0), so
/// at least one of them must be selected. Checkable by anyone in rational arithmetic.
/// </summary>
public sealed record FarkasCut(Rational[] Pi, int[] Groups)
{
    /// <summary>Re-checks the certificate exactly against the data and all groups.</summary>
    public bool Verify(IReadOnlyList<Rational> y, IReadOnlyList<BlockGroup> groups, IReadOnlyList<Rational[]>? skipColumns) =>
        Verify(y, groups, skipColumns, FloatingGenerators.Of(groups));

    internal bool Verify(IReadOnlyList<Rational> y, IReadOnlyList<BlockGroup> groups, IReadOnlyList<Rational[]>? skipColumns,
        FloatingGenerators generators)
    {
        if (LiftedInputs.Dot(Pi, y.ToArray()).Sign <= 0) return false;
        if (skipColumns is not null && skipColumns.Any(c => !LiftedInputs.Dot(Pi, c).IsZero)) return false;
        var pi = new FloatingGenerators.Vector(Pi);
        var inCut = new bool[groups.Count];
        foreach (int k in Groups) if ((uint)k < (uint)inCut.Length) inCut[k] = true;
        for (int k = 0; k < groups.Count; k++)
        {
            if (inCut[k]) continue;
            for (int r = 0; r < groups[k].Generators.Length; r++)
                if (!generators.CertainlyNegative(pi, k, r) && generators.ExactSign(pi, k, r) > 0) return false;
        }
        return true;
    }

    /// <summary>The groups having a generator g with π·g &gt; 0 (exact signs): the cut of the Farkas vector π.</summary>
    internal static int[] GroupsViolating(IReadOnlyList<BlockGroup> groups, FloatingGenerators generators, Rational[] pi)
    {
        var piVector = new FloatingGenerators.Vector(pi);
        var result = new List<int>();
        for (int k = 0; k < groups.Count; k++)
            for (int r = 0; r < groups[k].Generators.Length; r++)
                if (generators.Sign(piVector, groups, k, r) > 0) { result.Add(k); break; }
        return result.ToArray();
    }
}

/// <summary>
/// The generators of every group rounded to doubles, for a rigorous floating filter in front of exact signs of π·g:
/// π·g evaluated in doubles with |value| above 16(n + 4)·2⁻⁵³·Σ|π_i g_i| (far beyond the rounding of the inputs, the
/// products and the sum) has the sign of the exact value, provided every nonzero input converted to a normal double
/// and the magnitude is not tiny (so underflowed products are negligible). Every other case is decided in rational
/// arithmetic, so the sign returned is always exact.
/// </summary>
internal sealed class FloatingGenerators
{
    private readonly double[][][] _values;
    private readonly bool[][] _normal;   // every nonzero entry of the generator is a normal double
    private readonly BigInteger[][][] _integers; // each generator scaled to integers (for the exact path)

    private FloatingGenerators(double[][][] values, bool[][] normal, BigInteger[][][] integers)
    {
        _values = values;
        _normal = normal;
        _integers = integers;
    }

    public static FloatingGenerators Of(IReadOnlyList<BlockGroup> groups)
    {
        var values = groups.Select(g => g.Generators.Select(v => v.Select(e => e.ToDouble()).ToArray()).ToArray()).ToArray();
        var normal = groups.Select((g, k) => g.Generators.Select((v, r) => AllNormal(v, values[k][r])).ToArray()).ToArray();
        var integers = groups.Select(g => g.Generators.Select(ScaledToIntegers).ToArray()).ToArray();
        return new FloatingGenerators(values, normal, integers);
    }

    /// <summary>A rational vector with its rounding to doubles.</summary>
    public sealed class Vector(Rational[] exact)
    {
        public Rational[] Exact { get; } = exact;
        public double[] Rounded { get; } = exact.Select(e => e.ToDouble()).ToArray();
        public bool Normal => _normal ??= AllNormal(Exact, Rounded);
        public BigInteger[] Integer => _integer ??= ScaledToIntegers(Exact);
        private BigInteger[]? _integer;
        private bool? _normal;
    }

    /// <summary>
    /// The re-check's own filter, written apart from <see cref="Sign"/> so that a defect in one is caught by the other:
    /// true only if π·g &lt; −10⁻⁹·Σ|π_i g_i| in doubles with every nonzero input a normal double and a magnitude above
    /// 10⁻²⁵⁰ (the rounding error is below 10⁻¹²·Σ|π_i g_i| for any n &lt; 10⁴), hence π·g &lt; 0 exactly.
    /// </summary>
    public bool CertainlyNegative(Vector pi, int k, int r)
    {
        if (!pi.Normal || !_normal[k][r] || pi.Rounded.Length >= 10_000) return false;
        double dot = 0, magnitude = 0;
        var g = _values[k][r];
        for (int i = 0; i < g.Length; i++) { dot += pi.Rounded[i] * g[i]; magnitude += Math.Abs(pi.Rounded[i] * g[i]); }
        return double.IsFinite(dot) && double.IsFinite(magnitude) && magnitude > 1e-250 && dot < -1e-9 * magnitude;
    }

    /// <summary>The sign of π·g in exact (integer) arithmetic, without any filter.</summary>
    public int ExactSign(Vector pi, int k, int r) => IntegerDotSign(pi.Integer, _integers[k][r]);

    /// <summary>The exact sign of π·g for generator <paramref name="r"/> of group <paramref name="k"/>.</summary>
    public int Sign(Vector pi, IReadOnlyList<BlockGroup> groups, int k, int r)
    {
        var g = _values[k][r];
        var p = pi.Rounded;
        if (pi.Normal && _normal[k][r])
        {
            double dot = 0, mag = 0;
            for (int i = 0; i < p.Length; i++) { double t = p[i] * g[i]; dot += t; mag += Math.Abs(t); }
            double slack = 16.0 * (p.Length + 4) * Math.Pow(2, -53) * mag;
            if (double.IsFinite(dot) && double.IsFinite(mag) && mag > 1e-250)
            {
                if (dot < -slack) return -1;
                if (dot > slack) return 1;
            }
        }
        return IntegerDotSign(pi.Integer, _integers[k][r]);
    }

    /// <summary>A rational vector times the least common multiple of its denominators (a positive factor, so every
    /// sign of a dot product is kept): exact dot products then need no fraction arithmetic.</summary>
    public static BigInteger[] ScaledToIntegers(Rational[] v)
    {
        var lcm = BigInteger.One;
        foreach (var e in v)
            if (!e.IsInteger) lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, e.Denominator) * e.Denominator;
        return v.Select(e => e.IsZero ? BigInteger.Zero : e.Numerator * (lcm / e.Denominator)).ToArray();
    }

    /// <summary>The sign of Σ a_i b_i, exactly.</summary>
    public static int IntegerDotSign(BigInteger[] a, BigInteger[] b)
    {
        var sum = BigInteger.Zero;
        for (int i = 0; i < a.Length; i++) if (!a[i].IsZero && !b[i].IsZero) sum += a[i] * b[i];
        return sum.Sign;
    }

    private static bool AllNormal(Rational[] exact, double[] rounded)
    {
        for (int i = 0; i < exact.Length; i++) if (!exact[i].IsZero && !double.IsNormal(rounded[i])) return false;
        return true;
    }
}

/// <summary>The lower-bound evidence of a Benders run: the groups, every cut with its Farkas vector, and the data.
/// Together with the master's optimum over these cuts it proves the reported lower bound.</summary>
public sealed record BendersCertificate(IReadOnlyList<BlockGroup> Groups, IReadOnlyList<FarkasCut> Cuts, Rational[] Y, Rational[][]? SkipColumns)
{
    /// <summary>Re-checks every cut in exact arithmetic.</summary>
    public bool VerifyCuts()
    {
        var generators = FloatingGenerators.Of(Groups);
        return Cuts.All(c => c.Verify(Y, Groups, SkipColumns, generators));
    }
}
