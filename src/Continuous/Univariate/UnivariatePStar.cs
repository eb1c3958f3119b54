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
public static partial class UnivariatePStar
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
