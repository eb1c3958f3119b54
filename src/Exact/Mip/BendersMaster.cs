using System.Globalization;
using Google.OrTools.Sat;
using MB = Google.OrTools.ModelBuilder;

namespace Verifier.Exact.Mip;

/// <summary>Outcome of one master solve: status, optimum (when proven), bound, and the selected groups.</summary>
/// <param name="Branches">Search nodes of this solve as the backend counts them (CP-SAT: its branch decisions,
/// <c>CpSolver.NumBranches</c>); null when the backend reports none (SCIP through ModelBuilder).</param>
/// <param name="Conflicts">CP-SAT conflicts of this solve; null for backends without that notion.</param>
public sealed record MasterSolution(bool Optimal, bool Infeasible, int Value, double Bound, List<int> Selected,
    long? Branches = null, long? Conflicts = null);

/// <summary>
/// The 0/1 master problem of <see cref="CombinatorialBendersSolver"/>: minimise Σ cost_k x_k over binaries x,
/// subject to at-least-one (cuts), at-most-one (families) and cost bounds. Pure integer, so its optimum is
/// exact whichever backend proves it.
/// </summary>
public abstract class BendersMaster
{
    public abstract void AtLeastOne(IEnumerable<int> groups);
    public abstract void AtMostOne(IEnumerable<int> groups);
    public abstract void CostAtMost(int bound);
    public abstract void CostAtLeast(int bound);
    public abstract void CountAtMost(IEnumerable<int> groups, int bound);
    public abstract MasterSolution Solve(double seconds);

    public static BendersMaster Create(string backend, IReadOnlyList<int> costs, MipOptions options) => backend switch
    {
        "scip" => new ScipMaster(costs, options),
        "cpsat" => new CpSatMaster(costs, options),
        _ => throw new ArgumentException($"unknown master backend '{backend}'"),
    };
}

/// <summary>CP-SAT backend (one worker by default: reproducible with a fixed seed).</summary>
internal sealed class CpSatMaster : BendersMaster
{
    private readonly CpModel _model = new();
    private readonly BoolVar[] _x;
    private readonly long[] _costs;
    private readonly MipOptions _options;

    public CpSatMaster(IReadOnlyList<int> costs, MipOptions options)
    {
        _options = options;
        _costs = costs.Select(c => (long)c).ToArray();
        _x = costs.Select((_, k) => _model.NewBoolVar($"g{k}")).ToArray();
        _model.Minimize(LinearExpr.WeightedSum(_x, _costs));
    }

    public override void AtLeastOne(IEnumerable<int> groups) => _model.AddBoolOr(groups.Select(k => (ILiteral)_x[k]));
    public override void AtMostOne(IEnumerable<int> groups) => _model.AddAtMostOne(groups.Select(k => (ILiteral)_x[k]));
    public override void CostAtMost(int bound) => _model.Add(LinearExpr.WeightedSum(_x, _costs) <= bound);
    public override void CostAtLeast(int bound) => _model.Add(LinearExpr.WeightedSum(_x, _costs) >= bound);
    public override void CountAtMost(IEnumerable<int> groups, int bound) => _model.Add(LinearExpr.Sum(groups.Select(k => _x[k])) <= bound);

    public override MasterSolution Solve(double seconds)
    {
        var cp = new CpSolver
        {
            StringParameters = $"num_workers:{Math.Max(1, _options.Threads)} random_seed:{_options.Seed} linearization_level:2 " +
                               $"max_time_in_seconds:{seconds.ToString(CultureInfo.InvariantCulture)}",
        };
        var status = cp.Solve(_model, null);
        long branches = cp.NumBranches(), conflicts = cp.NumConflicts();
        if (status == CpSolverStatus.Infeasible) return new MasterSolution(false, true, 0, double.PositiveInfinity, [], branches, conflicts);
        bool optimal = status == CpSolverStatus.Optimal;
        bool hasSolution = optimal || status == CpSolverStatus.Feasible;
        var selected = hasSolution ? Enumerable.Range(0, _x.Length).Where(k => cp.BooleanValue(_x[k])).ToList() : [];
        return new MasterSolution(optimal, false, hasSolution ? (int)Math.Round(cp.ObjectiveValue) : 0, cp.BestObjectiveBound, selected,
            branches, conflicts);
    }
}

/// <summary>SCIP backend through ModelBuilder (LP-based branch and bound suits covering problems).</summary>
internal sealed class ScipMaster : BendersMaster
{
    private readonly MB.Model _model = new();
    private readonly MB.Variable[] _x;
    private readonly double[] _costs;
    private readonly MipOptions _options;

    public ScipMaster(IReadOnlyList<int> costs, MipOptions options)
    {
        _options = options;
        _costs = costs.Select(c => (double)c).ToArray();
        _x = costs.Select((_, k) => _model.NewBoolVar($"g{k}")).ToArray();
        _model.Minimize(Cost());
    }

    private MB.LinearExpr Cost() => MB.LinearExpr.WeightedSum(_x, _costs);
    private MB.LinearExpr Sum(IEnumerable<int> groups) => MB.LinearExpr.Sum(groups.Select(k => (MB.LinearExpr)_x[k]));

    public override void AtLeastOne(IEnumerable<int> groups) => _model.Add(Sum(groups) >= 1);
    public override void AtMostOne(IEnumerable<int> groups) => _model.Add(Sum(groups) <= 1);
    public override void CostAtMost(int bound) => _model.Add(Cost() <= bound);
    public override void CostAtLeast(int bound) => _model.Add(Cost() >= bound);
    public override void CountAtMost(IEnumerable<int> groups, int bound) => _model.Add(Sum(groups) <= bound);

    public override MasterSolution Solve(double seconds)
    {
        var solver = ScipSettings.Create(_options, seconds);
        var status = solver.Solve(_model);
        if (status == MB.SolveStatus.INFEASIBLE) return new MasterSolution(false, true, 0, double.PositiveInfinity, []);
        bool optimal = status == MB.SolveStatus.OPTIMAL;
        bool hasSolution = optimal || status == MB.SolveStatus.FEASIBLE;
        var selected = hasSolution ? Enumerable.Range(0, _x.Length).Where(k => solver.Value(_x[k]) > 0.5).ToList() : [];
        // Integer costs: the objective is integral; round the floating report of the solver.
        return new MasterSolution(optimal, false, hasSolution ? (int)Math.Round(solver.ObjectiveValue) : 0,
            hasSolution || optimal ? solver.BestObjectiveBound : 0, selected);
    }
}
