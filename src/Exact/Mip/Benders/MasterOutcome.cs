namespace Verifier.Exact.Mip;

/// <summary>
/// What a Benders master phase established: the lower bound it proved (valid only while the cuts pass their exact
/// re-check and <see cref="NoGoodCuts"/> is 0), the best incumbent, and whether that incumbent was proven optimal.
/// </summary>
/// <param name="Uncertain">A sub-problem failed numerically in the depth-first search: only the budgets below
/// <see cref="LowerBound"/> are exhausted, and optimality is not claimed.</param>
internal sealed record MasterOutcome(int LowerBound, BendersIncumbent? Incumbent, bool ProvenOptimal, int Iterations,
    int NoGoodCuts, bool Uncertain)
{
    public long? Nodes { get; init; }
    public long? MasterConflicts { get; init; }
    public double MasterSeconds { get; init; }
    public double? SubproblemSeconds { get; init; }
    public double? CutSeconds { get; init; }
    public double? DirectSeconds { get; init; }
    /// <summary>LPs and reachability questions of the depth-first search's parallel workers.</summary>
    public int WorkerLps { get; init; }
    public int WorkerCalls { get; init; }
    /// <summary>The depth-first search's share of the proof text, or null for the 0/1 master.</summary>
    public string? SearchProof { get; init; }
}
