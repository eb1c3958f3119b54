namespace Verifier.Exact.Mip;

/// <summary>Options shared by the mixed-integer solvers. One thread and a fixed seed make runs reproducible.</summary>
/// <param name="Master">The Benders master: "auto" (default: "dfs" for d ≥ 2, "cpsat" in 1-D, where it is much faster),
/// "dfs" (depth-first search over the exact cuts, <see cref="FarkasBranchingSearch"/>), or a 0/1 model re-solved by
/// "cpsat" or "scip".</param>
/// <param name="RecheckSearchBound">Also re-check the depth-first master's bound as a hitting-set fact inside the solve
/// (at most <see cref="CombinatorialBendersSolver.RecheckShare"/> of the master's time). Off by default: that bound is
/// already proven by the search's exact integer exhaustion, and the re-check, an independent second argument, costs
/// up to a tenth of the solve (it runs out on the hardest instances anyway). The 0/1 masters' floating bounds are
/// always re-checked; the tests re-check every bound.</param>
public sealed record MipOptions(double TimeLimitSeconds = 60, int Threads = 1, int Seed = 0, IProgress<MipProgress>? Progress = null,
    string Master = "auto", bool RecheckSearchBound = false);

/// <summary>A progress report: proven lower bound, best objective found so far (null if none), work done.</summary>
public sealed record MipProgress(double Seconds, int LowerBound, int? Incumbent, int Iterations, int Cuts);
