using Verifier.Continuous.GlobalLp.Enumeration;
using Verifier.Shared.Data;
using Verifier.Shared.Numbers;

namespace Verifier.Continuous.GlobalLp;

/// <summary>
/// The certified global ℓ^p minimiser (paper (8)) from a complete <see cref="BasicSolutionEnumeration"/>: the minimum
/// over every candidate, which is the global minimum (the enumeration's claim). Costs are enclosed in outward-rounded
/// arithmetic (<see cref="CandidateLogs"/>): the lower bound is the least proven lower enclosure over all candidates, the
/// upper bound the proven upper enclosure of the returned candidate, which is rebuilt exactly and checked to interpolate.
/// </summary>
public static class EnumeratedMinimum
{
    public const string Proof =
        "exhaustive enumeration of basic solutions: every set of arrangement-ray generators with independent outputs that represents y with positive weights, in every maximal grouping into neurons (no two neurons mergeable: a merge never costs more; exact rational weights; determinant signs decided in floating point with rigorous error bounds, else exactly); for every p the global minimum is attained among them (concavity on the cells of the arrangement, Rockafellar Cor. 32.3.4), and costs are compared in outward-rounded arithmetic";

    /// <summary>The minimiser at <paramref name="p"/> from a complete enumeration (throws when it is incomplete or empty).</summary>
    public static GlobalLpResult Solve(VertexEnumerationResult enumeration, Dataset data, double p, int blocks = 0,
        CancellationToken cancellation = default)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), "p must lie in (0, 1)");
        if (!enumeration.Complete || enumeration.Candidates.Count == 0)
            throw new ArgumentException("the enumeration is incomplete or empty", nameof(enumeration));
        var candidates = enumeration.Candidates;
        var logs = enumeration.Logs(cancellation);
        var (powLo, powHi) = logs.Powers(p);
        int best = -1;
        double bestHi = double.PositiveInfinity, lower = double.PositiveInfinity;
        for (int c = 0; c < candidates.Count; c++)
        {
            if ((c & 65535) == 0) cancellation.ThrowIfCancellationRequested();
            double hi = logs.CostHi(c, powHi);
            if (hi < bestHi) { bestHi = hi; best = c; }
            lower = Math.Min(lower, logs.CostLo(c, powLo));
        }
        // "basic": the chosen generators' outputs are linearly independent — re-checked exactly, not taken from the search.
        var arrangement = enumeration.Arrangement!;
        var outputs = candidates[best].Generators.Select(g => arrangement.All[g].Output.Select(Rational.FromInteger).ToArray()).ToList();
        if (ExactLinearAlgebra.Rank(outputs, arrangement.Points) != outputs.Count)
            throw new InvalidOperationException("the enumerated minimiser's generator outputs are dependent: a defect");
        var network = enumeration.VerifiedNetwork(candidates[best], data);
        return new GlobalLpResult(GlobalLpStatus.TreeExhausted, p, lower, bestHi, network, true, candidates.Count, 0, blocks,
            enumeration.Seconds) { Method = GlobalLpMethod.VertexEnumeration };
    }
}
