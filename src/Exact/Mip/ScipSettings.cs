using Verifier.Exact.Problems;
using MB = Google.OrTools.ModelBuilder;

namespace Verifier.Exact.Mip;

/// <summary>The one place where SCIP (through ModelBuilder) gets its time limit, thread count and seed.</summary>
internal static class ScipSettings
{
    public static MB.Solver Create(MipOptions options, double seconds)
    {
        var solver = new MB.Solver("scip");
        solver.SetTimeLimitInSeconds(Math.Max(0.01, seconds));
        solver.SetSolverSpecificParameters($"parallel/maxnthreads = {Math.Max(1, options.Threads)}\nrandomization/randomseedshift = {options.Seed}");
        return solver;
    }

    /// <summary>The status of a SCIP run that produced no solution: <see cref="SolveStatus.Timeout"/> when SCIP
    /// stopped without deciding (its time limit), <see cref="SolveStatus.Failed"/> for anything else (an
    /// interpolant always exists, so "infeasible" can only be numerical trouble).</summary>
    public static SolveStatus NoSolutionStatus(MB.SolveStatus status) =>
        status is MB.SolveStatus.NOT_SOLVED or MB.SolveStatus.UNKNOWN_STATUS or MB.SolveStatus.CANCELLED_BY_USER
            ? SolveStatus.Timeout : SolveStatus.Failed;
}
