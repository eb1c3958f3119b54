namespace Verifier.Exact.Mip;

/// <summary>Options shared by the mixed-integer solvers. One thread and a fixed seed make runs reproducible.</summary>
/// <param name="Master">The Benders master: "dfs" (depth-first search over the exact cuts, <see cref="FarkasBranchingSearch"/>; default), or a 0/1 model solved by "cpsat" or "scip".</param>
public sealed record MipOptions(double TimeLimitSeconds = 60, int Threads = 1, int Seed = 0, IProgress<MipProgress>? Progress = null,
    string Master = "dfs");

/// <summary>A progress report: proven lower bound, best objective found so far (null if none), work done.</summary>
public sealed record MipProgress(double Seconds, int LowerBound, int? Incumbent, int Iterations, int Cuts);
