using Verifier.Exact.Certificates;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Continuous.GlobalLp;
using Verifier.Continuous.GlobalLp.Enumeration;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Reformulation;

namespace Verifier.Orchestration.Drivers;

/// <summary>One probed exponent: whether the ℓ^p solve was certified, and the parameter count of the network it
/// returned (the certified minimiser when <see cref="Certified"/>, otherwise only the best network found; null when
/// none was found); <see cref="UpperBound"/> is +∞ without a network.</summary>
public sealed record PStarProbe(double P, bool Certified, int? Parameters, double LowerBound, double UpperBound);

/// <summary>
/// Outcome of <see cref="MultivariatePStar"/>. <see cref="Lower"/> and <see cref="Upper"/> are the certified bracket of
/// p* (<see cref="PStarBracket"/>): p* ≥ Lower is proven (Thm 4.1 with the exact bounds of
/// <see cref="BasicSolutionBounds"/>); p* ≤ Upper is proven by a certified non-sparsest minimiser
/// (<see cref="Bracket"/>.UpperEvidence), or is the trivial p* ≤ 1. <see cref="Estimate"/> is not proven: the largest
/// probe below Upper whose certified minimiser is sparsest. All null when the ℓ^0 optimum was not proven.
/// </summary>
/// <see cref="PatternsTimedOut"/>: the ℓ^0 minimum was proven but the pattern enumeration for the ℓ^p probes ran
/// out of time (no probes; the lower end is still proven).
public sealed record MultivariatePStarResult(int? Sparsest, PStarBracketResult? Bracket, IReadOnlyList<PStarProbe> Probes, string Method,
    BasicSolutionBounds? Bounds = null, bool PatternsTimedOut = false)
{
    public double? Lower => Bracket?.Lower;
    public double? Upper => Bracket?.Upper;
    public double? Estimate => Bracket?.Estimate;
    /// <summary>True when the certified bracket is at most 1e-9 wide.</summary>
    public bool Exact => Bracket?.Exact ?? false;

    /// <summary>The probe behind a non-trivial <see cref="Upper"/> (its certified minimiser is not sparsest).</summary>
    public PStarProbe? UpperProbe => Bracket?.UpperEvidence is { } e ? Probes.FirstOrDefault(x => x.P == e.P) : null;

    /// <summary>The smallest probe whose certified minimiser is not sparsest (whether or not it could serve as Upper).</summary>
    public PStarProbe? FirstCertifiedNonSparsest =>
        Sparsest is int s ? Probes.OrderBy(x => x.P).FirstOrDefault(x => x.Certified && x.Parameters != s) : null;
}

/// <summary>
/// A certified bracket of p* of Thm 4.1 in d &gt; 1. The exact ℓ^0 (parameters) optimum k₀ and a witness come from
/// <see cref="CombinatorialBendersSolver"/>; the lower end from <see cref="SparsestRegime.LowerEnd"/> (proven for every
/// p at or below it); the upper end from certified ℓ^p minimisers (<see cref="GlobalLpSolver"/>) probed at
/// p = 0.1, 0.2, …, 0.9 upwards until one is certified and not sparsest, then bisected between the largest probe
/// below it and it; or from the crossing of a returned network's cost curve with every sparsest network's, once
/// <see cref="SparsestEnumeration"/> has enumerated all of them (<see cref="CrossingUpperEnd"/>). Every sparsest network the probes return (certified or not) competes for the
/// lower end. y = 0: the empty network is the unique minimiser for every p, so p* = 1 exactly. On tiny data (the
/// enumeration forecast to fit) all of this is replaced by the bracket from every basic solution (<see cref="Enumerated"/>,
/// <see cref="EnumeratedPStar"/>), usually exact, with no probes.
/// </summary>
public static class MultivariatePStar
{
    public const string Method =
        "exact ℓ^0 (parameters) optimum k0 by combinatorial Benders; lower end proven by Thm 4.1 with exact Cramer bounds r ≤ |z_v| on every basic solution (Σ(|z0_v|/r)^p < k0 + 1 for the best sparsest network z0 found, outward-rounded); upper end proven by the smallest probed p (0.1, 0.2, … then bisection) whose certified ℓ^p minimiser is not sparsest (relies on the ℓ^p certificate's 1e-9 relative gap), or — when every sparsest interpolant was enumerated exactly — the first p where a network a probe returned (certified or not) costs less than each of them (certified interval arithmetic), whichever is smaller, else the trivial 1; pStar is the largest probe below upper whose certified minimiser is sparsest — an estimate, not proven";

    public const string EmptyMethod = "y = 0: the empty network is the unique ℓ^p minimiser for every p, so p* = 1 exactly";

    public const string EnumerationMethod =
        "exact ℓ^0 (parameters) optimum k0 by combinatorial Benders; the data being tiny, every basic solution of the ℓ^p problem was enumerated exactly (BasicSolutionEnumeration: the global minimisers at every p are among them, with their parameter counts); p* is bracketed from their cost curves in certified interval arithmetic (lower end: a cover of (0, lower] on which every non-sparsest candidate is provably costlier than the cheapest sparsest; upper end: a point where a non-sparsest candidate is provably cheaper than every sparsest one), intersected with the Thm 4.1 lower end; no probes are needed";

    /// <summary>The bracket from every basic solution, when the enumeration is forecast to finish within
    /// <see cref="SeededGlobalLp.EnumerationTryShare"/> of <paramref name="seconds"/> and it, and the bracket from its
    /// candidates, finish within <paramref name="seconds"/>; null otherwise (the probes take over). The least parameter
    /// count among the candidates must be the proven k₀ (a defect otherwise). <paramref name="forecast"/> false skips the
    /// forecast and gives the enumeration all of <paramref name="seconds"/> (the corpus validator re-deriving a recorded
    /// bracket: the forecast depends on the machine). <paramref name="given"/>: a complete enumeration of the same data
    /// made earlier (the corpus builder shares one between its ℓ^p entries and p*).</summary>
    internal static PStarBracketResult? Enumerated(Dataset data, int k0, PStarBracketResult decided, double seconds,
        CancellationToken cancellation = default, bool forecast = true, VertexEnumerationResult? given = null,
        IProgress<EnumerationProgress>? progress = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var enumeration = given is { Complete: true } ? given
            : forecast ? SeededGlobalLp.EnumerateWithin(data, SeededGlobalLp.EnumerationTryShare * seconds, cancellation, progress)
            : BasicSolutionEnumeration.Enumerate(data, seconds, cancellation: cancellation, progress: progress) is { Complete: true } all ? all : null;
        if (enumeration is null) return null;
        enumeration.RequireLeastParameters(k0);
        var bracket = SeededGlobalLp.WithinDeadline(seconds - clock.Elapsed.TotalSeconds, cancellation,
            token => EnumeratedPStar.Certify(enumeration, k0, cancellation: token));
        if (bracket is null) return null;
        var upperNetwork = bracket.UpperCandidate is int u ? enumeration.VerifiedNetwork(enumeration.Candidates[u], data) : null;
        return PStarBracket.WithEnumeration(decided, bracket, upperNetwork);
    }

    /// <param name="enumerate">Try the exhaustive enumeration of basic solutions first (when forecast to fit); false
    /// forces the probing path (tests of the probes and the crossing use it on data small enough to enumerate).</param>
    /// <param name="enumerationProgress">Told how far the enumeration has come, when it runs.</param>
    public static MultivariatePStarResult Compute(Dataset data, double secondsPerSolve = 60, int bisections = 4,
        IProgress<PStarProbe>? progress = null, CancellationToken cancellation = default, bool enumerate = true,
        IProgress<EnumerationProgress>? enumerationProgress = null)
    {
        if (data.Labels.ToArray().All(v => v.IsZero))
            return new MultivariatePStarResult(0, new PStarBracketResult(1, 1, 1, 0, 1, null, []), [], EmptyMethod);
        var problem = SparsestProblem.WithDefaults(data);
        // The one status decision: k0 only from a verified network with a proven matching bound.
        var sparse = SparsestVerdict.Decide(problem, new CombinatorialBendersSolver(new MipOptions(secondsPerSolve)).Solve(problem, cancellation));
        if (sparse.Status != SolveStatus.Optimal || sparse.Count is not int k0 || sparse.Network is not { } witness)
            return new MultivariatePStarResult(null, null, [], Method);
        var bounds = BasicSolutionBounds.Of(data, cancellation);
        // Every sparsest interpolant, when the exhaustive search finishes in time: then any interpolant the probes return,
        // certified or not, can prove an upper end (CrossingUpperEnd).
        var all = SparsestEnumeration.Enumerate(problem, k0, secondsPerSolve, cancellation: cancellation);
        var evidence = new List<PStarEvidence>();
        var bracket = PStarBracket.Decide(bounds, k0, [witness], evidence, all);
        if (enumerate && Enumerated(data, k0, bracket, secondsPerSolve, cancellation, progress: enumerationProgress) is { } exact)
            return new MultivariatePStarResult(k0, exact, [], EnumerationMethod, bounds);
        var poly = BlockModel.TryBuild(data, secondsPerSolve, cancellation);
        if (poly is null) return new MultivariatePStarResult(k0, bracket, [], Method, bounds, PatternsTimedOut: true);

        var solver = new GlobalLpSolver(secondsPerSolve);
        var probes = new List<PStarProbe>();
        PStarProbe Probe(double p)
        {
            var r = solver.Solve(poly, p, cancellation, SparsityMeasures.CheapestAt(all.Networks.Prepend(witness), p, SeededGlobalLp.SeedCount));
            int? parameters = r.Network is null ? null : SparsityMeasures.NonzeroParameters(r.Network);
            var probe = new PStarProbe(p, r.Certified, parameters, r.LowerBound, r.UpperBound);
            probes.Add(probe);
            if (r.Network is not null) evidence.Add(new PStarEvidence(p, r.Certified, r.Network));
            bracket = PStarBracket.Decide(bounds, k0, [witness], evidence, all);
            progress?.Report(probe);
            return probe;
        }

        // Upwards: the first accepted certified non-sparsest probe is the upper end; larger p cannot lower it.
        for (int k = 1; k <= 9 && !cancellation.IsCancellationRequested; k++)
        {
            double p = k / 10.0;
            if (p <= bracket.Lower) continue;
            Probe(p);
            if (bracket.UpperEvidence is not null) break;
        }
        if (bracket.UpperEvidence is not null)
        {
            // Bisect (largest probe below the upper end, upper end): a certified non-sparsest minimiser lowers the upper
            // end; anything else (sparsest, or uncertified: no information) moves the search above it.
            double hi = bracket.Upper;
            // The bisection's lower end: the largest probe below hi, at least the proven lower end.
            double LargestProbeBelow(double h) => Math.Max(bracket.Lower, probes.Where(x => x.P < h).Select(x => x.P).DefaultIfEmpty(0).Max());
            double lo = LargestProbeBelow(hi);
            for (int b = 0; b < bisections && !cancellation.IsCancellationRequested; b++)
            {
                double mid = lo + (hi - lo) / 2;
                double before = bracket.Upper;
                Probe(mid);
                if (bracket.Upper < before)
                {
                    // At mid, or a crossing below it (then below lo too, possibly): refine under the new upper end.
                    hi = bracket.Upper;
                    lo = Math.Min(lo, LargestProbeBelow(hi)); // moves only when the crossing fell below lo
                }
                else lo = mid;
            }
        }
        return new MultivariatePStarResult(k0, bracket, probes, Method, bounds);
    }
}
