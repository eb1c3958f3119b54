using Verifier.Exact.Problems;
using Verifier.Reformulation;
using Verifier.Shared.Limits;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Exact.Mip;

/// <summary>
/// The instance phase of <see cref="CombinatorialBendersSolver"/>: the data as the sub-problem sees them (y, and the
/// columns of X̄ when the free linear term is present), the activation patterns and the Lemma 4.1 block groups of
/// the objective (whose generators carry their own double and integer views, <see cref="ExactVector"/>).
/// </summary>
internal sealed record BendersInstance(SparsestProblem Problem, Rational[] Y, Rational[][]? SkipColumns,
    ActivationPatterns Patterns, List<BlockGroup> Groups)
{
    public int Points => Y.Length;

    /// <summary>A fresh sub-problem (each counts its own LPs and questions, so every worker needs its own).</summary>
    public ConeSubproblem NewSubproblem() => new(Y, SkipColumns);

    /// <summary>The cut of an exact Farkas vector: the groups having a generator g with π·g &gt; 0 (thread-safe).</summary>
    public FarkasCut CutOf(Rational[] pi) => new(pi, FarkasCut.GroupsViolating(Groups, pi));

    /// <summary>y and the columns of X̄ for the free linear term (null without it).</summary>
    public static (Rational[] Y, Rational[][]? SkipColumns) Targets(SparsestProblem problem)
    {
        var lifted = LiftedInputs.Of(problem.Data);
        int dim = problem.Data.Dimension + 1;
        var skip = problem.Skip ? Enumerable.Range(0, dim).Select(k => lifted.Select(row => row[k]).ToArray()).ToArray() : null;
        return (problem.Data.Labels.ToArray(), skip);
    }

    /// <summary>
    /// Enumerates the patterns and builds the groups under the time limit: both can outlast it (2^N patterns when
    /// N ≤ d + 1, each with an exact LP witness; for the parameters objective every independent column set of X̄ is a
    /// support). Returns null and names the phase when the limit ran out; <paramref name="cancellation"/> itself
    /// propagates.
    /// </summary>
    public static BendersInstance? TryBuild(SparsestProblem problem, double seconds, CancellationToken cancellation, out string phase)
    {
        var (y, skip) = Targets(problem);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfterSeconds(seconds);
        phase = "enumerating the activation patterns";
        try
        {
            var patterns = ActivationPatterns.Enumerate(problem.Data, limit.Token);
            phase = "building the Lemma 4.1 blocks";
            var groups = BlockGroups.Build(LiftedInputs.Of(problem.Data), patterns, problem.Objective, limit.Token);
            return new BendersInstance(problem, y, skip, patterns, groups);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The network of a reachable selection's exact sub-problem witness (Lemma 4.1 inverse).</summary>
    public ShallowReluNetwork NetworkOf(ConeSubproblem.Outcome outcome) =>
        CombinatorialBendersSolver.BuildNetwork(Problem.Data.Dimension, Groups, outcome.Weights!, outcome.Beta);
}

/// <summary>A verified-by-construction selection of groups with its exact network and objective value.</summary>
internal readonly record struct BendersIncumbent(int Cost, ShallowReluNetwork Network, List<int> Selection);
