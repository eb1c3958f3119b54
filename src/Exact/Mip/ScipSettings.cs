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
}
