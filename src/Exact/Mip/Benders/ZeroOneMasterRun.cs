using System.Diagnostics;
using Verifier.Exact.Problems;
using Verifier.Shared.Networks;

namespace Verifier.Exact.Mip;

/// <summary>
/// The 0/1 master phase (default in 1-D; <c>--master cpsat|scip</c>): a 0/1 problem over the groups (exact on
/// integers) minimising the cost subject to every cut so far, re-solved after each cut. A master optimum whose
/// selection reaches y is optimal (the master is a relaxation); an infeasible master proves the incumbent optimal.
/// A sub-problem that fails numerically gives an uncertified no-good cut, after which nothing is claimed.
/// </summary>
internal static class ZeroOneMasterRun
{
    /// <summary>For the parameters objective in d ≥ 2, the big-M model runs once as a primal heuristic after this
    /// fraction of the time limit if the gap is still open and the incumbent has more than N nonzeros.</summary>
    public const double DirectHeuristicStart = 0.1;
    /// <summary>Its budget: at most this many seconds, this fraction of the limit, and half the time left.</summary>
    public const double DirectHeuristicSeconds = 5, DirectHeuristicShare = 0.15;

    public static MasterOutcome Run(string backend, BendersInstance instance, ConeSubproblem sub, BendersCutPool pool,
        BendersIncumbent? incumbent, int lowerBound, MipOptions options, Stopwatch clock, CancellationToken cancellation)
    {
        var problem = instance.Problem;
        var master = CreateMaster(backend, instance, pool, incumbent, options);
        var run = new RunState
        {
            Incumbent = incumbent,
            LowerBound = lowerBound,
            DirectTried = problem.Objective != SparsityObjective.Parameters || problem.Data.Dimension == 1,
        };
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            double remaining = options.TimeLimitSeconds - clock.Elapsed.TotalSeconds;
            if (remaining <= 0) break;
            if (TryDirectHeuristic(run, master, instance, options, clock, remaining, cancellation)) continue;
            if (!Iterate(run, master, instance, sub, pool, options, clock, remaining)) break;
        }
        return new MasterOutcome(run.LowerBound, run.Incumbent, run.ProvenOptimal, run.Iterations, run.NoGoodCuts, Uncertain: false)
        {
            Nodes = run.Counted ? run.Branches : null,
            MasterConflicts = run.Counted ? run.Conflicts : null,
            MasterSeconds = run.MasterSeconds,
            SubproblemSeconds = run.SubSeconds,
            CutSeconds = run.CutSeconds,
            DirectSeconds = run.DirectSeconds,
        };
    }

    /// <summary>The mutable state of one run: incumbent, proven bound, counters and timings.</summary>
    private sealed class RunState
    {
        public BendersIncumbent? Incumbent;
        public int LowerBound, Iterations, NoGoodCuts;
        public double MasterSeconds, SubSeconds, CutSeconds;
        public double? DirectSeconds;
        public long Branches, Conflicts;
        public bool Counted = true, ProvenOptimal, DirectTried;
    }

    /// <summary>The 0/1 master: one binary per group, at most one group per family, for the neurons objective at most N
    /// paid groups (Prop 4.1), every cut so far (and every later one, through <see cref="BendersCutPool.Added"/>), and
    /// cost ≤ incumbent − 1.</summary>
    private static BendersMaster CreateMaster(string backend, BendersInstance instance, BendersCutPool pool,
        BendersIncumbent? incumbent, MipOptions options)
    {
        var groups = instance.Groups;
        var master = BendersMaster.Create(backend, groups.Select(g => g.Cost).ToList(), options);
        foreach (var family in groups.Select((g, k) => (g.Family, k)).GroupBy(t => t.Family))
            if (family.Count() > 1) master.AtMostOne(family.Select(t => t.k));
        if (instance.Problem.Objective == SparsityObjective.Neurons) // Prop 4.1: at most N active neurons
            master.CountAtMost(Enumerable.Range(0, groups.Count).Where(k => groups[k].Cost > 0), instance.Points);
        foreach (var cut in pool.Cuts) master.AtLeastOne(cut.Groups);
        pool.Added += cut => master.AtLeastOne(cut.Groups);
        // Look only for strictly better selections; an infeasible master then proves the incumbent optimal.
        if (incumbent is { } first) master.CostAtMost(first.Cost - 1);
        return master;
    }

    /// <summary>Runs the big-M primal heuristic once when its time has come (see <see cref="DirectHeuristicStart"/>); true
    /// when it ran (the loop then starts over).</summary>
    private static bool TryDirectHeuristic(RunState run, BendersMaster master, BendersInstance instance, MipOptions options,
        Stopwatch clock, double remaining, CancellationToken cancellation)
    {
        // An incumbent of at most N nonzeros is already as good as the generic optimum (N for generic labels): the direct
        // model is then not worth its budget.
        if (!run.DirectTried && run.Incumbent is { } known && known.Cost <= instance.Points) run.DirectTried = true;
        if (run.DirectTried || clock.Elapsed.TotalSeconds <= DirectHeuristicStart * options.TimeLimitSeconds) return false;
        run.DirectTried = true;
        var directClock = Stopwatch.StartNew();
        if (DirectHeuristic(instance.Problem, options, remaining, run.Incumbent, cancellation) is { } better)
        {
            run.Incumbent = better;
            master.CostAtMost(better.Cost - 1);
        }
        run.DirectSeconds = directClock.Elapsed.TotalSeconds;
        return true;
    }

    /// <summary>One master solve and the sub-problem on its selection. False when the run is over: the master is
    /// infeasible (the incumbent is optimal), out of time, or its selection reaches y (optimal).</summary>
    private static bool Iterate(RunState run, BendersMaster master, BendersInstance instance, ConeSubproblem sub,
        BendersCutPool pool, MipOptions options, Stopwatch clock, double remaining)
    {
        var groups = instance.Groups;
        run.Iterations++;
        var masterClock = Stopwatch.StartNew();
        var solution = master.Solve(remaining);
        run.MasterSeconds += masterClock.Elapsed.TotalSeconds;
        if (solution.Branches is long b) run.Branches += b; else run.Counted = false;
        run.Conflicts += solution.Conflicts ?? 0;
        if (solution.Infeasible)
        {
            // Nothing cheaper than the incumbent satisfies the cuts: the incumbent is optimal.
            if (run.Incumbent is not { } incumbent) throw new InvalidOperationException("the Benders master became infeasible without an incumbent: a cut is wrong");
            if (run.NoGoodCuts == 0) run.LowerBound = Math.Max(run.LowerBound, incumbent.Cost);
            run.ProvenOptimal = run.NoGoodCuts == 0;
            return false;
        }
        if (!solution.Optimal)
        {
            if (run.NoGoodCuts == 0) run.LowerBound = Math.Max(run.LowerBound, (int)Math.Ceiling(solution.Bound - 1e-6));
            return false;
        }
        int value = solution.Value;
        if (run.NoGoodCuts == 0 && value > run.LowerBound)
        {
            run.LowerBound = value;
            master.CostAtLeast(value); // cuts only remove selections, so later master optima cannot be cheaper
        }
        options.Progress?.Report(new MipProgress(clock.Elapsed.TotalSeconds, run.LowerBound, run.Incumbent?.Cost, run.Iterations, pool.Count));
        var selected = solution.Selected;
        var subClock = Stopwatch.StartNew();
        var outcome = sub.Solve(groups, selected);
        run.SubSeconds += subClock.Elapsed.TotalSeconds;
        if (outcome.Weights is not null)
        {
            run.Incumbent = new BendersIncumbent(value, instance.NetworkOf(outcome), selected);
            run.ProvenOptimal = run.NoGoodCuts == 0;
            return false;
        }
        if (outcome.Pi is not null)
        {
            var cutClock = Stopwatch.StartNew();
            BendersCuts.FromRefusal(instance, sub, selected, outcome.Pi, pool);
            run.CutSeconds += cutClock.Elapsed.TotalSeconds;
        }
        else
        {
            // Numerical trouble: exclude this selection without a proof; optimality can no longer be claimed.
            run.NoGoodCuts++;
            master.AtLeastOne(Enumerable.Range(0, groups.Count).Where(k => !selected.Contains(k)));
        }
        return true;
    }

    /// <summary>Gap still open: the big-M model is a good primal heuristic for the parameters objective. Its network is
    /// rebuilt exactly, so only its verified cost is used; none of its bounds are. Null unless it beats the incumbent.</summary>
    private static BendersIncumbent? DirectHeuristic(SparsestProblem problem, MipOptions options, double remaining,
        BendersIncumbent? incumbent, CancellationToken cancellation)
    {
        double budget = Math.Min(Math.Min(DirectHeuristicSeconds, DirectHeuristicShare * options.TimeLimitSeconds), remaining / 2);
        var direct = new DirectMip(options with { TimeLimitSeconds = budget, Progress = null }).Solve(problem, cancellation);
        return direct.Witness is not null && direct.Objective is int cost && cost < (incumbent?.Cost ?? int.MaxValue)
            ? new BendersIncumbent(cost, direct.Witness, [])
            : null;
    }
}
