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
    public bool Verify(IReadOnlyList<Rational> y, IReadOnlyList<BlockGroup> groups, IReadOnlyList<Rational[]>? skipColumns)
    {
        if (LiftedInputs.Dot(Pi, y.ToArray()).Sign <= 0) return false;
        if (skipColumns is not null && skipColumns.Any(c => !LiftedInputs.Dot(Pi, c).IsZero)) return false;
        var inCut = new HashSet<int>(Groups);
        for (int k = 0; k < groups.Count; k++)
            if (!inCut.Contains(k) && groups[k].Generators.Any(g => LiftedInputs.Dot(Pi, g).Sign > 0)) return false;
        return true;
    }
}

/// <summary>The lower-bound evidence of a Benders run: the groups, every cut with its Farkas vector, and the data.
/// Together with the master's optimum over these cuts it proves the reported lower bound.</summary>
public sealed record BendersCertificate(IReadOnlyList<BlockGroup> Groups, IReadOnlyList<FarkasCut> Cuts, Rational[] Y, Rational[][]? SkipColumns)
{
    /// <summary>Re-checks every cut in exact arithmetic.</summary>
    public bool VerifyCuts() => Cuts.All(c => c.Verify(Y, Groups, SkipColumns));
}
