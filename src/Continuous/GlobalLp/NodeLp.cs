using Google.OrTools.LinearSolver;

namespace Verifier.Continuous.GlobalLp;

/// <summary>
/// The LP over the split <see cref="PatternPolyhedron"/> (GLOP), built once; each call sets the variable box and a
/// linear objective and returns an optimal vertex, or null when the LP is infeasible or fails.
/// </summary>
internal sealed class NodeLp
{
    private readonly Solver _solver;
    private readonly Variable[] _w;
    private readonly List<(Constraint Row, double Rhs, bool Equality)> _rows = [];
    /// <summary>Per variable, its (row index, coefficient) pairs.</summary>
    private readonly List<(int Row, double A)>[] _columns;
    public PatternPolyhedron Polyhedron { get; }
    /// <summary>Objective value of the last successful solve (without any constant offset).</summary>
    public double Objective { get; private set; }

    public NodeLp(PatternPolyhedron poly)
    {
        Polyhedron = poly;
        _solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("GLOP is not available");
        // Tight dual tolerances: a reduced cost left at −1e-7 costs 1e-7·U in the weak-duality bound.
        _solver.SetSolverSpecificParametersAsString("primal_feasibility_tolerance: 1e-12 dual_feasibility_tolerance: 1e-13");
        int width = poly.Width;
        _w = new Variable[poly.Variables];
        _columns = Enumerable.Range(0, poly.Variables).Select(_ => new List<(int, double)>()).ToArray();
        for (int v = 0; v < _w.Length; v++) _w[v] = _solver.MakeNumVar(0, double.PositiveInfinity, $"w{v}");
        for (int i = 0; i < poly.Points; i++)
        {
            double y = poly.Data.Y(i).ToDouble();
            var row = _solver.MakeConstraint(y, y, $"y{i}");
            _rows.Add((row, y, true));
            for (int b = 0; b < poly.Blocks.Count; b++)
                for (int k = 0; k < width; k++)
                {
                    double a = poly.InterpolationCoefficient(i, b, k).ToDouble();
                    if (a == 0) continue;
                    Set(row, 2 * (b * width + k), a);
                    Set(row, 2 * (b * width + k) + 1, -a);
                }
        }
        for (int b = 0; b < poly.Blocks.Count; b++)
            for (int i = 0; i < poly.Points; i++)
            {
                var row = _solver.MakeConstraint(0, double.PositiveInfinity, $"g{b}_{i}");
                _rows.Add((row, 0, false));
                for (int k = 0; k < width; k++)
                {
                    double g = poly.ConeCoefficient(i, b, k).ToDouble();
                    if (g == 0) continue;
                    Set(row, 2 * (b * width + k), g);
                    Set(row, 2 * (b * width + k) + 1, -g);
                }
            }
    }

    private void Set(Constraint row, int v, double a)
    {
        row.SetCoefficient(_w[v], a);
        _columns[v].Add((_rows.Count - 1, a));
    }

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
    public double LagrangianBound(double[] lo, double[] hi, double costScale, double p)
    {
        var dual = new double[_rows.Count];
        double sum = 0, abs = 0;
        for (int r = 0; r < _rows.Count; r++)
        {
            dual[r] = _rows[r].Row.DualValue() * costScale;
            if (!_rows[r].Equality) dual[r] = Math.Max(0, dual[r]);
            sum += dual[r] * _rows[r].Rhs; abs += Math.Abs(dual[r] * _rows[r].Rhs);
        }
        int summands = _rows.Count + _w.Length;
        double rowAbs = abs, endpointError = 0;
        abs = 0;
        for (int v = 0; v < _w.Length; v++)
        {
            double a = 0, absA = 0;
            foreach (var (row, coefficient) in _columns[v]) { a += dual[row] * coefficient; absA += Math.Abs(dual[row] * coefficient); }
            // |computed a − true a| ≤ (terms + 3)·u·Σ|terms|: the summation, the products, and the data rounded to
            // double (A is exact rational data); u = 2^−53.
            a += (_columns[v].Count + 3) * 1.2e-16 * absA + double.Epsilon;
            if (double.IsNaN(a)) return 0;
            double loP = lo[v] == 0 ? 0 : Math.Pow(lo[v], p);
            double atLo = loP - a * lo[v], errLo = 6 * 1.2e-16 * (loP + Math.Abs(a * lo[v]));
            // On [lo, ∞): t^p − a t decreases without bound when a > 0, and increases from lo when a ≤ 0.
            if (double.IsPositiveInfinity(hi[v]))
            {
                if (a > 0) return 0;
                sum += atLo; abs += Math.Abs(atLo); endpointError += errLo;
                continue;
            }
            double hiP = Math.Pow(hi[v], p);
            double atHi = hiP - a * hi[v], errHi = 6 * 1.2e-16 * (hiP + Math.Abs(a * hi[v]));
            double term = Math.Min(atLo, atHi);
            sum += term; abs += Math.Abs(term);
            // The computed difference errs by a factor 1 ± u, hence the 2: past it the true values are ordered as computed.
            endpointError += Math.Abs(atLo - atHi) > 2 * (errLo + errHi) ? (atLo < atHi ? errLo : errHi) : Math.Max(errLo, errHi);
        }
        double bound = sum - ((summands + 2) * 1.2e-16 * (rowAbs + abs) + endpointError + 4 * summands * double.Epsilon);
        // Σ w_v^p ≥ 0 always; an overflowing or undefined sum (±∞, NaN) proves nothing more than that.
        return double.IsFinite(bound) ? Math.Max(0, bound) : 0;
    }

    /// <summary>GLOP's time limit per LP: badly scaled node LPs can stall GLOP, and a failed LP only keeps the parent bound.</summary>
    public const double MaxSecondsPerLp = 2;

    /// <summary>An optimal vertex for the box [lo, hi] and the linear cost, or null when GLOP does not report OPTIMAL
    /// within min(<paramref name="seconds"/>, <see cref="MaxSecondsPerLp"/>) (infeasible box, time limit, numerical
    /// trouble: a null proves nothing).</summary>
    public double[]? Solve(double[] lo, double[] hi, double[] cost, double seconds = MaxSecondsPerLp)
    {
        double limit = Math.Min(seconds, MaxSecondsPerLp);
        if (!(limit > 0)) return null;
        _solver.SetTimeLimit(Math.Max(1L, (long)Math.Ceiling(limit * 1000)));
        var objective = _solver.Objective();
        for (int v = 0; v < _w.Length; v++)
        {
            _w[v].SetBounds(lo[v], hi[v]);
            objective.SetCoefficient(_w[v], cost[v]);
        }
        objective.SetMinimization();
        var st = _solver.Solve();
        if (st != Solver.ResultStatus.OPTIMAL) return null;
        Objective = objective.Value();
        return _w.Select(v => Math.Max(0, v.SolutionValue())).ToArray();
    }
}
