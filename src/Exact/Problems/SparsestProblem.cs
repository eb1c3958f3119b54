using Verifier.Shared.Data;

namespace Verifier.Exact.Problems;

/// <summary>What is counted: active neurons (problem (3)) or nonzero penalised parameters (problem (9)).</summary>
public enum SparsityObjective { Neurons, Parameters }

/// <summary>A sparsest-interpolation problem: data, architecture (free linear term or not), objective.</summary>
public sealed record SparsestProblem(Dataset Data, bool Skip, SparsityObjective Objective)
{
    /// <summary>The paper's defaults (SPEC §1): 1-D has the free linear term and counts neurons; d &gt; 1 has no
    /// linear term and counts parameters.</summary>
    public static SparsestProblem WithDefaults(Dataset data, bool? skip = null, SparsityObjective? objective = null) =>
        new(data, skip ?? data.Dimension == 1, objective ?? (data.Dimension == 1 ? SparsityObjective.Neurons : SparsityObjective.Parameters));
}

/// <summary>Termination status of an exact solve (separate from whether a witness exists).</summary>
public enum SolveStatus { Optimal, Feasible, Infeasible, Timeout }
