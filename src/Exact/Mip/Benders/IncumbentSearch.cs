using Verifier.Exact.Certificates;
using Verifier.Shared.Limits;
using Verifier.Shared.Networks;

namespace Verifier.Exact.Mip;

/// <summary>
/// The incumbent phase of <see cref="CombinatorialBendersSolver"/> (search only; its network is an exact
/// sub-problem witness and is verified again at the end): reweighted ℓ^1 over all groups picks a selection, greedy
/// removal and single-group swaps make it cheaper; seeded restarts from random group weights often do better.
/// </summary>
internal static class IncumbentSearch
{
    /// <summary>Seeded restarts from random group weights. Measured on the benchmark's N = 12, d = 2 neurons instance:
    /// the incumbent drops from 7 to 6 and the proof from 52 s to 33 s (0.3 s spent here); at N = 9 parameters the
    /// incumbent drops from 15 to 10.</summary>
    public const int Restarts = 16;
    /// <summary>A restart multiplies each group's initial weight by a factor uniform on [Low, Low + Width).</summary>
    public const double RestartFactorLow = 0.25, RestartFactorWidth = 1.5;
    /// <summary>Rounds of reweighting (weight = cost / (mass + ε)).</summary>
    public const int ReweightingRounds = 6;
    /// <summary>ε of the reweighting, relative to the largest group mass.</summary>
    public const double ReweightingEpsilon = 1e-3;
    /// <summary>Groups whose mass is below this fraction of the largest are left out of the first selection.</summary>
    public const double MassThreshold = 1e-9;
    /// <summary>Sub-problem calls allowed to the swap search of one incumbent.</summary>
    public const int SwapBudget = 2000;

    /// <summary>The cheapest incumbent of the plain run and the restarts (the first cheapest wins, so the result does
    /// not depend on <paramref name="threads"/>), within <paramref name="seconds"/>; null when none was found.
    /// <paramref name="lps"/> and <paramref name="calls"/> count the work of the restarts' own sub-problems.</summary>
    public static BendersIncumbent? Find(BendersInstance instance, ConeSubproblem sub, int seed, int threads, double seconds,
        CancellationToken cancellation, out int lps, out int calls)
    {
        lps = calls = 0;
        BendersIncumbent? best = null;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfterSeconds(seconds);
        try
        {
            best = FindOne(instance, sub, null, limit.Token);
            // The factors are drawn up front in restart order, so a fixed seed gives the same incumbent for any thread count.
            var rng = new Random(seed);
            var factors = Enumerable.Range(0, Restarts)
                .Select(_ => instance.Groups.Select(_ => RestartFactorLow + RestartFactorWidth * rng.NextDouble()).ToArray()).ToArray();
            var restarts = new BendersIncumbent?[Restarts];
            if (threads <= 1)
                for (int r = 0; r < Restarts; r++)
                {
                    restarts[r] = FindOne(instance, sub, factors[r], limit.Token);
                    if (restarts[r] is { } other && (best is null || other.Cost < best.Value.Cost)) best = other;
                }
            else
            {
                int parallelLps = 0, parallelCalls = 0;
                Parallel.For(0, Restarts, new ParallelOptions { MaxDegreeOfParallelism = threads }, r =>
                {
                    var own = instance.NewSubproblem();
                    try { restarts[r] = FindOne(instance, own, factors[r], limit.Token); }
                    catch (OperationCanceledException) when (limit.IsCancellationRequested) { }
                    Interlocked.Add(ref parallelLps, own.LpCalls);
                    Interlocked.Add(ref parallelCalls, own.Calls);
                });
                lps = parallelLps;
                calls = parallelCalls;
                foreach (var restart in restarts)
                    if (restart is { } other && (best is null || other.Cost < best.Value.Cost)) best = other;
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested) { }
        return best;
    }

    /// <summary>
    /// One incumbent: reweighted ℓ^1 (weights cost/(mass + ε)) picks the groups, greedy removal drops those not
    /// needed, swaps make it cheaper, and the sub-problem rebuilds the network exactly. <paramref name="perturbation"/>
    /// multiplies the initial weights (one factor per group; null: all 1).
    /// </summary>
    private static BendersIncumbent? FindOne(BendersInstance instance, ConeSubproblem sub, double[]? perturbation, CancellationToken cancellation)
    {
        var groups = instance.Groups;
        var factor = perturbation ?? groups.Select(_ => 1.0).ToArray();
        var weights = groups.Select((g, k) => g.Cost * factor[k]).ToArray();
        double[] mass = [];
        for (int round = 0; round < ReweightingRounds; round++)
        {
            cancellation.ThrowIfCancellationRequested();
            mass = sub.WeightedMass(groups, weights);
            if (mass.Any(double.IsNaN)) return null;
            double eps = ReweightingEpsilon * mass.Append(1e-12).Max();
            for (int k = 0; k < groups.Count; k++) weights[k] = groups[k].Cost * factor[k] / (mass[k] + eps);
        }
        double top = mass.Append(1e-12).Max();
        // Several supports of one family may carry mass; the network then has one neuron per group, and the cost is
        // counted on the network itself.
        var selection = Enumerable.Range(0, groups.Count).Where(k => mass[k] > MassThreshold * top).ToList();
        var outcome = sub.Solve(groups, selection);
        if (outcome.Weights is null) return null;
        foreach (var k in selection.OrderBy(k => mass[k]).ToList())
        {
            cancellation.ThrowIfCancellationRequested();
            var trial = selection.Where(j => j != k).ToList();
            var o = sub.Solve(groups, trial, wantCut: false);
            if (o.Weights is not null) { selection = trial; outcome = o; }
        }
        (selection, outcome) = CheaperBySwaps(instance, sub, selection, outcome, cancellation);
        var net = instance.NetworkOf(outcome);
        return new BendersIncumbent(CertificateCheck.Count(net, instance.Problem.Objective), net, selection);
    }

    /// <summary>
    /// Local search on a reachable selection (every accepted move is an exact sub-problem witness): replace one
    /// selected group by a single cheaper group (first the same family with a smaller support), or drop it, whenever y
    /// stays reachable; repeat until no move helps or <see cref="SwapBudget"/> is spent.
    /// </summary>
    private static (List<int> Selection, ConeSubproblem.Outcome Outcome) CheaperBySwaps(BendersInstance instance,
        ConeSubproblem sub, List<int> selection, ConeSubproblem.Outcome outcome, CancellationToken cancellation)
    {
        var groups = instance.Groups;
        int lps = 0;
        bool improved = true;
        while (improved && lps < SwapBudget && !cancellation.IsCancellationRequested) // out of time: keep what was found
        {
            improved = false;
            foreach (int k in selection.OrderByDescending(k => groups[k].Cost).ToList())
            {
                var rest = selection.Where(j => j != k).ToList();
                var families = new HashSet<int>(rest.Select(j => groups[j].Family));
                var candidates = Enumerable.Range(0, groups.Count)
                    .Where(j => groups[j].Cost < groups[k].Cost && !families.Contains(groups[j].Family))
                    .OrderBy(j => groups[j].Family == groups[k].Family ? 0 : 1).ThenBy(j => groups[j].Cost);
                foreach (int j in candidates)
                {
                    if (++lps > SwapBudget || cancellation.IsCancellationRequested) break;
                    var trial = rest.Append(j).ToList();
                    var o = sub.Solve(groups, trial, wantCut: false);
                    if (o.Weights is null) continue;
                    selection = trial;
                    outcome = o;
                    improved = true;
                    break;
                }
                if (improved) break;
            }
        }
        return (selection, outcome);
    }
}
