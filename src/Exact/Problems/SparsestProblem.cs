using Verifier.Shared.Data;
using Verifier.Shared.Networks;

namespace Verifier.Exact.Problems;

/// <summary>A sparsest-interpolation problem: data, architecture (free linear term or not), objective.</summary>
public sealed record SparsestProblem(Dataset Data, bool Skip, SparsityObjective Objective)
{
    /// <summary>The paper's defaults (SPEC §1): 1-D has the free linear term and counts neurons; d &gt; 1 has no
    /// linear term and counts parameters.</summary>
    public static SparsestProblem WithDefaults(Dataset data, bool? skip = null, SparsityObjective? objective = null) =>
        new(data, skip ?? data.Dimension == 1, objective ?? (data.Dimension == 1 ? SparsityObjective.Neurons : SparsityObjective.Parameters));

    /// <summary>1-D data with the free linear term: the univariate run decomposition (Thm 3.1, SPEC §2) solves it
    /// exactly, without a time limit.</summary>
    public bool UnivariateApplies => Data.Dimension == 1 && Skip;
}

/// <summary>Termination status of an exact solve. There is no "infeasible": distinct inputs can always be
/// interpolated (Prop 4.1), and the readers reject equal inputs with different labels.</summary>
public enum SolveStatus
{
    /// <summary>A verified network whose count equals a proven lower bound.</summary>
    Optimal,
    /// <summary>A verified network and a proven lower bound below its count.</summary>
    Feasible,
    /// <summary>No network: the time limit ran out first.</summary>
    Timeout,
    /// <summary>No network for another reason (the proof says which), e.g. a baseline whose floating answer could
    /// not be rebuilt exactly.</summary>
    Failed,
}
