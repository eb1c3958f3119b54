using System.Diagnostics;
using Verifier.Exact.Certificates;
using Verifier.Shared.Limits;

namespace Verifier.Exact.Mip;

/// <summary>
/// The depth-first master phase (default for d ≥ 2): iterative deepening on the cost with
/// <see cref="FarkasBranchingSearch"/>. Exhausting budget b proves that no selection of cost ≤ b reaches y, so the
/// first budget that succeeds is the optimum, and an incumbent of cost b + 1 is optimal once budget b is exhausted.
/// No 0/1 model is built.
/// </summary>
internal static class DepthFirstMasterRun
{
    public static MasterOutcome Run(BendersInstance instance, ConeSubproblem sub, BendersCutPool pool, BendersIncumbent? incumbent,
        int lowerBound, MipOptions options, Stopwatch clock, CancellationToken cancellation)
    {
        var search = new FarkasBranchingSearch(instance.Groups, sub, pool.Cuts, instance.CutOf, pool.Add,
            options.Threads, instance.NewSubproblem);
        var masterClock = Stopwatch.StartNew();
        int iterations = 0;
        bool provenOptimal = false;
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
        {
            limit.CancelAfterSeconds(options.TimeLimitSeconds - clock.Elapsed.TotalSeconds); // spent: cancelled at once
            try
            {
                int ceiling = incumbent is { } known ? known.Cost - 1 : int.MaxValue;
                for (int budget = lowerBound; budget <= ceiling; budget++)
                {
                    limit.Token.ThrowIfCancellationRequested();
                    iterations++;
                    options.Progress?.Report(new MipProgress(clock.Elapsed.TotalSeconds, lowerBound, incumbent?.Cost, iterations, pool.Count));
                    if (search.Run(budget, limit.Token) is { } found)
                    {
                        var network = instance.NetworkOf(found.Outcome);
                        incumbent = new BendersIncumbent(CertificateCheck.Count(network, instance.Problem.Objective), network, found.Selection);
                        break;
                    }
                    if (search.Uncertain) break;
                    lowerBound = budget + 1;
                }
                if (!search.Uncertain && incumbent is { } best && best.Cost <= lowerBound)
                {
                    lowerBound = best.Cost;
                    provenOptimal = true;
                }
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested) { }
        }
        string proof = $", depth-first master: {search.Nodes} nodes, {iterations} cost budgets" +
                       (search.Uncertain ? " (a sub-problem failed numerically: only the budgets below the lower bound are exhausted; optimality not claimed)"
                                         : ", every budget below the lower bound exhausted");
        return new MasterOutcome(lowerBound, incumbent, provenOptimal, iterations, NoGoodCuts: 0, search.Uncertain)
        {
            Nodes = search.Nodes,
            MasterSeconds = masterClock.Elapsed.TotalSeconds,
            WorkerLps = search.WorkerLps,
            WorkerCalls = search.WorkerCalls,
            SearchProof = proof,
        };
    }
}
