using Google.OrTools.LinearSolver;
using Verifier.Reformulation;
using Verifier.Shared.Numbers;

namespace Verifier.Exact.Mip;

/// <summary>The floating LP of <see cref="ConeSubproblem"/>: proposes only; its basis and duals are made exact there.</summary>
public sealed partial class ConeSubproblem
{
    /// <summary>
    /// The elastic LP min Σ(s⁺ + s⁻) s.t. Σλ_g g + Xβ + s⁺ − s⁻ = y, λ, s ≥ 0, β free, in GLOP, over the generators of
    /// the selected groups. Every column is scaled to unit max-norm (rays are primitive integer vectors and can be
    /// large; the exact reconstruction uses the exact vectors, so the scale never matters).
    /// </summary>
    private sealed class ElasticLp : IDisposable
    {
        private readonly Solver _solver;
        private readonly Objective _objective;
        private readonly Constraint[] _rows;
        private readonly double _scale; // 1 + Σ|y_i|: the residual counts as zero below 10⁻⁹ of it

        /// <summary>One column per generator of each selected group (λ ≥ 0) with the norm it was divided by.</summary>
        public List<(int Group, int Ray, Variable Var, ExactVector Vector, double Norm)> Columns { get; } = [];
        /// <summary>One free column per column of X̄ (the free linear term) with its norm.</summary>
        public List<(Variable Var, double Norm)> Beta { get; } = [];
        public Variable[] SlackPlus { get; }
        public Variable[] SlackMinus { get; }

        private ElasticLp(ExactVector y, ExactVector[]? skip, IReadOnlyList<BlockGroup> groups, IReadOnlyList<int> selected)
        {
            int n = y.Length;
            _solver = NewGlop();
            _rows = RowsEqualTo(_solver, y);
            foreach (int k in selected)
                for (int r = 0; r < groups[k].Generators.Length; r++)
                {
                    var g = groups[k].Generators[r];
                    var v = _solver.MakeNumVar(0, double.PositiveInfinity, "");
                    double norm = g.MaxAbsRounded;
                    SetColumn(_rows, v, g, norm);
                    Columns.Add((k, r, v, g, norm));
                }
            if (skip is not null)
                foreach (var col in skip)
                {
                    var v = _solver.MakeNumVar(double.NegativeInfinity, double.PositiveInfinity, "");
                    double norm = UnitScale(col);
                    SetColumn(_rows, v, col, norm);
                    Beta.Add((v, norm));
                }
            _objective = _solver.Objective();
            SlackPlus = new Variable[n];
            SlackMinus = new Variable[n];
            for (int i = 0; i < n; i++)
            {
                var sp = SlackPlus[i] = _solver.MakeNumVar(0, double.PositiveInfinity, "");
                var sm = SlackMinus[i] = _solver.MakeNumVar(0, double.PositiveInfinity, "");
                _rows[i].SetCoefficient(sp, 1);
                _rows[i].SetCoefficient(sm, -1);
                _objective.SetCoefficient(sp, 1);
                _objective.SetCoefficient(sm, 1);
            }
            _objective.SetMinimization();
            double sum = 0;
            foreach (double v in y.Rounded) sum += Math.Abs(v);
            _scale = 1 + sum;
        }

        public static ElasticLp Build(ExactVector y, ExactVector[]? skip, IReadOnlyList<BlockGroup> groups, IReadOnlyList<int> selected) =>
            new(y, skip, groups, selected);

        /// <summary>False when GLOP ends without an optimum (the sub-problem then reports a numerical failure).</summary>
        public bool SolveToOptimality() => _solver.Solve() == Solver.ResultStatus.OPTIMAL;

        /// <summary>The optimal elastic residual is (numerically) zero: y looks reachable.</summary>
        public bool Reaches => _objective.Value() <= 1e-9 * _scale;

        /// <summary>The duals of the equality rows: the floating Farkas vector when y is not reachable.</summary>
        public double[] Duals() => _rows.Select(r => r.DualValue()).ToArray();

        public static bool IsBasic(Variable v) => v.BasisStatus() == Solver.BasisStatus.BASIC;

        public void Dispose() => _solver.Dispose();

        public static Solver NewGlop() =>
            Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("GLOP is not available");

        /// <summary>The rows Σ(columns) = y_i, one per data point, with right-hand sides from y's double view.</summary>
        public static Constraint[] RowsEqualTo(Solver solver, ExactVector y)
        {
            var rounded = y.Rounded;
            var rows = new Constraint[rounded.Length];
            for (int i = 0; i < rows.Length; i++) rows[i] = solver.MakeConstraint(rounded[i], rounded[i]);
            return rows;
        }

        /// <summary>Sets column <paramref name="v"/> to <paramref name="column"/>/<paramref name="norm"/> on its exact
        /// nonzero entries.</summary>
        public static void SetColumn(Constraint[] rows, Variable v, ExactVector column, double norm)
        {
            var rounded = column.Rounded;
            for (int i = 0; i < rows.Length; i++) if (!column.Exact[i].IsZero) rows[i].SetCoefficient(v, rounded[i] / norm);
        }

        /// <summary>The max-norm a column of X̄ is divided by; 1 for a zero column (a skip column is zero when a
        /// coordinate vanishes on every data point), so that its LP value stays finite.</summary>
        public static double UnitScale(ExactVector column)
        {
            double norm = column.MaxAbsRounded;
            return norm > 0 ? norm : 1;
        }
    }
}
