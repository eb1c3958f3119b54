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
    public PatternPolyhedron Polyhedron { get; }
    /// <summary>Objective value of the last successful solve (without any constant offset).</summary>
    public double Objective { get; private set; }

    public NodeLp(PatternPolyhedron poly)
    {
        Polyhedron = poly;
        _solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("GLOP is not available");
        int width = poly.Width;
        _w = new Variable[poly.Variables];
        for (int v = 0; v < _w.Length; v++) _w[v] = _solver.MakeNumVar(0, double.PositiveInfinity, $"w{v}");
        for (int i = 0; i < poly.Points; i++)
        {
            double y = poly.Data.Y(i).ToDouble();
            var row = _solver.MakeConstraint(y, y, $"y{i}");
            for (int b = 0; b < poly.Blocks.Count; b++)
                for (int k = 0; k < width; k++)
                {
                    double a = poly.InterpolationCoefficient(i, b, k).ToDouble();
                    if (a == 0) continue;
                    row.SetCoefficient(_w[2 * (b * width + k)], a);
                    row.SetCoefficient(_w[2 * (b * width + k) + 1], -a);
                }
        }
        for (int b = 0; b < poly.Blocks.Count; b++)
            for (int i = 0; i < poly.Points; i++)
            {
                var row = _solver.MakeConstraint(0, double.PositiveInfinity, $"g{b}_{i}");
                for (int k = 0; k < width; k++)
                {
                    double g = poly.ConeCoefficient(i, b, k).ToDouble();
                    if (g == 0) continue;
                    row.SetCoefficient(_w[2 * (b * width + k)], g);
                    row.SetCoefficient(_w[2 * (b * width + k) + 1], -g);
                }
            }
    }

    public double[]? Solve(double[] lo, double[] hi, double[] cost)
    {
        var objective = _solver.Objective();
        for (int v = 0; v < _w.Length; v++)
        {
            _w[v].SetBounds(lo[v], hi[v]);
            objective.SetCoefficient(_w[v], cost[v]);
        }
        objective.SetMinimization();
        if (_solver.Solve() != Solver.ResultStatus.OPTIMAL) return null;
        Objective = objective.Value();
        return _w.Select(v => Math.Max(0, v.SolutionValue())).ToArray();
    }
}
