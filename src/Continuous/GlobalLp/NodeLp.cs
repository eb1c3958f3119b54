using Google.OrTools.LinearSolver;
using Verifier.Shared.Numbers;
using Verifier.Reformulation;

namespace Verifier.Continuous.GlobalLp;

/// <summary>
/// The LP over the split <see cref="BlockModel"/> (GLOP), built once; each call sets the variable box and a
/// linear objective and returns an optimal vertex, or null when the LP is infeasible or fails.
/// </summary>
internal sealed partial class NodeLp
{
    private readonly Solver _solver;
    private readonly Variable[] _w;
    /// <summary>Elastic columns of the rows (e⁺_i, e⁻_i for interpolation row i, e_r for cone row r), cost 1: only in
    /// the phase-1 model of <see cref="ProvesEmpty"/>.</summary>
    private readonly List<Variable> _elastic = [];
    private NodeLp? _phaseOne;
    private const string TightTolerances = "primal_feasibility_tolerance: 1e-12 dual_feasibility_tolerance: 1e-13";
    private const string DefaultTolerances = "primal_feasibility_tolerance: 1e-8 dual_feasibility_tolerance: 1e-8";
    private readonly List<(Constraint Row, double Rhs, bool Equality)> _rows = [];
    /// <summary>Per variable, its (row index, coefficient, conversion error) triples: the coefficient is the exact rational
    /// datum rounded to a double, and the error a double ≥ |exact − coefficient| (computed exactly, rounded up).</summary>
    private readonly List<(int Row, double A, double Error)>[] _columns;
    public BlockModel Polyhedron { get; }
    /// <summary>Number of LP solves so far (with the phase-1 LPs of <see cref="ProvesEmpty"/>).</summary>
    public int Calls => _calls + (_phaseOne?.Calls ?? 0);
    private int _calls;

    /// <summary>Builds the LP; <paramref name="stop"/> is asked once per block and, when it says so, the construction
    /// ends with <see cref="OperationCanceledException"/> (the model grows as blocks × (d + 1) columns: 2^N blocks
    /// when N ≤ d + 1, so a time limit must reach into it).</summary>
    public NodeLp(BlockModel poly, Func<bool>? stop = null) : this(poly, elastic: false, stop) { }

    private NodeLp(BlockModel poly, bool elastic, Func<bool>? stop = null)
    {
        Polyhedron = poly;
        _solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("GLOP is not available");
        // Tight dual tolerances: a reduced cost left at −1e-7 costs 1e-7·U in the weak-duality bound.
        _solver.SetSolverSpecificParametersAsString(TightTolerances);
        int width = poly.Width;
        _w = new Variable[poly.Variables];
        _columns = Enumerable.Range(0, poly.Variables).Select(_ => new List<(int, double, double)>()).ToArray();
        for (int v = 0; v < _w.Length; v++) _w[v] = _solver.MakeNumVar(0, double.PositiveInfinity, $"w{v}");
        for (int i = 0; i < poly.Points; i++)
        {
            double y = poly.Data.Y(i).ToDouble();
            var row = _solver.MakeConstraint(y, y, $"y{i}");
            _rows.Add((row, y, true));
            for (int b = 0; b < poly.Blocks.Count; b++)
                for (int k = 0; k < width; k++)
                {
                    if (k == 0 && stop is not null && stop()) throw new OperationCanceledException("the LP construction ran out of time");
                    var exact = poly.InterpolationCoefficient(i, b, k);
                    double a = exact.ToDouble(), error = ConversionError(exact, a);
                    if (a == 0 && exact.IsZero) continue;
                    Set(row, 2 * (b * width + k), a, error);
                    Set(row, 2 * (b * width + k) + 1, -a, error);
                }
        }
        for (int i = 0; i < poly.Points && elastic; i++)
        {
            var plus = _solver.MakeNumVar(0, double.PositiveInfinity, $"e+{i}");
            var minus = _solver.MakeNumVar(0, double.PositiveInfinity, $"e-{i}");
            _rows[i].Row.SetCoefficient(plus, 1);
            _rows[i].Row.SetCoefficient(minus, -1);
            _elastic.Add(plus); _elastic.Add(minus);
        }
        for (int b = 0; b < poly.Blocks.Count; b++)
            for (int i = 0; i < poly.Points; i++)
            {
                if (i == 0 && stop is not null && stop()) throw new OperationCanceledException("the LP construction ran out of time");
                var row = _solver.MakeConstraint(0, double.PositiveInfinity, $"g{b}_{i}");
                _rows.Add((row, 0, false));
                if (elastic)
                {
                    var slack = _solver.MakeNumVar(0, double.PositiveInfinity, $"e{b}_{i}");
                    row.SetCoefficient(slack, 1);
                    _elastic.Add(slack);
                }
                for (int k = 0; k < width; k++)
                {
                    var exact = poly.ConeCoefficient(i, b, k);
                    double g = exact.ToDouble(), error = ConversionError(exact, g);
                    if (g == 0 && exact.IsZero) continue;
                    Set(row, 2 * (b * width + k), g, error);
                    Set(row, 2 * (b * width + k) + 1, -g, error);
                }
            }
    }

    private void Set(Constraint row, int v, double a, double error)
    {
        row.SetCoefficient(_w[v], a);
        _columns[v].Add((_rows.Count - 1, a, error));
    }

    /// <summary>A double ≥ |exact − rounded|: 0 when the datum is a double, else the exact difference rounded up.</summary>
    private static double ConversionError(Rational exact, double rounded) =>
        double.IsFinite(rounded) ? Outward.Above((exact - Rational.FromDouble(rounded)).Abs()) : double.PositiveInfinity;

    /// <summary>
    /// A lower bound on min{Σ_v w_v^p : w in the polyhedron, lo ≤ w ≤ hi} that does not trust the LP solver
    /// (Lagrangian / weak duality): for multipliers λ (interpolation rows) and μ ≥ 0 (cone rows) and every feasible
    /// w, Σ_v a_v w_v ≥ λ·y with a = Aᵀλ + Gᵀμ, hence Σ w_v^p ≥ λ·y + Σ_v min_{t ∈ [lo_v, hi_v]} (t^p − a_v t), and each
    /// one-dimensional minimum of this concave function sits at an endpoint (on [lo, ∞) it is lo when a_v ≤ 0 and
    /// −∞ otherwise). The multipliers are the last solve's
    /// duals times <paramref name="costScale"/> (the LP saw the objective divided by it), μ clamped to ≥ 0; a_v is
    /// rounded up by a bound on its floating error (w ≥ 0 makes that conservative, and makes every later use of a_v
    /// exact in the sense of a lower bound). The sum then loses a rigorous bound on the rest of the rounding, with
    /// u = 2^−53 and u' = 1.2e-16 ≥ u/(1 − n u) absorbing the second-order terms:
    /// (i) each row term λ_r y_r errs by ≤ 2u·|λ_r y_r| (y rounded to double, the product);
    /// (ii) each endpoint value e = t^p − a_v t errs by ≤ 6u·(t^p + |a_v| t) (Math.Pow within 4 ulps, the product, the
    /// difference; exactly 0 at t = 0); the computed min of the two endpoints errs by at most the chosen endpoint's
    /// error when the computed values differ by more than twice the sum of both errors (then the choice is the true one),
    /// and by at most the larger error otherwise;
    /// (iii) recursive summation of the n computed summands s_i errs by ≤ γ_{n−1}·Σ|s_i| (Higham, Thm 4.2).
    /// Only the endpoints actually chosen enter (ii) and (iii): a variable at its lower end 0 with a hugely negative
    /// a_v (a large reduced cost on a wide box) contributes nothing, instead of |a_v|·hi_v (at small p that blanket
    /// term was 10^7 times the objective and kept instances with N = 2 from certifying). The result is clamped to ≥ 0
    /// (the objective is nonnegative), and a NaN or infinite intermediate (overflow, an infinite end with a_v &gt; 0, NaN duals) gives the trivial bound 0:
    /// the result is always finite, so it can neither prune nor certify by accident.
    /// </summary>
    /// <remarks>Returned with its per-variable parts, which <see cref="RangeReduction"/> uses.</remarks>
    public LagrangianTerms Lagrangian(double[] lo, double[] hi, double costScale, double p)
    {
        var (dual, rowSum, rowAbs) = Multipliers(costScale);
        var aUp = new double[_w.Length];
        for (int v = 0; v < _w.Length; v++) aUp[v] = CoefficientUp(v, dual);
        return Assemble(lo, hi, p, rowSum, rowAbs, _rows.Count, aUp);
    }

    /// <summary>The multipliers of the last solve: the LP's row duals times <paramref name="costScale"/>, those of the
    /// inequality rows clipped to ≥ 0 (any such λ, μ give a valid bound), with Σ_r λ_r y_r and Σ_r |λ_r y_r|.</summary>
    private (double[] Dual, double RowSum, double RowAbs) Multipliers(double costScale)
    {
        var dual = new double[_rows.Count];
        double rowSum = 0, rowAbs = 0;
        for (int r = 0; r < _rows.Count; r++)
        {
            dual[r] = _rows[r].Row.DualValue() * costScale;
            if (!_rows[r].Equality) dual[r] = Math.Max(0, dual[r]);
            rowSum += dual[r] * _rows[r].Rhs; rowAbs += Math.Abs(dual[r] * _rows[r].Rhs);
        }
        return (dual, rowSum, rowAbs);
    }

    /// <summary>a_v = (Aᵀλ + Gᵀμ)_v rounded up, for the exact data A and the multipliers as the doubles they are:
    /// |computed a − true a| ≤ (terms + 2)·u'·Σ|terms| for the products and their recursive sum (Higham, Thm 4.2; u' =
    /// 1.2e-16 ≥ u/(1 − n u), u = 2^−53), plus Σ_r |λ_r|·e_r for the data's own rounding, with e_r ≥ |exact − double|
    /// measured exactly for each coefficient when the LP was built (so no assumption about how a rational was rounded:
    /// for 3-decimal data e_r ≤ u/2·|A_r|, while a blanket 3u per coefficient cost the node bounds up to 10^-4 on the
    /// wide boxes of small p and stopped N = 3 at p = 0.05 from certifying); that sum is itself computed in doubles, so
    /// it is scaled up by 1 + 1e-13. A coefficient below the double range rounds to 0 and is accounted for by its error.</summary>
    private double CoefficientUp(int v, double[] dual)
    {
        double a = 0, absA = 0, data = 0;
        foreach (var (row, coefficient, error) in _columns[v])
        {
            double term = dual[row] * coefficient;
            a += term; absA += Math.Abs(term); data += Math.Abs(dual[row]) * error;
        }
        return a + (_columns[v].Count + 2) * 1.2e-16 * absA + data * (1 + 1e-13) + double.Epsilon;
    }

    /// <summary>λ·y + Σ_v min_{[lo_v, hi_v]}(t^p − a_v t) minus the rounding bound (ii)–(iii) of
    /// <see cref="Lagrangian"/> (with each variable's term and a bound on its error), from the row part already summed (<paramref name="rowSum"/> over
    /// <paramref name="rowTerms"/> summands of absolute sum <paramref name="rowAbs"/>) and each a_v rounded up.</summary>
    private LagrangianTerms Assemble(double[] lo, double[] hi, double p, double rowSum, double rowAbs, int rowTerms, double[] aUp)
    {
        double sum = rowSum, abs = 0, endpointError = 0;
        int summands = rowTerms + _w.Length;
        var terms = new double[_w.Length];
        var errors = new double[_w.Length];
        for (int v = 0; v < _w.Length; v++)
        {
            double a = aUp[v];
            if (double.IsNaN(a)) return LagrangianTerms.Trivial;
            double loP = lo[v] == 0 ? 0 : Math.Pow(lo[v], p);
            double atLo = loP - a * lo[v], errLo = 6 * 1.2e-16 * (loP + Math.Abs(a * lo[v]));
            // On [lo, ∞): t^p − a t decreases without bound when a > 0, and increases from lo when a ≤ 0.
            if (double.IsPositiveInfinity(hi[v]))
            {
                if (a > 0) return LagrangianTerms.Trivial;
                sum += atLo; abs += Math.Abs(atLo); endpointError += errLo;
                terms[v] = atLo; errors[v] = errLo;
                continue;
            }
            double hiP = Math.Pow(hi[v], p);
            double atHi = hiP - a * hi[v], errHi = 6 * 1.2e-16 * (hiP + Math.Abs(a * hi[v]));
            double term = Math.Min(atLo, atHi);
            sum += term; abs += Math.Abs(term);
            // The computed difference errs by a factor 1 ± u, hence the 2: past it the true values are ordered as computed.
            double error = Math.Abs(atLo - atHi) > 2 * (errLo + errHi) ? (atLo < atHi ? errLo : errHi) : Math.Max(errLo, errHi);
            endpointError += error;
            terms[v] = term; errors[v] = Math.Max(errLo, errHi);
        }
        double bound = sum - ((summands + 4) * 1.2e-16 * (Math.Abs(rowAbs) + Math.Abs(rowSum) + abs) + endpointError + 4 * summands * double.Epsilon);
        // Σ w_v^p ≥ 0 always; an overflowing or undefined sum (±∞, NaN) proves nothing more than that.
        if (!double.IsFinite(bound)) return LagrangianTerms.Trivial;
        return new LagrangianTerms(Math.Max(0, bound), bound, aUp, terms, errors);
    }

    /// <summary>Largest basis (either side) for which <see cref="ExactDualBound"/> runs its rational solve.</summary>
    private const int MaxExactSystem = 400;

    /// <summary>
    /// The Lagrangian bound of <see cref="Lagrangian"/> with multipliers recomputed exactly from the last solve's
    /// basis instead of GLOP's floating duals: with B the basic variables and R the rows whose slack is not basic,
    /// (λ, μ)_R solves Σ_{r ∈ R} d_r A_{r,v} = c_v for every v ∈ B in rational arithmetic (A is the exact rational
    /// data, c the LP's costs — the secant slopes, or those with the small ones raised — as exact dyadic rationals), d = 0 off R, μ clamped to ≥ 0. Any multipliers give a
    /// valid bound (weak duality), so a wrong or degenerate basis can only make it weak, never unsound; null when the
    /// system has no solution. GLOP's duals are accurate to its tolerance times the cost scale, which on a box
    /// [0, V^{1/p}] of width 10^5 (small p) loses ~10^-7 per variable; exact multipliers of an optimal basis lose
    /// nothing. λ·y and each a_v are exact (a_v rounded up to a double, λ·y down); the endpoint and summation errors
    /// are bounded as in <see cref="Lagrangian"/>. Costs rational arithmetic: meant for the few nodes where
    /// the floating bound falls just short.
    /// </summary>
    public double? ExactDualBound(double[] lo, double[] hi, double[] slopes, double p)
    {
        var basic = Enumerable.Range(0, _w.Length).Where(v => _w[v].BasisStatus() == Solver.BasisStatus.BASIC).ToList();
        var free = Enumerable.Range(0, _rows.Count).Where(r => _rows[r].Row.BasisStatus() != Solver.BasisStatus.BASIC).ToList();
        // Rational elimination is cubic with growing numbers and cannot be interrupted: large systems are skipped
        // (a skipped refinement only leaves the floating bound; 55 × 55 takes ~6 ms).
        if (basic.Count == 0 || free.Count == 0 || basic.Count > MaxExactSystem || free.Count > MaxExactSystem) return null;
        var columns = free.Select(r => basic.Select(v => ExactCoefficient(r, v)).ToArray()).ToArray();
        var rhs = basic.Select(v => Rational.FromDouble(slopes[v])).ToArray();
        var solution = ExactLinearAlgebra.Solve(columns, rhs);
        if (solution is null) return null;
        var dual = new Rational[_rows.Count];
        Array.Fill(dual, Rational.Zero);
        for (int j = 0; j < free.Count; j++)
            dual[free[j]] = _rows[free[j]].Equality ? solution[j] : Rational.Max(Rational.Zero, solution[j]);
        return ExactLagrangian(dual, lo, hi, p);
    }

    /// <summary>The Lagrangian bound of the last solve's multipliers — GLOP's duals times <paramref name="costScale"/>,
    /// μ clipped to ≥ 0, taken as the exact doubles they are — evaluated exactly (<see cref="ExactLagrangian"/>) instead of
    /// with the floating rounding margin of <see cref="Lagrangian"/>, which on wide boxes can exceed the certification
    /// gap. Same multipliers, so the same valid bound, only without the margin; costs rational arithmetic, so it is
    /// meant for floating bounds just short of the threshold. Call it before the next solve.</summary>
    public double ExactLagrangianBound(double[] lo, double[] hi, double costScale, double p)
    {
        var (dual, _, _) = Multipliers(costScale);
        return ExactLagrangian(dual.Select(Rational.FromDouble).ToArray(), lo, hi, p);
    }

    /// <summary>The exact Lagrangian bound of multipliers <paramref name="dual"/> (λ on the interpolation rows, μ ≥ 0
    /// on the cone rows): λ·y and a = Aᵀλ + Gᵀμ in rational arithmetic from the exact data.</summary>
    private double ExactLagrangian(Rational[] dual, double[] lo, double[] hi, double p)
    {
        Rational rowSum = Rational.Zero;
        for (int i = 0; i < Polyhedron.Points; i++) rowSum += dual[i] * Polyhedron.Data.Y(i);
        var aExact = new Rational[_w.Length];
        int n = Polyhedron.Points, width = Polyhedron.Width;
        for (int v = 0; v < _w.Length; v++)
        {
            // Every row variable v can meet: the N interpolation rows and the N cone rows of its block (exact
            // coefficients, so none is lost to a double that rounds to 0).
            int b = v / 2 / width;
            Rational a = Rational.Zero;
            for (int i = 0; i < n; i++)
            {
                if (!dual[i].IsZero) a += dual[i] * ExactCoefficient(i, v);
                int cone = n + b * n + i;
                if (!dual[cone].IsZero) a += dual[cone] * ExactCoefficient(cone, v);
            }
            aExact[v] = a;
        }
        return ExactLagrangianSum(rowSum, aExact, lo, hi, p);
    }

    /// <summary>
    /// λ·y + Σ_v min_{t ∈ {lo_v, hi_v}} (t^p − a_v t) evaluated so that only t^p is rounded: λ·y, every a_v·t and the
    /// whole sum are exact rationals (the box ends are doubles, hence exact dyadic rationals), and each t^p enters as a
    /// proven lower bound (<see cref="Outward.LogBounds"/>, <see cref="Outward.ExpLower"/>); the result is a double
    /// below the exact sum. Exact sums matter because λ·y and Σ a_v t cancel: on the wide boxes of small p both are
    /// orders of magnitude above the bound, and a floating margin proportional to them (<see cref="Assemble"/>) can
    /// exceed the certification gap. On [lo, ∞) with a_v &gt; 0 the term is unbounded below: the trivial bound 0.
    /// </summary>
    private static double ExactLagrangianSum(Rational rowSum, Rational[] a, double[] lo, double[] hi, double p)
    {
        var sum = rowSum;
        for (int v = 0; v < a.Length; v++)
        {
            if (double.IsPositiveInfinity(hi[v]))
            {
                if (a[v].Sign > 0) return 0;
                sum += EndpointLower(lo[v], a[v], p);
                continue;
            }
            sum += Rational.Min(EndpointLower(lo[v], a[v], p), EndpointLower(hi[v], a[v], p));
        }
        try { return Math.Max(0, Outward.Bounds(sum).Lo); }
        catch (ArgumentException) { return sum.Sign > 0 ? double.MaxValue : 0; } // beyond the double range
    }

    /// <summary>A rational ≤ t^p − a·t (exact but for t^p, bounded below).</summary>
    private static Rational EndpointLower(double t, Rational a, double p)
    {
        if (t == 0) return Rational.Zero;
        var exactT = Rational.FromDouble(t);
        double power = Outward.ExpLower(Outward.MulDn(p, Outward.LogBounds(exactT).Lo));
        return Rational.FromDouble(power) - a * exactT;
    }


    /// <summary>Exact coefficient of split variable v in row r (rows: N interpolation rows, then cone rows b-major).</summary>
    private Rational ExactCoefficient(int r, int v)
    {
        int width = Polyhedron.Width, n = Polyhedron.Points;
        int b = v / 2 / width, k = v / 2 % width;
        Rational c;
        if (r < n) c = Polyhedron.InterpolationCoefficient(r, b, k);
        else
        {
            int rb = (r - n) / n, i = (r - n) % n;
            if (rb != b) return Rational.Zero;
            c = Polyhedron.ConeCoefficient(i, b, k);
        }
        return v % 2 == 0 ? c : -c;
    }

    /// <summary>GLOP's time limit per LP: badly scaled node LPs can stall GLOP, and a failed LP only keeps the parent bound.</summary>
    public const double MaxSecondsPerLp = 2;

    /// <summary>An optimal vertex for the box [lo, hi] and the linear cost, or null when GLOP does not report OPTIMAL
    /// within min(<paramref name="seconds"/>, <see cref="MaxSecondsPerLp"/>), and again from scratch (no warm start)
    /// within what is left of <paramref name="seconds"/> when it stalled (infeasible box, time limit, numerical
    /// trouble: a null proves nothing). <paramref name="relaxed"/>: with GLOP's default tolerances.</summary>
    public double[]? Solve(double[] lo, double[] hi, double[] cost, double seconds = MaxSecondsPerLp, bool relaxed = false)
    {
        if (!relaxed) return SolveOnce(lo, hi, cost, seconds);
        // GLOP's default tolerances: for a box GLOP calls infeasible under the tight ones while the phase-1
        // certificate cannot prove it empty (infeasible only within 1e-12); any multipliers give a valid bound.
        _solver.SetSolverSpecificParametersAsString(DefaultTolerances);
        try { return SolveOnce(lo, hi, cost, seconds); }
        finally { _solver.SetSolverSpecificParametersAsString(TightTolerances); }
    }

    private double[]? SolveOnce(double[] lo, double[] hi, double[] cost, double seconds)
    {
        double limit = Math.Min(seconds, MaxSecondsPerLp);
        if (!(limit > 0)) return null;
        _calls++;
        _solver.SetTimeLimit(Math.Max(1L, (long)Math.Ceiling(limit * 1000)));
        var objective = _solver.Objective();
        for (int v = 0; v < _w.Length; v++)
        {
            _w[v].SetBounds(lo[v], hi[v]);
            objective.SetCoefficient(_w[v], cost[v]);
        }
        objective.SetMinimization();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var st = _solver.Solve();
        // GLOP sometimes stalls from a warm start on a badly scaled node (NOT_SOLVED at its time limit, ABNORMAL):
        // one retry from scratch, within what is left of the time.
        double left = Math.Min(seconds - clock.Elapsed.TotalSeconds, MaxSecondsPerLp);
        if (st is Solver.ResultStatus.NOT_SOLVED or Solver.ResultStatus.ABNORMAL && left > 0.01)
        {
            _solver.Reset();
            _solver.SetTimeLimit(Math.Max(1L, (long)Math.Ceiling(left * 1000)));
            st = _solver.Solve();
        }
        // Still ABNORMAL: GLOP's tight tolerances (set for accurate duals) fail on boxes whose widths span many orders of
        // magnitude; its default tolerances usually do not, and any multipliers give a valid bound.
        left = Math.Min(seconds - clock.Elapsed.TotalSeconds, MaxSecondsPerLp);
        if (st is Solver.ResultStatus.ABNORMAL && left > 0.01)
        {
            _solver.Reset();
            _solver.SetSolverSpecificParametersAsString(DefaultTolerances);
            _solver.SetTimeLimit(Math.Max(1L, (long)Math.Ceiling(left * 1000)));
            st = _solver.Solve();
            _solver.SetSolverSpecificParametersAsString(TightTolerances);
        }
        if (st != Solver.ResultStatus.OPTIMAL) return null;
        return _w.Select(v => Math.Max(0, v.SolutionValue())).ToArray();
    }
}
