using System.Numerics;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Numbers;
using static Verifier.Shared.Numbers.Outward;

namespace Verifier.Continuous.Univariate;

/// <summary>Exact ties of <see cref="UnivariatePStar"/>: a rational p = m/n where both class minima are exact rationals and equal, proven in rational arithmetic.</summary>
public static partial class UnivariatePStar
{
    /// <summary>
    /// The least rational m/n in [from, to] (n up to the bit length of the block magnitudes) at which the
    /// cost curves are proven to tie exactly and below which, down to from, g &gt; 0 is proven; null if none.
    /// </summary>
    private static Rational? ExactTie(CertifiedRunCosts costs, double from, double to)
    {
        if (!(to >= from)) return null;
        Rational rFrom = Rational.FromDouble(from), rTo = Rational.FromDouble(to);
        int maxN = 1;
        for (int k = 0; k < costs.BlockCount; k++)
        {
            if (!costs.IsBlock(k) || costs.Abs[k] == Rational.One) continue;
            maxN = Math.Max(maxN, (int)Math.Max(costs.Abs[k].Numerator.GetBitLength(), costs.Abs[k].Denominator.GetBitLength()));
        }
        maxN = Math.Min(maxN, 256);
        var candidates = new List<Rational>();
        for (int n = 1; n <= maxN; n++)
        {
            BigInteger mLo = CeilTimes(rFrom, n), mHi = FloorTimes(rTo, n);
            for (BigInteger m = BigInteger.Max(mLo, 1); m <= mHi && m <= n && m - mLo < 8; m++)
                if (BigInteger.GreatestCommonDivisor(m, n).IsOne) candidates.Add(Rational.Create(m, n));
        }
        candidates.Sort();
        foreach (var c in candidates)
            if (c > rFrom && CertifyTie(costs, (int)c.Numerator, (int)c.Denominator, rFrom)) return c;
        return null;

        static BigInteger CeilTimes(Rational r, int n) => (r * Rational.FromInteger(n)).Ceiling();
        static BigInteger FloorTimes(Rational r, int n) => (r * Rational.FromInteger(n)).Floor();
    }

    /// <summary>
    /// Proves g(m/n) = 0 and g &gt; 0 on [from, m/n). Block costs at m/n are exact rationals where |S| is a perfect
    /// n-th power and rational enclosures otherwise; the class minima are computed in exact rational arithmetic
    /// from the lower and from the upper costs. If both agree for each class (so A and B are known exactly) and
    /// A = B, the tie is proven, and a sparsest partition P0 attaining A gives f_Q(0) = cost_Q − A ≥ B − A = 0 for
    /// every non-sparsest Q; a positive <see cref="StepBound"/> anchored at m/n over a step reaching below from
    /// then proves g &gt; 0 on [from, m/n).
    /// </summary>
    private static bool CertifyTie(CertifiedRunCosts costs, int m, int n, Rational from)
    {
        var p = Rational.Create(m, n);
        var (pLo, pHi) = Bounds(p);
        var (eLo, eHi) = costs.CostBounds(pLo, pHi);
        var wLo = new Rational[costs.BlockCount];
        var wHi = new Rational[costs.BlockCount];
        var aLo = new double[costs.BlockCount];
        var aHi = new double[costs.BlockCount];
        int exactBlocks = 0;
        for (int k = 0; k < costs.BlockCount; k++)
        {
            if (!costs.IsBlock(k)) continue;
            if (ExactRoots.Power(costs.Abs[k], m, n) is { } c)
            {
                exactBlocks++;
                wLo[k] = wHi[k] = c;
                (aLo[k], aHi[k]) = Bounds(c);
            }
            else
            {
                (aLo[k], aHi[k]) = (eLo[k], eHi[k]);
                wLo[k] = Rational.FromDouble(eLo[k]);
                wHi[k] = Rational.FromDouble(eHi[k]);
            }
        }
        if (exactBlocks == 0) return false;
        var lower = Dp(costs, wLo, (a, b) => a + b, minimise: true);
        var upper = Dp(costs, wHi, (a, b) => a + b, minimise: true);
        if (!(lower.Sparse == upper.Sparse && lower.Other == upper.Other && lower.Sparse == lower.Other)) return false;
        // g > 0 on [from, p): anchored steps of length h ≥ p − from.
        var gap = p - from;
        for (int k = 0; k < 60; k++)
        {
            double h = Bounds(gap * Rational.FromInteger(BigInteger.Pow(2, k))).Hi;
            if (h > 1) break;
            var (_, farHi) = costs.CostBounds(SubDn(pLo, h), pHi);
            if (StepBound(costs, aLo, aHi, farHi, h, -1, upper.SparseArg) > 0) return true;
        }
        return false;
    }

    // ----- near p = 1 -----
}
