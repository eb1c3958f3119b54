using Verifier.Exact.Patterns;
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
        Verify(y, groups, skipColumns, GeneratorsAsDoubles(groups));

    /// <summary>The generators rounded to doubles, per group (for the sign filter of the exact check).</summary>
    internal static double[][][] GeneratorsAsDoubles(IReadOnlyList<BlockGroup> groups) =>
        groups.Select(g => g.Generators.Select(v => v.Select(e => e.ToDouble()).ToArray()).ToArray()).ToArray();

    /// <summary>
    /// The exact check with a rigorous floating filter: π·g is first evaluated in doubles, and a value below
    /// −16(n + 4)·2⁻⁵³·Σ|π_i g_i| (far beyond the rounding of the inputs and of the sum) decides π·g &lt; 0, provided every
    /// nonzero input converted to a normal double; every other case (an input that underflowed or overflowed, a
    /// non-finite or tiny magnitude, a value near 0) is decided in rational arithmetic. So the verdict is exact.
    /// </summary>
    internal bool Verify(IReadOnlyList<Rational> y, IReadOnlyList<BlockGroup> groups, IReadOnlyList<Rational[]>? skipColumns,
        double[][][] generators)
    {
        if (LiftedInputs.Dot(Pi, y.ToArray()).Sign <= 0) return false;
        if (skipColumns is not null && skipColumns.Any(c => !LiftedInputs.Dot(Pi, c).IsZero)) return false;
        var pi = Pi.Select(v => v.ToDouble()).ToArray();
        // The bound below assumes every nonzero input is a normal double (relative rounding error ≤ 2⁻⁵³); a value that
        // underflowed to 0 or a subnormal, or overflowed, sends every dot product of this cut to the exact path.
        bool piSafe = Enumerable.Range(0, pi.Length).All(i => Pi[i].IsZero || double.IsNormal(pi[i]));
        double slack = 16.0 * (pi.Length + 4) * Math.Pow(2, -53);
        var inCut = new HashSet<int>(Groups);
        for (int k = 0; k < groups.Count; k++)
        {
            if (inCut.Contains(k)) continue;
            for (int r = 0; r < groups[k].Generators.Length; r++)
            {
                var g = generators[k][r];
                var exactG = groups[k].Generators[r];
                bool safe = piSafe;
                double dot = 0, mag = 0;
                for (int i = 0; i < pi.Length && safe; i++)
                {
                    if (!exactG[i].IsZero && !double.IsNormal(g[i])) safe = false;
                    double t = pi[i] * g[i]; dot += t; mag += Math.Abs(t);
                }
                bool clearlyNegative = safe && double.IsFinite(dot) && double.IsFinite(mag) && mag > 1e-250 && dot < -slack * mag;
                if (!clearlyNegative && LiftedInputs.Dot(Pi, groups[k].Generators[r]).Sign > 0) return false;
            }
        }
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
        var generators = FarkasCut.GeneratorsAsDoubles(Groups);
        return Cuts.All(c => c.Verify(Y, Groups, SkipColumns, generators));
    }
}
