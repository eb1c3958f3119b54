using System.Numerics;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Numbers;
using static Verifier.Shared.Numbers.Outward;

namespace Verifier.Continuous.Univariate;

/// <summary>The certificate of <see cref="UnivariatePStar"/> that g &gt; 0 on (1 − t, 1) (second-order bound at p = 1, outward rounded).</summary>
public static partial class UnivariatePStar
{
    /// <summary>
    /// A t &gt; 0 with g &gt; 0 on (1 − t, 1), or 0 when none can be certified. With c_b(1 − t) = |S_b| e^{−t l_b}
    /// (l_b = ln|S_b|): convexity gives c_b ≥ |S_b|(1 − t l_b), and Taylor c_b ≤ |S_b|(1 − t l_b) + t² K_b/2 with
    /// K_b = |S_b| l_b² e^{t_max |l_b|}. All partitions share V_1 = Σ|S_b|, so with E = Σ|S_b| l_b,
    /// g ≥ t(E(P*) − E_o*) − t² K(P*)/2 for any sparsest P* (E_o* the largest E over the other class).
    /// Every quantity is bounded outward.
    /// </summary>
    private static double CertifiedNeighbourhoodOfOne(CertifiedRunCosts costs)
    {
        var eLow = new double[costs.BlockCount];
        var eHigh = new double[costs.BlockCount];
        for (int k = 0; k < costs.BlockCount; k++)
        {
            if (!costs.IsBlock(k)) continue;
            double lLo = costs.LogLo[k], lHi = costs.LogHi[k];
            double sLo = ExpLower(lLo), sHi = ExpUpper(lHi);
            eLow[k] = lLo >= 0 ? MulDn(sLo, lLo) : MulDn(sHi, lLo);
            eHigh[k] = lHi >= 0 ? MulUp(sHi, lHi) : MulUp(sLo, lHi);
        }
        var best = Dp(costs, eLow, AddDn, minimise: false);
        double eoHigh = Dp(costs, eHigh, AddUp, minimise: false).Other;
        double gap = SubDn(best.Sparse, eoHigh);
        if (!(gap > 0)) return 0;
        double tMax = 0.5;
        for (int iteration = 0; iteration < 3; iteration++)
        {
            double kSum = 0;
            for (int k = 0; k < costs.BlockCount; k++)
            {
                if (!costs.IsBlock(k) || !best.SparseArg[k]) continue;
                double absL = Math.Max(Math.Abs(costs.LogLo[k]), Math.Abs(costs.LogHi[k]));
                kSum = AddUp(kSum, MulUp(ExpUpper(AddUp(costs.LogHi[k], MulUp(tMax, absL))), MulUp(absL, absL)));
            }
            double t = Math.Min(tMax, DivDn(MulDn(2, gap), kSum)) * 0.999;
            if (t >= tMax * 0.999) return t;
            tMax = t; // K shrinks with t_max; the bound stays valid for every t ≤ t_max
        }
        return tMax;
    }

    // ----- the class dynamic programme -----
}
