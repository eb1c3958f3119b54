using Verifier.Continuous.GlobalLp.Enumeration;
using Verifier.Shared.Numbers;

namespace Verifier.Continuous.GlobalLp;

/// <summary>A proven bracket <see cref="Lower"/> ≤ p* ≤ <see cref="Upper"/> from <see cref="EnumeratedPStar"/>.
/// <see cref="UpperCandidate"/> is the index of the non-sparsest candidate proven strictly cheaper than every sparsest
/// one at <see cref="Upper"/> (null when <see cref="Upper"/> is the trivial 1); <see cref="Sparsest"/> and
/// <see cref="NonSparsest"/> count the candidates with k₀ and with more nonzero products; <see cref="Intervals"/> is the
/// number of interval tests done.</summary>
public sealed record EnumeratedPStarBracket(double Lower, double Upper, int? UpperCandidate, int Sparsest, int NonSparsest, int Intervals)
{
    /// <summary>The bracket is at most 1e-9 wide.</summary>
    public bool Exact => Upper - Lower <= 1e-9;
}

/// <summary>
/// p* of Thm 4.1 bracketed from a finite candidate set that contains the structure of every ℓ^p minimiser for every
/// p: with cost_c(p) = Σ_v |u_v|^p over candidate c's nonzero products, the global minimum at p is min_c cost_c(p), so
/// p* = sup{a : min_{NS} cost(p) &gt; min_{S} cost(p) for every p ∈ (0, a]} (1 if this holds on all of (0, 1)), with
/// S the sparsest candidates (k₀ products) and NS the others.
/// </summary>
/// <remarks>
/// <para><b>Enclosure.</b> Each ln|u_v| is enclosed once in [ℓ⁻, ℓ⁺] (<see cref="Outward.LogBounds"/>, |u_v| an exact
/// rational). On an interval [p₁, p₂] ⊂ [0, 1], t ↦ |u|^t is monotone, so for p ∈ [p₁, p₂]
/// |u|^p ≥ e^{min(p₁ℓ⁻, p₂ℓ⁻)} and |u|^p ≤ e^{max(p₁ℓ⁺, p₂ℓ⁺)} (p·ln|u| lies between p·ℓ⁻ and p·ℓ⁺ since p ≥ 0, and
/// these are linear in p); products rounded outward and <see cref="Outward.ExpLower"/>/<see cref="Outward.ExpUpper"/>
/// make each a certified bound, and upward/downward sums give [Lo_c, Hi_c] ∋ cost_c(p) for every p ∈ [p₁, p₂]. A point
/// p is the interval [p, p] (the enclosure of <see cref="CertifiedCostCurve.Bounds"/>). As a cheap sound prefilter,
/// Jensen (AM–GM) gives cost_c(p) ≥ n·e^{p·m} with m ≤ (1/n)Σ_v ln|u_v|, bounded on the interval in the same way.</para>
/// <para><b>Lower end.</b> An interval J is proven when every NS candidate c has Lo_c(J) &gt; T(J) := min_{s ∈ S} Hi_s(J):
/// then for p ∈ J, cost_c(p) ≥ Lo_c(J) &gt; Hi_s(J) ≥ cost_s(p) for the minimising s. Intervals are tested from [0, 1] by
/// bisection, left first, down to width <c>resolution</c>; the proven ones cover [0, Lower] and Lower is the left end of
/// the first piece that could not be proven (1 if none). <b>Inheritance:</b> a child J ⊂ I tests only the NS candidates
/// not shown above T(I) on I, because such a c has cost_c(p) ≥ Lo_c(I) &gt; T(I) ≥ min_S cost(p) for every p ∈ I ⊇ J (a
/// failing test that prunes little stops early and passes the unexamined ones on); and only the sparsest s with
/// Lo_s(I) ≤ T(I), because any other has cost_s &gt; T(I) ≥ cost_{s'} on J for the s' attaining T(I), which is kept (this
/// only sharpens T: any subset of S gives a sound T).</para>
/// <para><b>Upper end.</b> At a point p where some NS candidate c has Hi_c(p) &lt; min over all s ∈ S of Lo_s(p), a
/// non-sparsest network is strictly cheaper than every sparsest one, so the condition fails at p and p* ≤ p (and
/// p &gt; Lower). Such a p is searched right of Lower (points Lower + resolution·2^j, then bisection), first among the NS
/// candidates left unproven on the failing piece, then among all; which candidates are tried affects only how good
/// the bound is, not its validity. A tie (curves touching without crossing) leaves the bracket wide. p* concerns
/// p ∈ (0, 1): curves that meet only at p = 1 (a neuron split into two with overlapping supports costs as much as the
/// merged neuron at p = 1 and more below) do not lower it, and the enumeration lists merged neurons only (maximal groupings).</para>
/// </remarks>
public static class EnumeratedPStar
{
    /// <summary>The bracket for <paramref name="candidates"/> (each the |u_v| &gt; 0 of one candidate's nonzero
    /// products; signs are ignored) and the proven ℓ^0 optimum <paramref name="k0"/>. A candidate with fewer than k₀
    /// products is a defect of the enumeration (<see cref="InvalidOperationException"/>).</summary>
    public static EnumeratedPStarBracket Certify(IReadOnlyList<Rational[]> candidates, int k0, double resolution = 1e-11,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        CheckArguments(k0, resolution);
        if (candidates.Count == 0) throw new ArgumentException("no candidates", nameof(candidates));
        return new Search(new CandidateLogs(candidates, cancellation), k0, resolution, cancellation).Run();
    }

    private static void CheckArguments(int k0, double resolution)
    {
        if (k0 < 1) throw new ArgumentOutOfRangeException(nameof(k0), "k0 ≥ 1");
        if (!(resolution > 0 && resolution < 1)) throw new ArgumentOutOfRangeException(nameof(resolution), "0 < resolution < 1");
    }

    /// <summary>The bracket for the candidates of a complete enumeration (their log enclosures built once and shared with
    /// <see cref="EnumeratedMinimum"/>).</summary>
    public static EnumeratedPStarBracket Certify(VertexEnumerationResult enumeration, int k0, double resolution = 1e-11,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(enumeration);
        CheckArguments(k0, resolution);
        if (!enumeration.Complete || enumeration.Candidates.Count == 0)
            throw new ArgumentException("the enumeration is incomplete or empty", nameof(enumeration));
        return new Search(enumeration.Logs(cancellation), k0, resolution, cancellation).Run();
    }

    /// <summary>The candidates' products as indices into distinct values with log enclosures, and per-test memos of the
    /// term bounds (a stamp per test, so shared values are exponentiated once per test).</summary>
    private sealed class Search
    {
        private readonly double[] _logLo, _logHi;
        private readonly int[] _start, _terms;
        private readonly double[] _meanLogLo;
        private readonly List<int> _sparsest = [], _nonSparsest = [];
        private readonly double _resolution;
        private readonly CancellationToken _cancellation;
        private readonly double[] _memoLo, _memoHi;
        private readonly int[] _stampLo, _stampHi;
        private int _stamp, _intervals;
        private double _p1, _p2;
        private List<int> _focus = [];

        public Search(CandidateLogs logs, int k0, double resolution, CancellationToken cancellation)
        {
            _resolution = resolution;
            _cancellation = cancellation;
            _start = logs.Start;
            _logLo = logs.LogLo;
            _logHi = logs.LogHi;
            int count = logs.Candidates;
            for (int c = 0; c < count; c++)
            {
                if (logs.Count(c) < k0)
                    throw new InvalidOperationException($"candidate {c} has {logs.Count(c)} nonzero products, fewer than k0 = {k0}");
                (logs.Count(c) == k0 ? _sparsest : _nonSparsest).Add(c);
            }
            if (_sparsest.Count == 0) throw new ArgumentException($"no candidate has k0 = {k0} products", nameof(k0));

            _terms = (int[])logs.Terms.Clone(); // sorted per candidate below
            _meanLogLo = new double[count];
            Comparison<int> largestFirst = (x, y) => _logHi[y].CompareTo(_logHi[x]); // early exits come sooner
            for (int c = 0; c < count; c++)
            {
                var span = _terms.AsSpan(_start[c], _start[c + 1] - _start[c]);
                span.Sort(largestFirst);
                double sum = 0;
                foreach (int v in span) sum = Outward.AddDn(sum, _logLo[v]);
                _meanLogLo[c] = Outward.DivDn(sum, span.Length);
            }
            _memoLo = new double[_logLo.Length];
            _memoHi = new double[_logLo.Length];
            _stampLo = new int[_logLo.Length];
            _stampHi = new int[_logLo.Length];
        }

        public EnumeratedPStarBracket Run()
        {
            if (_nonSparsest.Count == 0) return Result(1, 1, null);
            double lower = Explore(0, 1, _nonSparsest, _sparsest);
            if (lower >= 1) return Result(1, 1, null);
            List<int>[] pools = _focus.Count < _nonSparsest.Count ? [_focus, _nonSparsest] : [_nonSparsest];
            foreach (var pool in pools)
                if (FirstWitness(lower, pool) is { } found) return Result(lower, found.P, found.Candidate);
            return Result(lower, 1, null);
        }

        private EnumeratedPStarBracket Result(double lower, double upper, int? candidate) =>
            new(lower, upper, candidate, _sparsest.Count, _nonSparsest.Count, _intervals);

        /// <summary>The right end of the proven prefix of [p1, p2] (p2 when all of it is proven); the NS candidates left
        /// unproven on the failing piece go to <see cref="_focus"/>.</summary>
        private double Explore(double p1, double p2, List<int> nonSparsest, List<int> sparsest)
        {
            _cancellation.ThrowIfCancellationRequested();
            if (Proven(p1, p2, nonSparsest, sparsest, out var nsLeft, out var sLeft)) return p2;
            double mid = p1 + (p2 - p1) / 2;
            if (p2 - p1 <= _resolution || !(mid > p1 && mid < p2)) { _focus = nsLeft; return p1; }
            double reach = Explore(p1, mid, nsLeft, sLeft);
            return reach < mid ? reach : Explore(mid, p2, nsLeft, sLeft);
        }

        /// <summary>Every NS candidate of <paramref name="nonSparsest"/> has Lo_c &gt; T = min Hi_s over
        /// <paramref name="sparsest"/> on [p1, p2]; the candidates a child interval must still test are returned.</summary>
        private bool Proven(double p1, double p2, List<int> nonSparsest, List<int> sparsest, out List<int> nsLeft, out List<int> sLeft)
        {
            _intervals++;
            Begin(p1, p2);
            double threshold = double.PositiveInfinity;
            var lows = new double[sparsest.Count];
            for (int i = 0; i < sparsest.Count; i++)
            {
                if ((i & 4095) == 0) _cancellation.ThrowIfCancellationRequested();
                threshold = Math.Min(threshold, CostHi(sparsest[i], double.PositiveInfinity));
                lows[i] = CostLo(sparsest[i], double.PositiveInfinity);
            }
            sLeft = [];
            for (int i = 0; i < sparsest.Count; i++)
                if (lows[i] <= threshold) sLeft.Add(sparsest[i]);
            nsLeft = [];
            for (int i = 0; i < nonSparsest.Count; i++)
            {
                if ((i & 4095) == 0)
                {
                    _cancellation.ThrowIfCancellationRequested();
                    if (nsLeft.Count > 4096 && 2 * nsLeft.Count > i)
                    {
                        // Failing and pruning less than half: the children test the rest themselves (cheaper than finishing here).
                        nsLeft.AddRange(nonSparsest.GetRange(i, nonSparsest.Count - i));
                        break;
                    }
                }
                int c = nonSparsest[i];
                if (!(JensenLo(c) > threshold || CostLo(c, threshold) > threshold)) nsLeft.Add(c);
            }
            return nsLeft.Count == 0;
        }

        /// <summary>The smallest point found right of <paramref name="lower"/> where a candidate of
        /// <paramref name="pool"/> is proven strictly cheaper than every sparsest candidate: points lower + resolution·2^j
        /// up to 1, then bisection between the last point without and the first with a witness.</summary>
        private (double P, int Candidate)? FirstWitness(double lower, List<int> pool)
        {
            double below = lower;
            for (int j = 0; ; j++)
            {
                double q = Math.Min(1, lower + _resolution * Math.Pow(2, j));
                if (Witness(q, pool) is int w)
                {
                    double hi = q;
                    while (hi - below > _resolution)
                    {
                        double mid = below + (hi - below) / 2;
                        if (!(mid > below && mid < hi)) break;
                        if (Witness(mid, pool) is int m) { hi = mid; w = m; } else below = mid;
                    }
                    return (hi, w);
                }
                if (q >= 1) return null;
                below = q;
            }
        }

        /// <summary>The candidate of <paramref name="pool"/> with the least Hi_c(p) among those with
        /// Hi_c(p) &lt; min over all sparsest s of Lo_s(p), or null.</summary>
        private int? Witness(double p, List<int> pool)
        {
            _cancellation.ThrowIfCancellationRequested();
            Begin(p, p);
            double floor = double.PositiveInfinity;
            foreach (int s in _sparsest) floor = Math.Min(floor, CostLo(s, double.PositiveInfinity));
            int? best = null;
            for (int i = 0; i < pool.Count; i++)
            {
                if ((i & 4095) == 0) _cancellation.ThrowIfCancellationRequested();
                int c = pool[i];
                if (JensenLo(c) >= floor) continue; // Hi_c ≥ cost_c ≥ this: no witness
                double hi = CostHi(c, floor);
                if (hi < floor) { floor = hi; best = c; }
            }
            return best;
        }

        private void Begin(double p1, double p2)
        {
            _p1 = p1;
            _p2 = p2;
            _stamp++;
        }

        /// <summary>A lower bound of cost_c on [p1, p2]; the sum stops once it exceeds <paramref name="stop"/> (every
        /// partial sum is a lower bound, the terms being ≥ 0).</summary>
        private double CostLo(int c, double stop)
        {
            double sum = 0;
            for (int t = _start[c]; t < _start[c + 1] && !(sum > stop); t++) sum = Outward.AddDn(sum, TermLo(_terms[t]));
            return sum;
        }

        /// <summary>An upper bound of cost_c on [p1, p2], or a value ≥ <paramref name="stop"/> once the partial sum reaches it.</summary>
        private double CostHi(int c, double stop)
        {
            double sum = 0;
            for (int t = _start[c]; t < _start[c + 1] && sum < stop; t++) sum = Outward.AddUp(sum, TermHi(_terms[t]));
            return sum;
        }

        /// <summary>n·e^{min(p1·m, p2·m)} rounded down, m ≤ the mean of ln|u_v|: ≤ cost_c on [p1, p2] by Jensen.</summary>
        private double JensenLo(int c)
        {
            double m = _meanLogLo[c];
            return Outward.MulDn(_start[c + 1] - _start[c], ExpDn(ExponentDn(m)));
        }

        /// <summary>A value ≤ p·l for every p ∈ [p1, p2] (linear in p: the smaller end, rounded down; 0·l = 0 exactly).</summary>
        private double ExponentDn(double l) =>
            Math.Min(_p1 == 0 ? 0 : Outward.MulDn(_p1, l), _p2 == 0 ? 0 : Outward.MulDn(_p2, l));

        /// <summary>A value ≥ p·l for every p ∈ [p1, p2].</summary>
        private double ExponentUp(double l) =>
            Math.Max(_p1 == 0 ? 0 : Outward.MulUp(_p1, l), _p2 == 0 ? 0 : Outward.MulUp(_p2, l));

        /// <summary>A value ≤ e^x: e^0 = 1 taken exactly (the series of <see cref="Outward.ExpLower"/> would step
        /// through slow subnormal values there).</summary>
        private static double ExpDn(double x) => x == 0 ? 1 : Outward.ExpLower(x);

        /// <summary>A value ≥ e^x.</summary>
        private static double ExpUp(double x) => x == 0 ? 1 : Outward.ExpUpper(x);

        private double TermLo(int v)
        {
            if (_stampLo[v] != _stamp)
            {
                _stampLo[v] = _stamp;
                _memoLo[v] = ExpDn(ExponentDn(_logLo[v]));
            }
            return _memoLo[v];
        }

        private double TermHi(int v)
        {
            if (_stampHi[v] != _stamp)
            {
                _stampHi[v] = _stamp;
                _memoHi[v] = ExpUp(ExponentUp(_logHi[v]));
            }
            return _memoHi[v];
        }
    }
}
