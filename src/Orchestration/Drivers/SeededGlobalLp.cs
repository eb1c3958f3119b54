using System.Diagnostics;
using Verifier.Continuous.GlobalLp;
using Verifier.Continuous.GlobalLp.Enumeration;
using Verifier.Exact.Certificates;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;

namespace Verifier.Orchestration.Drivers;

/// <summary>A <see cref="GlobalLpResult"/> with the ℓ^0 (parameters) solve that seeded it: <see cref="Sparsest"/> is
/// the proven minimum parameter count (null unless that solve was optimal), <see cref="SparsestLowerBound"/> the
/// proven lower bound on it.</summary>
public sealed record SeededLpResult(GlobalLpResult Lp, int? Sparsest, int SparsestLowerBound, double SeedSeconds);

/// <summary>
/// The global ℓ^p minimiser in d &gt; 1 as <c>lp</c>, <c>bench lp</c>, the corpus and the library run it (issue 15):
/// first the exact ℓ^0 optimum of the parameters objective (<see cref="CombinatorialBendersSolver"/>, within
/// <see cref="SeedShare"/> of the time limit), whose network seeds the incumbent of <see cref="GlobalLpSolver"/>, which
/// gets the rest of the time; with the optimum proven, the rest of that share enumerates the other sparsest interpolants
/// (<see cref="SparsestEnumeration"/>): the search starts from the witness, and the cheapest of them at p is returned
/// when it beats the search's network. Why: every vertex of the Lemma 4.1 polyhedron with k nonzeros costs k·r^p to k·R^p, so
/// at small p the sparsest networks are the natural incumbents, and the unseeded search rarely finds them. The seed
/// changes only the upper bound; what is certified is decided by <see cref="GlobalLpSolver"/> alone.
/// </summary>
public static class SeededGlobalLp
{
    /// <summary>Share of the time limit the ℓ^0 solve may use.</summary>
    public const double SeedShare = 0.25;

    /// <summary>Most of the time limit the enumeration of the other sparsest networks may take (within the seed's share).</summary>
    public const double EnumerationShare = 0.1;

    /// <summary>Seeds of <c>pstar</c>'s probes (<see cref="MultivariatePStar"/>): this many of the cheapest sparsest networks at p.</summary>
    public const int SeedCount = 3;

    /// <summary>The search's result with its network replaced by the cheapest of <paramref name="enumerated"/> (the
    /// networks of <see cref="SparsestEnumeration"/>: exactly verified sparsest interpolants whose support has a single
    /// point, hence basic solutions) when that costs less: a better upper bound, the search's lower bound unchanged (it
    /// bounds the minimum whatever network is reported). One below that lower bound (beyond its relative gap) would
    /// contradict it: a defect, thrown.</summary>
    public static GlobalLpResult WithCheapestSparsest(GlobalLpResult lp, IReadOnlyList<ShallowReluNetwork> enumerated, double p)
    {
        if (SparsityMeasures.CheapestAt(enumerated, p, 1) is not [var best]) return lp;
        double value = SparsityMeasures.PathNorm(best, p);
        if (value < lp.LowerBound * (1 - GlobalLpSolver.RelativeGap))
            throw new InvalidOperationException($"a sparsest network costs {value} at p = {p}, below the proven lower bound {lp.LowerBound}");
        return value < lp.UpperBound ? lp with { Network = best, UpperBound = value, Basic = true } : lp;
    }

    /// <summary>Share of the time limit the exhaustive vertex enumeration may use before the branch and bound takes over.</summary>
    public const double EnumerationTryShare = 0.75;

    /// <summary>On tiny data (forecast within <see cref="EnumerationTryShare"/> of the time limit), the certified minimiser
    /// from every basic solution (<see cref="BasicSolutionEnumeration"/>, <see cref="EnumeratedMinimum"/>); null when it
    /// does not apply or does not finish (the branch and bound then gets what is left). Its least parameter count is the
    /// ℓ^0 optimum (for p below p* every minimiser is sparsest and among the candidates, and every candidate interpolates),
    /// so a proven optimum <paramref name="sparsest"/> that differs is a defect, thrown. <paramref name="given"/>: an
    /// enumeration of the same data made earlier.</summary>
    internal static GlobalLpResult? TryEnumeration(Dataset data, double p, double timeLimitSeconds, Stopwatch clock, int? sparsest,
        CancellationToken cancellation, VertexEnumerationResult? given = null, IProgress<EnumerationProgress>? progress = null)
    {
        if (data.Labels.ToArray().All(v => v.IsZero)) return null; // the branch and bound answers y = 0 at once
        var enumeration = given is { Complete: true } ? given
            : EnumerateWithin(data, EnumerationTryShare * timeLimitSeconds - clock.Elapsed.TotalSeconds, cancellation, progress);
        if (enumeration is null) return null;
        if (sparsest is int k0) enumeration.RequireLeastParameters(k0);
        // The minimum over the candidates may use up to MinimumShare of the limit; the branch and bound gets the rest otherwise.
        return WithinDeadline(MinimumShare * timeLimitSeconds - clock.Elapsed.TotalSeconds, cancellation,
            token => EnumeratedMinimum.Solve(enumeration, data, p, cancellation: token));
    }

    /// <summary>Every basic solution of <paramref name="data"/> when forecast to take at most <paramref name="budgetSeconds"/>
    /// and finished within it (the forecast's own time included); null otherwise. One enumeration serves every p
    /// (<see cref="Solve"/>'s <c>enumeration</c>) and p* (<see cref="MultivariatePStar"/>).</summary>
    public static VertexEnumerationResult? EnumerateWithin(Dataset data, double budgetSeconds, CancellationToken cancellation = default,
        IProgress<EnumerationProgress>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        if (data.Labels.ToArray().All(v => v.IsZero) || data.Dimension < 2) return null;
        if (!(BasicSolutionEnumeration.EstimatedSeconds(data) <= budgetSeconds)) return null;
        var enumeration = BasicSolutionEnumeration.Enumerate(data, budgetSeconds - clock.Elapsed.TotalSeconds, cancellation: cancellation,
            progress: progress);
        return enumeration.Complete ? enumeration : null;
    }

    /// <summary>Share of the time limit by which the minimum over the enumerated candidates must be found.</summary>
    private const double MinimumShare = 0.9;

    /// <summary><paramref name="run"/> under a deadline of <paramref name="seconds"/> (linked to
    /// <paramref name="cancellation"/>); null when the deadline, not the caller, cancelled it.</summary>
    internal static T? WithinDeadline<T>(double seconds, CancellationToken cancellation, Func<CancellationToken, T> run) where T : class
    {
        if (!(seconds > 0)) return null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(Math.Min(seconds, int.MaxValue / 1000.0)));
        try { return run(deadline.Token); }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested) { return null; }
    }

    /// <param name="enumeration">A complete enumeration of every basic solution of <paramref name="data"/> made
    /// earlier (<see cref="EnumerateWithin"/>), used instead of enumerating again.</param>
    /// <param name="enumerationProgress">Told how far the enumeration has come, when it runs.</param>
    public static SeededLpResult Solve(Dataset data, double p, double timeLimitSeconds,
        IProgress<GlobalLpProgress>? progress = null, CancellationToken cancellation = default, VertexEnumerationResult? enumeration = null,
        IProgress<EnumerationProgress>? enumerationProgress = null)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), "p must lie in (0, 1)");
        if (!(timeLimitSeconds > 0) || !double.IsFinite(timeLimitSeconds))
            throw new ArgumentOutOfRangeException(nameof(timeLimitSeconds), "the time limit must be positive and finite");
        var clock = Stopwatch.StartNew();
        var problem = SparsestProblem.WithDefaults(data, skip: false, objective: SparsityObjective.Parameters);
        var sparse = new CombinatorialBendersSolver(new MipOptions(SeedShare * timeLimitSeconds)).Solve(problem, cancellation);
        var verdict = SparsestVerdict.Decide(problem, sparse); // the one status decision (throws on a solver defect)
        IReadOnlyList<ShallowReluNetwork> seeds = verdict.Network is { } witness && verdict.Verified ? [witness] : [];
        int? sparsest = verdict.Status == SolveStatus.Optimal ? verdict.Count : null;
        double optimumSeconds = clock.Elapsed.TotalSeconds;
        if (TryEnumeration(data, p, timeLimitSeconds, clock, sparsest, cancellation, enumeration, enumerationProgress) is { } exhaustive)
            return new SeededLpResult(exhaustive with { Seconds = clock.Elapsed.TotalSeconds }, sparsest, verdict.LowerBound, optimumSeconds);
        // With the optimum proven, every sparsest interpolant (within what is left of the seed's share).
        double enumerateSeconds = Math.Min(SeedShare * timeLimitSeconds - clock.Elapsed.TotalSeconds, EnumerationShare * timeLimitSeconds);
        IReadOnlyList<ShallowReluNetwork> enumerated = verdict.Status == SolveStatus.Optimal && verdict.Count is int k0 && k0 > 0 && enumerateSeconds > 0
            ? SparsestEnumeration.Enumerate(problem, k0, enumerateSeconds, cancellation: cancellation).Networks : [];
        double seedSeconds = clock.Elapsed.TotalSeconds;
        double left = Math.Max(1e-3, timeLimitSeconds - clock.Elapsed.TotalSeconds);
        // The search starts from the solver's witness only: starting it from the cheapest sparsest network instead was
        // measured to lose the one small-p certification of the benchmark (N = 3, p = 0.05: 1185 nodes from the
        // witness, not certified in 60 s from the cheapest, nor from the witness and the cheapest together; why is not
        // established) and to change nothing at N = 4, 5. The cheapest sparsest network still becomes the answer when it
        // beats the search's.
        var lp = new GlobalLpSolver(left, progress).Solve(data, p, cancellation, seeds);
        lp = WithCheapestSparsest(lp, enumerated, p);
        return new SeededLpResult(lp with { Seconds = clock.Elapsed.TotalSeconds }, sparsest, verdict.LowerBound, seedSeconds);
    }
}
