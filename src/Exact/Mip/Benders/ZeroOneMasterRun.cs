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
        var groups = instance.Groups;
        int n = instance.Points;
        var master = BendersMaster.Create(backend, groups.Select(g => g.Cost).ToList(), options);
        foreach (var family in groups.Select((g, k) => (g.Family, k)).GroupBy(t => t.Family))
            if (family.Count() > 1) master.AtMostOne(family.Select(t => t.k));
        if (problem.Objective == SparsityObjective.Neurons) // Prop 4.1: at most N active neurons
            master.CountAtMost(Enumerable.Range(0, groups.Count).Where(k => groups[k].Cost > 0), n);
        foreach (var cut in pool.Cuts) master.AtLeastOne(cut.Groups);
        pool.Added += cut => master.AtLeastOne(cut.Groups);
        // Look only for strictly better selections; an infeasible master then proves the incumbent optimal.
        if (incumbent is { } first) master.CostAtMost(first.Cost - 1);

        int iterations = 0, noGoodCuts = 0;
        double masterSeconds = 0, subSeconds = 0, cutSeconds = 0;
        double? directSeconds = null;
        long branches = 0, conflicts = 0;
        bool counted = true, provenOptimal = false;
        bool directTried = problem.Objective != SparsityObjective.Parameters || problem.Data.Dimension == 1;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            double remaining = options.TimeLimitSeconds - clock.Elapsed.TotalSeconds;
            if (remaining <= 0) break;
            // An incumbent of at most N nonzeros is already as good as the generic optimum (N for generic labels): the
            // direct model is then not worth its budget.
            if (!directTried && incumbent is { } known && known.Cost <= n) directTried = true;
            if (!directTried && clock.Elapsed.TotalSeconds > DirectHeuristicStart * options.TimeLimitSeconds)
            {
                directTried = true;
                var directClock = Stopwatch.StartNew();
                if (DirectHeuristic(problem, options, remaining, incumbent, cancellation) is { } better)
                {
                    incumbent = better;
                    master.CostAtMost(better.Cost - 1);
                }
                directSeconds = directClock.Elapsed.TotalSeconds;
                continue;
            }
            iterations++;
            var masterClock = Stopwatch.StartNew();
            var solution = master.Solve(remaining);
            masterSeconds += masterClock.Elapsed.TotalSeconds;
            if (solution.Branches is long b) branches += b; else counted = false;
            conflicts += solution.Conflicts ?? 0;
            if (solution.Infeasible)
            {
                // Nothing cheaper than the incumbent satisfies the cuts: the incumbent is optimal.
                if (incumbent is null) throw new InvalidOperationException("the Benders master became infeasible without an incumbent: a cut is wrong");
                if (noGoodCuts == 0) lowerBound = Math.Max(lowerBound, incumbent.Value.Cost);
                provenOptimal = noGoodCuts == 0;
                break;
            }
            if (!solution.Optimal)
            {
                if (noGoodCuts == 0) lowerBound = Math.Max(lowerBound, (int)Math.Ceiling(solution.Bound - 1e-6));
                break;
            }
            int value = solution.Value;
            if (noGoodCuts == 0 && value > lowerBound)
            {
                lowerBound = value;
                master.CostAtLeast(value); // cuts only remove selections, so later master optima cannot be cheaper
            }
            options.Progress?.Report(new MipProgress(clock.Elapsed.TotalSeconds, lowerBound, incumbent?.Cost, iterations, pool.Count));
            var selected = solution.Selected;
            var subClock = Stopwatch.StartNew();
            var outcome = sub.Solve(groups, selected);
            subSeconds += subClock.Elapsed.TotalSeconds;
            if (outcome.Weights is not null)
            {
                incumbent = new BendersIncumbent(value, instance.NetworkOf(outcome), selected);
                provenOptimal = noGoodCuts == 0;
                break;
            }
            if (outcome.Pi is not null)
            {
                var cutClock = Stopwatch.StartNew();
                BendersCuts.FromRefusal(instance, sub, selected, outcome.Pi, pool);
                cutSeconds += cutClock.Elapsed.TotalSeconds;
            }
            else
            {
                // Numerical trouble: exclude this selection without a proof; optimality can no longer be claimed.
                noGoodCuts++;
                master.AtLeastOne(Enumerable.Range(0, groups.Count).Where(k => !selected.Contains(k)));
            }
        }
        return new MasterOutcome(lowerBound, incumbent, provenOptimal, iterations, noGoodCuts, Uncertain: false)
        {
            Nodes = counted ? branches : null,
            MasterConflicts = counted ? conflicts : null,
            MasterSeconds = masterSeconds,
            SubproblemSeconds = subSeconds,
            CutSeconds = cutSeconds,
            DirectSeconds = directSeconds,
        };
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
