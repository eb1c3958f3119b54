using Verifier.Shared.Networks;

namespace Verifier.Continuous.GlobalLp;

/// <summary>Termination of a global ℓ^p solve: gap closed, time limit, or no feasible point.</summary>
public enum GlobalLpStatus { Optimal, TimeLimit, Infeasible }

/// <summary>
/// Outcome of <see cref="GlobalLpSolver"/>. <see cref="UpperBound"/> is the value of the exact network
/// <see cref="Network"/>; <see cref="LowerBound"/> is the branch-and-bound bound; <see cref="Certified"/> only when
/// the relative gap is at most 1e-9, the patterns are complete, and the network was rebuilt and verified exactly.
/// </summary>
public sealed record GlobalLpResult(
    GlobalLpStatus Status,
    double P,
    double LowerBound,
    double UpperBound,
    ShallowReluNetwork? Network,
    bool Basic,
    int Nodes,
    int LpCalls,
    int Blocks,
    double Seconds)
{
    public double Gap => Network is null ? double.PositiveInfinity : (UpperBound - LowerBound) / Math.Max(1e-12, Math.Abs(UpperBound));
    public bool Certified => Status == GlobalLpStatus.Optimal && Network is not null && Gap <= GlobalLpSolver.RelativeGap;
}

/// <summary>Progress of the branch and bound (for the CLI's stderr).</summary>
public sealed record GlobalLpProgress(double Seconds, double LowerBound, double UpperBound, int Nodes, int OpenNodes);
