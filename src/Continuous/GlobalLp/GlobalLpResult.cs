using Verifier.Shared.Networks;

namespace Verifier.Continuous.GlobalLp;

/// <summary>
/// How a global ℓ^p search ended. <see cref="TreeExhausted"/>: every node was fathomed or branched to the end, so
/// <see cref="GlobalLpResult.LowerBound"/> bounds the minimum over the whole polyhedron — which is NOT the same as a
/// closed gap (nodes whose LP failed keep their parent's bound, and an incomplete pattern enumeration caps the bound
/// at 0). <see cref="Stopped"/>: the time limit or the cancellation token ended the search (also during the pattern
/// enumeration), or the root LP failed; the bounds are what was proven so far.
/// There is no "infeasible": a <see cref="Verifier.Shared.Data.Dataset"/> has distinct inputs, so by Prop 4.1 an
/// interpolant always exists, and a failed LP proves nothing. Use <see cref="GlobalLpResult.LpStatus"/> to
/// report a result.
/// </summary>
public enum GlobalLpStatus { TreeExhausted, Stopped }

/// <summary>Which exact method produced a <see cref="GlobalLpResult"/>: the spatial branch and bound of
/// <see cref="GlobalLpSolver"/>, or the exhaustive enumeration of basic solutions
/// (<see cref="Enumeration.BasicSolutionEnumeration"/>, <see cref="EnumeratedMinimum"/>) on tiny data.</summary>
public enum GlobalLpMethod { BranchAndBound, VertexEnumeration }

/// <summary>
/// Outcome of <see cref="GlobalLpSolver"/>. <see cref="UpperBound"/> is the value of the exact network
/// <see cref="Network"/> (+∞ without one); <see cref="LowerBound"/> is the branch-and-bound bound, finite and ≥ 0;
/// <see cref="Certified"/> only when the tree was exhausted, the relative gap is at most 1e-9, the patterns are
/// complete, and the network was rebuilt and verified exactly.
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
    /// <summary>How the result was obtained; with <see cref="GlobalLpMethod.VertexEnumeration"/>, <see cref="Nodes"/> is
    /// the number of enumerated candidate networks and <see cref="LpCalls"/> is 0.</summary>
    public GlobalLpMethod Method { get; init; } = GlobalLpMethod.BranchAndBound;

    public double Gap => Network is null ? double.PositiveInfinity : (UpperBound - LowerBound) / Math.Max(1e-12, Math.Abs(UpperBound));
    public bool Certified => Status == GlobalLpStatus.TreeExhausted && Network is not null && Gap <= GlobalLpSolver.RelativeGap;

    /// <summary>THE mapping to the vocabulary of <c>sparsest</c> (INTERFACE.md), shared by <c>lp</c>, <c>pstar</c>,
    /// <c>bench lp</c> and the corpus: <c>Optimal</c> only when <see cref="Certified"/>; <c>Feasible</c> for a
    /// verified network with an open gap; <c>Timeout</c> without a network. Never <c>Infeasible</c> (see
    /// <see cref="GlobalLpStatus"/>).</summary>
    public string LpStatus => Certified ? "optimal" : Network is not null ? "feasible" : "timeout";
}

/// <summary>Progress of the branch and bound (for the CLI's stderr). <see cref="LowerBound"/> is a valid bound at
/// that moment and never exceeds the final <see cref="GlobalLpResult.LowerBound"/> (bounds only grow).</summary>
public sealed record GlobalLpProgress(double Seconds, double LowerBound, double UpperBound, int Nodes, int OpenNodes);
