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
    /// <summary>Re-checks the certificate exactly against the data and all groups. The signs of π·g get their own
    /// floating filter (<see cref="CertainlyNegative"/>), written apart from <see cref="ExactVector.DotSign"/> that
    /// built the cut, so that a defect in one is caught by the other; every other sign is decided in integers.</summary>
    public bool Verify(IReadOnlyList<Rational> y, IReadOnlyList<BlockGroup> groups, IReadOnlyList<Rational[]>? skipColumns)
    {
        if (LiftedInputs.Dot(Pi, y.ToArray()).Sign <= 0) return false;
        if (skipColumns is not null && skipColumns.Any(c => !LiftedInputs.Dot(Pi, c).IsZero)) return false;
        var pi = new ExactVector(Pi);
        var inCut = new bool[groups.Count];
        foreach (int k in Groups) if ((uint)k < (uint)inCut.Length) inCut[k] = true;
        for (int k = 0; k < groups.Count; k++)
        {
            if (inCut[k]) continue;
            foreach (var g in groups[k].Generators)
                if (!CertainlyNegative(pi, g) && pi.ExactDotSign(g) > 0) return false;
        }
        return true;
    }

    /// <summary>The groups having a generator g with π·g &gt; 0 (exact signs): the cut of the Farkas vector π.</summary>
    internal static int[] GroupsViolating(IReadOnlyList<BlockGroup> groups, Rational[] pi)
    {
        var piVector = new ExactVector(pi);
        var result = new List<int>();
        for (int k = 0; k < groups.Count; k++)
            foreach (var g in groups[k].Generators)
                if (piVector.DotSign(g) > 0) { result.Add(k); break; }
        return result.ToArray();
    }

    /// <summary>
    /// The re-check's own filter: true only if π·g &lt; −10⁻⁹·Σ|π_i g_i| in doubles with every nonzero input a normal
    /// double and a magnitude above 10⁻²⁵⁰ (the rounding error is below 10⁻¹²·Σ|π_i g_i| for any n &lt; 10⁴), hence
    /// π·g &lt; 0 exactly.
    /// </summary>
    internal static bool CertainlyNegative(ExactVector pi, ExactVector g)
    {
        if (!pi.RoundsToNormals || !g.RoundsToNormals || pi.Length >= 10_000 || g.Length != pi.Length) return false;
        var p = pi.Rounded;
        var q = g.Rounded;
        double dot = 0, magnitude = 0;
        for (int i = 0; i < q.Length; i++) { dot += p[i] * q[i]; magnitude += Math.Abs(p[i] * q[i]); }
        return double.IsFinite(dot) && double.IsFinite(magnitude) && magnitude > 1e-250 && dot < -1e-9 * magnitude;
    }
}

/// <summary>The lower-bound evidence of a Benders run: the groups, every cut with its Farkas vector, and the data.
/// Together with the master's optimum over these cuts it proves the reported lower bound.</summary>
public sealed record BendersCertificate(IReadOnlyList<BlockGroup> Groups, IReadOnlyList<FarkasCut> Cuts, Rational[] Y, Rational[][]? SkipColumns)
{
    /// <summary>Re-checks every cut in exact arithmetic.</summary>
    public bool VerifyCuts() => Cuts.All(c => c.Verify(Y, Groups, SkipColumns));
}
