namespace Verifier.Exact.Mip;

/// <summary>Options shared by the mixed-integer solvers. One thread and a fixed seed make runs reproducible.</summary>
/// <param name="Master">The Benders master: "auto" (default: "dfs" for d ≥ 2, "cpsat" in 1-D, where it is much faster),
/// "dfs" (depth-first search over the exact cuts, <see cref="FarkasBranchingSearch"/>), or a 0/1 model re-solved by
/// "cpsat" or "scip".</param>
public sealed record MipOptions(double TimeLimitSeconds = 60, int Threads = 1, int Seed = 0, IProgress<MipProgress>? Progress = null,
    string Master = "auto");

/// <summary>A progress report: proven lower bound, best objective found so far (null if none), work done.</summary>
public sealed record MipProgress(double Seconds, int LowerBound, int? Incumbent, int Iterations, int Cuts);
