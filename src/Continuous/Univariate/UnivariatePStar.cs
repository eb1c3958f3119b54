using System.Numerics;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Numbers;
using static Verifier.Shared.Numbers.Outward;

namespace Verifier.Continuous.Univariate;

/// <summary>The critical threshold p* of 1-D data and the evidence for it.</summary>
/// <param name="PStar">The exact value when known (<paramref name="ExactValue"/>), else the bracket's midpoint when
/// <paramref name="Exact"/> (1 when no crossing was proven), else the certified lower end.</param>
/// <param name="Lower">Certified lower bound: on [0, Lower] every min-V_p interpolant is sparsest (p* ≥ Lower).</param>
/// <param name="Upper">Certified upper bound: p* ≤ Upper (at Upper, or at a point below it, a non-sparsest
/// partition is proven to cost no more than every sparsest one; 1 when none was found).</param>
/// <param name="LimitingRun">The run that attains the upper end (null when Upper = 1).</param>
/// <param name="SparsestNeurons">The exact ℓ^0 minimum Σ⌈L/2⌉.</param>
/// <param name="Exact">True when p* is known exactly or [Lower, Upper] is at most 1e-9 wide.</param>
/// <param name="Evaluations">Certified cost-curve evaluations used (for diagnostics).</param>
/// <param name="ExactValue">p* as an exact rational when it is proven: a tie of the cost curves at a rational p
/// where both optima are rational, or p* = 1 certified.</param>
public sealed record PStarResult(double PStar, double Lower, double Upper, Run? LimitingRun, int SparsestNeurons, bool Exact, int Evaluations,
    Rational? ExactValue = null);

/// <summary>
/// The critical threshold p* of Thm 3.2 for 1-D data with the free linear term, computed run by run from the
/// competing cost curves with certified (outward-rounded) arithmetic, not by scanning a grid.
/// </summary>
/// <remarks>
/// On a run of L slope changes a block partition has s singles and (L − s)/2 pairs; it is sparsest iff
/// s = L mod 2. Let A(p) be the least cost Σ|block|^p over sparsest partitions and B(p) over the others
/// (a dynamic programme that tracks s capped at 3). The min-V_p interpolant on the run is sparsest exactly
/// while g = B − A &gt; 0; g(0) ≥ 1, so p*_run = inf{p ∈ (0, 1) : g(p) ≤ 0} (1 if empty) and p* = min over runs.
/// g is never identically zero: a sparsest and a non-sparsest partition have different numbers of blocks, so
/// their cost multisets differ (footnote 5's identical curves only occur within one class).
/// <para>Every cost |S|^p = e^{p ln|S|} is enclosed with a proven logarithm and a proven exponential
/// (<see cref="Outward"/>), and every sum is rounded outward, so each bound below is a theorem about the reals.</para>
/// <list type="bullet">
/// <item>Runs of at most three points: p*_run = 1, since t ↦ t^p is strictly subadditive and every
/// non-sparsest partition of such a run has two adjacent singles, whose merger is cheaper.</item>
/// <item>Lower end: the run is traced from p = 0 by steps [p, p + h] on which a certified lower bound of g is
/// positive (<see cref="StepBound"/>); the trace stops where that bound can no longer be made positive.</item>
/// <item>Upper end: a point q with B(q) &lt; A(q) proven (upper bound of B below lower bound of A), found
/// by doubling steps past the trace's end and bisected on proven signs only.</item>
/// <item>Exact ties: rational p = m/n just past the trace's end where every block magnitude that matters is a
/// perfect n-th power are checked in exact rational arithmetic (A = B proven), then g &gt; 0 on the gap is
/// proven by a step bound anchored at m/n; then p*_run = m/n exactly.</item>
/// <item>Near p = 1 every partition costs V_1 = Σ|Δ| and g(1 − t) ≥ t(E_s − E_o) − t²K/2
/// (<see cref="CertifiedNeighbourhoodOfOne"/>): when E_s &gt; E_o this proves g &gt; 0 on (1 − t_c, 1).</item>
/// </list>
/// </remarks>
public static class UnivariatePStar
{
    /// <summary>Evaluation budget of one run: each evaluation costs O(L), so about 1.6·10^6 block costs per run
    /// (a few seconds); a run that exhausts it keeps the lower end reached (exact: false).</summary>
    private static int MaxEvaluations(CertifiedRunCosts costs) => Math.Max(5_000, 1_600_000 / (costs.Length + 4));
    /// <summary>Exact ties are looked for in [lower, lower + TieWindow].</summary>
    private const double TieWindow = 1e-6;

    private readonly record struct RunBracket(double Lower, double Upper, Rational? Tie);

    public static PStarResult Compute(UnivariateStructure structure)
    {
        double lower = 1, upper = 1;
        Run? limiting = null;
        int evaluations = 0;
        var brackets = new List<RunBracket>();
        foreach (var run in structure.Runs)
        {
            if (run.Length <= 3) continue;
            var costs = new CertifiedRunCosts(structure, run);
            int evals = 0;
            var b = BracketRun(costs, upper, ref evals);
            evaluations += evals;
            brackets.Add(b);
            lower = Math.Min(lower, b.Lower);
            if (b.Upper < upper) { upper = b.Upper; limiting = run; }
        }
        Rational? exactValue = lower >= 1 ? Rational.One : SmallestTieIfItIsPStar(brackets);
        bool exact = exactValue is not null || upper - lower <= 1e-9;
        double pStar = exactValue is { } v ? v.ToDouble() : !exact ? lower : upper >= 1 ? 1 : 0.5 * (lower + upper);
        return new PStarResult(pStar, lower, upper, limiting, structure.SparsestNeuronCount, exact, evaluations, exactValue);
    }

    /// <summary>The least proven tie t when every run's p* is proven ≥ t (its lower end, or its own tie).</summary>
    private static Rational? SmallestTieIfItIsPStar(List<RunBracket> brackets)
    {
        Rational? t = null;
        foreach (var b in brackets) if (b.Tie is { } tie && (t is null || tie < t.Value)) t = tie;
        if (t is not { } best) return null;
        foreach (var b in brackets)
            if (b.Tie != best && Rational.FromDouble(b.Lower) < best) return null;
        return best;
    }

    private static RunBracket BracketRun(CertifiedRunCosts costs, double bestUpper, ref int evals)
    {
        double tOne = CertifiedNeighbourhoodOfOne(costs);
        double oneStop = tOne > 0 ? SubUp(1, tOne) : 1; // g > 0 proven on (1 − tOne, 1) ⊇ (oneStop, 1)
        double stopAt = Math.Min(bestUpper, oneStop);
        var (p0, reached) = Trace(costs, 0, stopAt, ref evals);
        if (reached) return stopAt >= oneStop ? new RunBracket(1, 1, null) : new RunBracket(stopAt, 1, null);
        double upper = FindUpper(costs, p0, oneStop, ref evals, depth: 0);
        if (ExactTie(costs, p0, Math.Min(upper, p0 + TieWindow)) is { } tie)
        {
            var (lo, hi) = Bounds(tie);
            return new RunBracket(lo, hi, tie);
        }
        return new RunBracket(p0, upper, null);
    }

    // ----- lower end: certified trace -----

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

        static BigInteger CeilTimes(Rational r, int n) => CeilDiv(r.Numerator * n, r.Denominator);
        static BigInteger FloorTimes(Rational r, int n) => FloorDiv(r.Numerator * n, r.Denominator);
    }

    private static BigInteger FloorDiv(BigInteger a, BigInteger b) // b > 0
    {
        var q = BigInteger.DivRem(a, b, out var rem);
        return rem.Sign < 0 ? q - 1 : q;
    }

    private static BigInteger CeilDiv(BigInteger a, BigInteger b) => -FloorDiv(-a, b);

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

    private sealed record DpResult<T>(T Sparse, T Other, bool[] SparseArg);

    /// <summary>
    /// Optimises Σ_blocks w over partitions of the run into blocks of one or two, separately for the sparsest class
    /// (singles = L mod 2) and the rest (singles ≥ L mod 2 + 2; state: singles so far, capped at 3), with a
    /// partition attaining the sparsest optimum. With an outward-rounded add the optimum of rounded path sums is a
    /// bound of the exact optimum (rounding is monotone, so the DP's choices commute with it).
    /// </summary>
    private static DpResult<T> Dp<T>(CertifiedRunCosts costs, T[] w, Func<T, T, T> add, bool minimise) where T : IComparable<T>
    {
        int len = costs.Length;
        var f = new T[len + 1, 4];
        var has = new bool[len + 1, 4];
        var from = new int[len + 1, 4];
        var viaPair = new bool[len + 1, 4];
        has[0, 0] = true;
        f[0, 0] = default!; // zero for double and for Rational
        for (int j = 1; j <= len; j++)
        {
            for (int st = 0; st < 4; st++)
            {
                if (!has[j - 1, st]) continue;
                Relax(j, Math.Min(3, st + 1), add(f[j - 1, st], w[j - 1]), st, false);
            }
            if (j >= 2)
                for (int st = 0; st < 4; st++)
                    if (has[j - 2, st]) Relax(j, st, add(f[j - 2, st], w[len + j - 1]), st, true);
        }
        int parity = len % 2;
        T sparse = f[len, parity];
        T other = default!;
        bool hasOther = false;
        for (int st = parity + 2; st < 4; st++)
            if (has[len, st] && (!hasOther || Better(f[len, st], other))) { other = f[len, st]; hasOther = true; }
        if (!hasOther) throw new InvalidOperationException("a run of at least two slope changes has non-sparsest partitions");
        var arg = new bool[costs.BlockCount];
        for (int j = len, st = parity; j > 0;)
        {
            int prevSt = from[j, st];
            if (viaPair[j, st]) { arg[len + j - 1] = true; j -= 2; }
            else { arg[j - 1] = true; j -= 1; }
            st = prevSt;
        }
        return new DpResult<T>(sparse, other, arg);

        bool Better(T a, T b) => minimise ? a.CompareTo(b) < 0 : a.CompareTo(b) > 0;
        void Relax(int j, int st, T v, int prevSt, bool pair)
        {
            if (has[j, st] && !Better(v, f[j, st])) return;
            f[j, st] = v; has[j, st] = true; from[j, st] = prevSt; viaPair[j, st] = pair;
        }
    }
}
