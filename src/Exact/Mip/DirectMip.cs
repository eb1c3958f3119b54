using System.Diagnostics;
using Verifier.Reformulation;
using Verifier.Exact.Problems;
using MB = Google.OrTools.ModelBuilder;
using Verifier.Shared.Networks;

namespace Verifier.Exact.Mip;

/// <summary>
/// The formulation users know from the literature (Fischetti &amp; Jo 2018), kept as a benchmark baseline: N neurons
/// with output weight +1 and N with −1 (enough by Prop 4.1 and positive homogeneity), weights w̄_k ∈ [−M, M]^{d+1},
/// each pre-activation split as x̄_i·w̄_k = p − q with p, q ∈ [0, M_h], an activation binary a with p ≤ M_h·a and
/// q ≤ M_h·(1 − a), outputs Σ_k v_k p_{ik} (+ Xβ) = y, and binaries bounding |w̄_{k,j}| ≤ M·(used) per neuron
/// (neurons objective) or per entry (parameters objective). Solved by SCIP.
/// </summary>
/// <remarks>
/// The bounds are <b>guessed, not proven</b>: M = 1000·(1 + max|y|) and M_h = M·max_i ‖x̄_i‖_1. An optimum that needs
/// larger weights is cut off, so SCIP's "optimal" is only optimal inside that box: this solver never reports
/// `optimal`, its `lowerBound` is 0, and the box-restricted bound is given as the statistic `modelBound`. The
/// network it finds is rebuilt exactly (each used neuron as its activation pattern and support, re-solved in
/// rational arithmetic), so `verified` still means what it says.
/// </remarks>
public sealed class DirectMip(MipOptions options) : IExactSolver
{
    public string Name => "mip-direct";

    public SolveResult Solve(SparsestProblem problem, CancellationToken cancellation = default)
    {
        BlockGroups.EnsureSupportedDimension(problem.Data.Dimension);
        var clock = Stopwatch.StartNew();
        var data = problem.Data;
        int n = data.Count, dim = data.Dimension + 1, k = 2 * n;
        var lifted = LiftedInputs.Of(data);
        var xd = lifted.Select(r => r.Select(v => v.ToDouble()).ToArray()).ToArray();
        double yMax = data.YDouble.Select(Math.Abs).Append(0).Max();
        double m = 1000 * (1 + yMax);
        double mh = m * xd.Max(r => r.Sum(Math.Abs));
        bool neurons = problem.Objective == SparsityObjective.Neurons;

        var model = new MB.Model();
        var w = new MB.Variable[k][];
        var p = new MB.Variable[k][];
        var a = new MB.Variable[k][];
        var used = new List<MB.Variable>();
        for (int j = 0; j < k; j++)
        {
            w[j] = Enumerable.Range(0, dim).Select(_ => model.NewNumVar(-m, m, "")).ToArray();
            p[j] = new MB.Variable[n];
            a[j] = new MB.Variable[n];
            MB.Variable? neuronUsed = neurons ? model.NewBoolVar("") : null;
            if (neuronUsed is not null) used.Add(neuronUsed);
            for (int c = 0; c < dim; c++)
            {
                var u = neuronUsed ?? model.NewBoolVar("");
                if (neuronUsed is null) used.Add(u);
                model.Add(MB.LinearExpr.Term(w[j][c], 1) - MB.LinearExpr.Term(u, m) <= 0);
                model.Add(MB.LinearExpr.Term(w[j][c], 1) + MB.LinearExpr.Term(u, m) >= 0);
            }
            for (int i = 0; i < n; i++)
            {
                p[j][i] = model.NewNumVar(0, mh, "");
                var q = model.NewNumVar(0, mh, "");
                a[j][i] = model.NewBoolVar("");
                model.Add(MB.LinearExpr.WeightedSum(w[j], xd[i]) - p[j][i] + q == 0);
                model.Add(MB.LinearExpr.Term(p[j][i], 1) - MB.LinearExpr.Term(a[j][i], mh) <= 0);
                model.Add(MB.LinearExpr.Term(q, 1) + MB.LinearExpr.Term(a[j][i], mh) <= mh);
            }
        }
        MB.Variable[] beta = problem.Skip ? Enumerable.Range(0, dim).Select(_ => model.NewNumVar(double.NegativeInfinity, double.PositiveInfinity, "")).ToArray() : [];
        for (int i = 0; i < n; i++)
        {
            var terms = new List<MB.LinearExpr>();
            for (int j = 0; j < k; j++) terms.Add(MB.LinearExpr.Term(p[j][i], j < n ? 1 : -1));
            for (int c = 0; c < beta.Length; c++) terms.Add(MB.LinearExpr.Term(beta[c], xd[i][c]));
            model.Add(MB.LinearExpr.Sum(terms) == data.Y(i).ToDouble());
        }
        model.Minimize(MB.LinearExpr.Sum(used));

        var solver = ScipSettings.Create(options, options.TimeLimitSeconds - clock.Elapsed.TotalSeconds);
        var status = solver.Solve(model);
        var stats = new SolveStatistics { BigM = m, Seconds = clock.Elapsed.TotalSeconds };
        string proof = $"direct big-M MIP (SCIP), guessed M = {m:G4}: no lower bound is proven; SCIP status {status}";
        if (status is not (MB.SolveStatus.OPTIMAL or MB.SolveStatus.FEASIBLE))
            return new SolveResult(ScipSettings.NoSolutionStatus(status), Name, null, 0, null, proof, stats);
        stats = stats with { ModelBound = solver.BestObjectiveBound };

        // Exact rebuild: each used neuron becomes the block group of its activation pattern and support.
        var usedBlocks = new List<ExactRebuild.UsedBlock>();
        for (int j = 0; j < k; j++)
        {
            var wj = w[j].Select(v => solver.Value(v)).ToArray();
            if (wj.All(v => Math.Abs(v) <= 1e-9 * m)) continue;
            double scale = wj.Sum(Math.Abs);
            ulong mask = 0;
            for (int i = 0; i < n; i++) if (xd[i].Zip(wj, (x, v) => x * v).Sum() > 1e-9 * scale) mask |= 1UL << i;
            ulong support = 0;
            for (int c = 0; c < dim; c++) if (Math.Abs(wj[c]) > 1e-9 * m) support |= 1UL << c;
            usedBlocks.Add(new ExactRebuild.UsedBlock(mask, j < n ? 1 : -1, support));
        }
        var rebuilt = ExactRebuild.Rebuild(problem, usedBlocks);
        stats = stats with { Seconds = clock.Elapsed.TotalSeconds };
        if (rebuilt is not { } r)
            return new SolveResult(SolveStatus.Failed, Name, null, 0, null, proof + "; the exact rebuild of SCIP's network failed", stats);
        return new SolveResult(SolveStatus.Feasible, Name, r.Cost, 0, r.Network, proof, stats);
    }
}
