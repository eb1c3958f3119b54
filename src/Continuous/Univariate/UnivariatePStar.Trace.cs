using System.Numerics;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Numbers;
using static Verifier.Shared.Numbers.Outward;

namespace Verifier.Continuous.Univariate;

/// <summary>The certified trace of <see cref="UnivariatePStar"/>: outward-rounded bounds of the cost-curve difference g at a point and over a step, the forward trace that proves g &gt; 0, and the search for a point where g &lt; 0 is proven (the upper end).</summary>
public static partial class UnivariatePStar
{
    /// <summary>Certified data at one p: cost enclosures, a sparsest partition P0 (optimal for the upper
    /// costs) and G ≤ B(p) − cost_P0(p) ≤ g(p).</summary>
    private sealed record Point(double P, double[] CLo, double[] CHi, bool[] P0, double G);

    private static Point PointBound(CertifiedRunCosts costs, double p)
    {
        var (lo, hi) = costs.CostBounds(p, p);
        var upperDp = Dp(costs, hi, AddUp, minimise: true);
        var lowerDp = Dp(costs, lo, AddDn, minimise: true);
        return new Point(p, lo, hi, upperDp.SparseArg, SubDn(lowerDp.Other, upperDp.Sparse));
    }

    /// <summary>
    /// From start (where g &gt; 0 is to be shown) advance over steps with a positive <see cref="StepBound"/>,
    /// doubling the step after a success and halving it otherwise. Returns the point reached, with g &gt; 0
    /// proven on [start, P], and whether it is stopAt.
    /// </summary>
    private static (double P, bool Reached) Trace(CertifiedRunCosts costs, double start, double stopAt, ref int evals)
    {
        double p = start, width = 1.0 / 64;
        var pt = PointBound(costs, p);
        evals++;
        if (!(pt.G > 0)) return (p, false);
        while (p < stopAt)
        {
            if (evals >= MaxEvaluations(costs)) return (p, false);
            double hi = Math.Min(stopAt, p + width);
            if (!(hi > p)) return (p, false);
            double h = SubUp(hi, p); // ≥ hi − p: the bound then covers [p, hi]
            double far = AddUp(p, h);
            var (_, farHi) = costs.CostBounds(p, far);
            evals++;
            if (StepBound(costs, pt.CLo, pt.CHi, farHi, h, +1, pt.P0) > 0)
            {
                p = hi;
                width *= 2;
                pt = PointBound(costs, p);
                evals++;
                if (!(pt.G > 0)) return (p, p >= stopAt);
            }
            else
            {
                width *= 0.5;
                if (!(p + width > p)) return (p, false);
            }
        }
        return (p, true);
    }

    /// <summary>
    /// A lower bound of min over non-sparsest Q of f_Q(h), where for δ ∈ [0, h] and the interval between the
    /// anchor a and a + s·h (s = ±1), with c_b(a + sδ) = c_b(a)e^{sδ l_b}:
    /// f_Q(δ) = Σ_{Q∖P0} c_b(a)(1 + sδ l_b) − Σ_{P0∖Q} [c_b(a)(1 + sδ l_b) + M_b δ²/2] ≤ cost_Q − cost_P0,
    /// by convexity (tangent below) and Taylor (M_b = l_b² max c_b on the interval). f_Q is concave in δ, so if
    /// f_Q(0) ≥ 0 for every Q and the returned bound of f(h) is positive, then cost_Q &gt; cost_P0 ≥ A, i.e.
    /// g &gt; 0, on the half-open interval away from the anchor (and at the anchor too when f_Q(0) &gt; 0).
    /// At δ = h the bound is additive over Q's blocks (P0's own blocks cancel), i.e. one class DP.
    /// </summary>
    private static double StepBound(CertifiedRunCosts costs, double[] aLo, double[] aHi, double[] farHi, double h, int s, bool[] p0)
    {
        var w = new double[costs.BlockCount];
        double p0Sum = 0;
        for (int k = 0; k < costs.BlockCount; k++)
        {
            if (!costs.IsBlock(k)) continue;
            double slLo = s > 0 ? costs.LogLo[k] : -costs.LogHi[k], slHi = s > 0 ? costs.LogHi[k] : -costs.LogLo[k];
            double xLo = AddDn(1, MulDn(slLo, h)), xHi = AddUp(1, MulUp(slHi, h));
            double tangentLo = xLo >= 0 ? MulDn(aLo[k], xLo) : MulDn(aHi[k], xLo);
            if (p0[k])
            {
                double tangentHi = xHi >= 0 ? MulUp(aHi[k], xHi) : MulUp(aLo[k], xHi);
                double absL = Math.Max(Math.Abs(costs.LogLo[k]), Math.Abs(costs.LogHi[k]));
                double quad = MulUp(MulUp(MulUp(absL, absL), Math.Max(aHi[k], farHi[k])), MulUp(MulUp(h, h), 0.5));
                w[k] = AddUp(tangentHi, quad);
                p0Sum = AddUp(p0Sum, w[k]);
            }
            else w[k] = tangentLo;
        }
        var other = Dp(costs, w, AddDn, minimise: true).Other;
        return SubDn(other, p0Sum);
    }

    // ----- upper end: proven sign -----

    /// <summary>B(q) &lt; A(q) proven: an upper bound of B below a lower bound of A.</summary>
    private static bool ProvenNegative(CertifiedRunCosts costs, double q)
    {
        var (lo, hi) = costs.CostBounds(q, q);
        double upperB = Dp(costs, hi, AddUp, minimise: true).Other;
        double lowerA = Dp(costs, lo, AddDn, minimise: true).Sparse;
        return SubUp(upperB, lowerA) < 0;
    }

    /// <summary>The least point found past p0 where g &lt; 0 is proven, bisected on proven signs; 1 if none.</summary>
    private static double FindUpper(CertifiedRunCosts costs, double p0, double oneStop, ref int evals, int depth)
    {
        double prev = p0, restart = double.NaN;
        for (double delta = Math.Max(1e-17, 2 * (Up(p0) - p0)); ; delta *= 2)
        {
            double q = p0 + delta;
            if (!(q < 1)) break;
            evals++;
            if (ProvenNegative(costs, q)) return Bisect(costs, prev, q, ref evals);
            if (double.IsNaN(restart) && delta >= 1e-9 && PointBound(costs, q).G > 0) restart = q;
            prev = q;
        }
        // g came back clearly positive past p0 (a touch, or flat rounding-level stretch): look further on.
        if (!double.IsNaN(restart) && depth < 3 && evals < MaxEvaluations(costs))
        {
            var (p1, reached) = Trace(costs, restart, oneStop, ref evals);
            if (!reached) return FindUpper(costs, p1, oneStop, ref evals, depth + 1);
        }
        return 1;
    }

    private static double Bisect(CertifiedRunCosts costs, double lo, double hi, ref int evals)
    {
        for (int k = 0; k < 200; k++)
        {
            double mid = lo + 0.5 * (hi - lo);
            if (!(mid > lo && mid < hi)) break;
            evals++;
            if (ProvenNegative(costs, mid)) hi = mid; else lo = mid;
        }
        return hi;
    }

    // ----- exact ties -----
}
