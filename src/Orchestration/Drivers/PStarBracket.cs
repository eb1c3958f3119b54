using Verifier.Continuous.GlobalLp;
using Verifier.Exact.Mip;
using Verifier.Shared.Networks;

namespace Verifier.Orchestration.Drivers;

/// <summary>An ℓ^p minimiser found at <see cref="P"/> (certified or not) as evidence for a p* bracket.</summary>
public sealed record PStarEvidence(double P, bool Certified, ShallowReluNetwork Network);

/// <summary>
/// The p* bracket that a set of ℓ^p minimisers proves in d &gt; 1 (used by <c>pstar</c>, by corpus generation and
/// by the corpus validator, so all three decide it the same way). <see cref="Lower"/>: proven by
/// <see cref="SparsestRegime.LowerEnd"/> from the best available sparsest network. <see cref="Upper"/>: the smallest
/// p with a certified non-sparsest minimiser that no known sparsest network provably matches, or 1 (p* ≤ 1 by
/// definition) when there is none. <see cref="Estimate"/>: the largest p below <see cref="Upper"/> whose certified
/// minimiser is sparsest (at least <see cref="Lower"/>) — an estimate, not proven: a certified sparsest minimiser at
/// one p says nothing about the exponents below it.
/// </summary>
/// <param name="UpperEvidence">The network behind <see cref="Upper"/> (null when the upper end is the trivial 1): a certified
/// non-sparsest minimiser, or (<see cref="UpperByCrossing"/>) any interpolant cheaper than every sparsest network there.</param>
/// <param name="Conflicts">Certified non-sparsest minimisers that could not serve as the upper end, with why: at or
/// below the proven lower end (which means the ℓ^p certificate's relative gap hides a sparsest minimiser), or not
/// provably cheaper than a known sparsest network.</param>
/// <param name="UpperByCrossing">The upper end comes from <see cref="CrossingUpperEnd"/> (complete sparsest set; no ℓ^p
/// certificate needed), not from a certified minimiser.</param>
/// <param name="Sparsest">The enumeration of every sparsest interpolant, when one was made.</param>
public sealed record PStarBracketResult(double Lower, double Upper, double Estimate, int LowerCandidate, double TheoremConstant,
    PStarEvidence? UpperEvidence, IReadOnlyList<string> Conflicts, bool UpperByCrossing = false, SparsestSet? Sparsest = null)
{
    public const double ExactWidth = 1e-9;
    public bool Exact => Upper - Lower <= ExactWidth;

    /// <summary>The bracket from every basic solution (<see cref="PStarBracket.WithEnumeration"/>), when the data were tiny
    /// enough to enumerate them; then both ends rest on it.</summary>
    public EnumeratedPStarBracket? Enumerated { get; init; }

    /// <summary>What the lower end rests on (one sentence for every report): the enumeration's cover when it reaches
    /// <see cref="Lower"/>, else Thm 4.1's constant.</summary>
    public string LowerProofText => Enumerated is { } e && e.Lower >= Lower ? PStarBracket.EnumeratedLowerProof : PStarBracket.LowerProof;

    /// <summary>What the upper end rests on (one sentence for every report): the enumeration's witness when it supplies
    /// <see cref="Upper"/>, else the probes' evidence or crossing, else the trivial p* ≤ 1.</summary>
    public string UpperProofText =>
        Enumerated is { UpperCandidate: not null } e && e.Upper <= Upper ? PStarBracket.EnumeratedUpperProof
        : UpperEvidence is not null ? UpperByCrossing ? PStarBracket.CrossingProof + " (" + Sparsest!.Proof + ")" : PStarBracket.UpperProof
        : Enumerated is not null ? "p* ≤ 1 by definition (no point below 1 was found where a non-sparsest candidate is provably cheaper than every sparsest one)"
        : Sparsest is { Complete: true }
            ? "p* ≤ 1 by definition (no certified non-sparsest minimiser, and no returned network provably cheaper than every sparsest one, was found)"
            : "p* ≤ 1 by definition (no certified non-sparsest minimiser was found; the sparsest interpolants were not all enumerated, so no crossing was looked for)";
}

public static class PStarBracket
{
    /// <summary>What the upper end proves, stated once for every report.</summary>
    public const string UpperProof =
        "p* ≤ upper: at p = upper the global ℓ^p solver certified (relative gap ≤ 1e-9) a minimiser that is not sparsest, and every known sparsest network provably costs at least as much there (certified interval arithmetic); this relies on the ℓ^p certificate, which cannot exclude an unknown sparsest network within its relative gap 1e-9 of the minimum";

    public const string CrossingProof =
        "p* ≤ upper: every sparsest interpolant was enumerated exactly (merged Lemma 4.1 block form), and at p = upper an exactly interpolating network costs less than each of them (certified interval arithmetic), so no global ℓ^p minimiser there is sparsest (a sparsest minimiser would cost at least its merged form); no ℓ^p certificate is needed";

    public const string LowerProof =
        "p* ≥ lower: Thm 4.1 made computable — every basic solution of the Lemma 4.1 system has nonzero entries ≥ r (Cramer's rule on the integer-scaled system with block-structured determinant bounds), so any minimiser with k0 + 1 or more nonzeros costs ≥ (k0 + 1)·r^p, while a sparsest network z0 costs Σ|z0_v|^p; for every p with Σ(|z0_v|/r)^p < k0 + 1 (decided in outward-rounded arithmetic) all minimisers are sparsest, and by convexity for every smaller p too";

    public const string EnumeratedLowerProof =
        "p* ≥ lower: every basic solution was enumerated exactly (" + "every global ℓ^p minimiser's parameter count, for every p, is that of a least-cost candidate); on each interval of a cover of (0, lower] every non-sparsest candidate's cost provably exceeds the cheapest sparsest candidate's (per-term monotone enclosures of |u|^p in outward-rounded arithmetic), so every minimiser at every p ≤ lower is sparsest";

    public const string EnumeratedUpperProof =
        "p* ≤ upper: every basic solution was enumerated exactly, and at p = upper a non-sparsest candidate (an exactly interpolating network) costs strictly less than every sparsest candidate (certified interval arithmetic), so no global ℓ^p minimiser there is sparsest";

    /// <summary>The bracket <paramref name="decided"/> (from <see cref="Decide"/>) sharpened by the enumeration of every
    /// basic solution: its lower end is the larger, its upper end the smaller of the two; <paramref name="upperNetwork"/>
    /// is the network of <paramref name="enumerated"/>'s upper candidate. Two proofs that contradict are a defect, thrown:
    /// a lower end proves every minimiser sparsest on (0, lower], an upper end with a witness proves one not sparsest at
    /// upper, so lower ≥ upper contradicts (lower = upper = 1 without a witness does not).</summary>
    public static PStarBracketResult WithEnumeration(PStarBracketResult decided, EnumeratedPStarBracket enumerated, ShallowReluNetwork? upperNetwork)
    {
        bool enumeratedWitness = enumerated.UpperCandidate is not null;
        // A probe's certified non-sparsest minimiser relies on the ℓ^p certificate's 1e-9 gap and on the sparsest networks
        // known to it: at or below the enumeration's proven lower end it is a conflict to report (as in Decide), not a
        // contradiction of proofs; its upper end is dropped.
        if (decided.UpperEvidence is { } probe && !decided.UpperByCrossing && enumerated.Lower >= decided.Upper)
            decided = decided with
            {
                Upper = 1, UpperEvidence = null,
                Conflicts = [.. decided.Conflicts, $"the certified non-sparsest minimiser at p = {probe.P} lies at or below the lower end {enumerated.Lower} proven by the enumeration of every basic solution (within the ℓ^p certificate's relative gap of a sparsest network): not used"],
            };
        bool decidedWitness = decided.UpperEvidence is not null;
        if ((enumeratedWitness ? decided.Lower >= enumerated.Upper : decided.Lower > enumerated.Upper)
            || (decidedWitness ? enumerated.Lower >= decided.Upper : enumerated.Lower > decided.Upper))
            throw new InvalidOperationException($"the enumerated bracket [{enumerated.Lower}, {enumerated.Upper}] contradicts [{decided.Lower}, {decided.Upper}]");
        double lower = Math.Max(decided.Lower, enumerated.Lower), upper = Math.Min(decided.Upper, enumerated.Upper);
        var evidence = upperNetwork is not null && enumerated.Upper <= decided.Upper ? new PStarEvidence(enumerated.Upper, false, upperNetwork) : decided.UpperEvidence;
        return decided with
        {
            Lower = lower, Upper = upper, Estimate = Math.Clamp(decided.Estimate, lower, upper), UpperEvidence = evidence,
            UpperByCrossing = decided.UpperByCrossing && evidence == decided.UpperEvidence, Enumerated = enumerated,
        };
    }

    /// <summary>
    /// Decides the bracket. <paramref name="sparsestNetworks"/> are interpolants with the proven ℓ^0 optimum
    /// <paramref name="k0"/> (at least one, e.g. the ℓ^0 witness); every <paramref name="minimisers"/> network with
    /// k₀ nonzero parameters is used for the lower end as well. A minimiser with fewer than k₀ nonzero parameters
    /// contradicts the proven optimum and throws.
    /// </summary>
    /// <remarks>With <paramref name="all"/> complete (every sparsest interpolant of the data), every evidence
    /// network, certified or not, may also prove an upper end by <see cref="CrossingUpperEnd"/>; the smaller end is kept,
    /// and all the enumerated networks compete for the lower end.</remarks>
    public static PStarBracketResult Decide(BasicSolutionBounds bounds, int k0, IEnumerable<ShallowReluNetwork> sparsestNetworks,
        IEnumerable<PStarEvidence> minimisers, SparsestSet? all = null)
    {
        if (all is not null && all.Optimum != k0) throw new ArgumentException("the sparsest set is for another optimum", nameof(all));
        var evidence = minimisers.OrderBy(e => e.P).ToList();
        foreach (var e in evidence)
            if (SparsityMeasures.NonzeroParameters(e.Network) < k0)
                throw new InvalidOperationException($"an ℓ^p minimiser at p = {e.P} has {SparsityMeasures.NonzeroParameters(e.Network)} nonzero parameters, fewer than the proven ℓ^0 optimum {k0}");
        var sparsest = sparsestNetworks.Concat(evidence.Where(e => IsSparsest(e, k0)).Select(e => e.Network))
            .Concat(all?.Networks ?? []).ToList(); // each is a verified sparsest interpolant, complete set or not
        var lowerEnd = SparsestRegime.LowerEnd(bounds, k0, sparsest);
        double lower = lowerEnd.P;

        double upper = 1;
        PStarEvidence? upperEvidence = null;
        var conflicts = new List<string>();
        foreach (var e in evidence.Where(e => e.Certified && !IsSparsest(e, k0)))
        {
            if (e.P <= lower)
            {
                conflicts.Add($"p = {e.P}: a certified minimiser with {SparsityMeasures.NonzeroParameters(e.Network)} nonzero parameters at or below the proven lower end {lower} (only possible within the ℓ^p certificate's relative gap)");
                continue;
            }
            double cost = SparsestRegime.PathNormBounds(e.Network, e.P).Hi;
            int beaten = sparsest.FindIndex(z => SparsestRegime.PathNormBounds(z, e.P).Lo < cost);
            if (beaten >= 0)
            {
                conflicts.Add($"p = {e.P}: a known sparsest network is not provably costlier than the certified non-sparsest minimiser");
                continue;
            }
            upper = e.P;
            upperEvidence = e;
            break;
        }
        bool byCrossing = false;
        if (all is { Complete: true } && CrossingUpperEnd.Find(all, evidence.Select(e => e.Network)) is { } crossing)
        {
            // Both ends are proofs: a crossing at or below the lower end means one of them is wrong.
            if (crossing.P <= lower)
                throw new InvalidOperationException($"p = {crossing.P}: an interpolant cheaper than every sparsest one at or below the proven lower end {lower}: the two proofs contradict");
            if (crossing.P < upper)
            {
                upper = crossing.P;
                upperEvidence = new PStarEvidence(crossing.P, false, crossing.Network);
                byCrossing = true;
            }
        }
        double estimate = evidence.Where(e => e.Certified && IsSparsest(e, k0) && e.P < upper).Select(e => e.P).DefaultIfEmpty(lower).Max();
        return new PStarBracketResult(lower, upper, Math.Clamp(estimate, lower, upper), lowerEnd.Candidate, lowerEnd.TheoremConstant,
            upperEvidence, conflicts, byCrossing, all);
    }

    private static bool IsSparsest(PStarEvidence e, int k0) => SparsityMeasures.NonzeroParameters(e.Network) == k0;
}
