using Verifier.Continuous.GlobalLp;
using Verifier.Exact.Mip;
using Verifier.Shared.Checks;
using Verifier.Shared.Networks;

namespace Verifier.Orchestration.Drivers;

/// <summary>A proven upper end of p* from a complete sparsest set: at <see cref="P"/> the interpolant
/// <see cref="Network"/> costs less than every sparsest network (certified interval arithmetic).</summary>
public sealed record CrossingUpper(double P, ShallowReluNetwork Network);

/// <summary>
/// p* ≤ u without an ℓ^p certificate. <b>Claim.</b> If every sparsest interpolant is known in merged block form
/// (<see cref="SparsestSet.Complete"/>) and some interpolant z has Σ|z_v|^u &lt; Σ|s_v|^u for each of them, then no
/// global ℓ^u minimiser is sparsest, so p* ≤ u. <b>Proof.</b> A minimiser m at u costs at most z's cost. If m had k₀
/// nonzero parameters, its merged block form s is in the set (<see cref="SparsestSet"/>) and costs at most m
/// (merging never increases the path norm: |a + b|^u ≤ |a|^u + |b|^u), so cost(m) ≥ cost(s) &gt; cost(z) ≥ cost(m),
/// a contradiction. z need not be a minimiser, nor certified: any exactly interpolating network will do.
/// </summary>
/// <remarks>For each candidate the first such u is looked for on a grid of (0, 1), then by bisection between the last
/// grid point where it is not proven and the first where it is; the proven point found is returned (the set of such u
/// need not be an interval, so this is the first crossing the grid sees, not necessarily the smallest). The grid
/// starts at 0, not at the proven lower end, so that a crossing below it — two proofs contradicting each other —
/// is seen (<see cref="PStarBracket"/> reports it as a conflict).</remarks>
public static class CrossingUpperEnd
{
    private const int GridSteps = 256;
    private const int Bisections = 60;

    /// <summary>The first proven u over <paramref name="candidates"/>, or null when none beats every sparsest network on
    /// the grid. Only networks of objective (8) count: d ≥ 2, no linear term, interpolating the set's data exactly.</summary>
    public static CrossingUpper? Find(SparsestSet sparsest, IEnumerable<ShallowReluNetwork> candidates)
    {
        if (!sparsest.Complete || sparsest.Networks.Count == 0) return null;
        var curves = sparsest.Networks.Select(s => new CertifiedCostCurve(s)).ToList();
        CrossingUpper? best = null;
        foreach (var z in candidates)
        {
            if (z.Skip is not null || z.InputDim != sparsest.Data.Dimension || z.InputDim < 2) continue;
            if (SparsityMeasures.NonzeroParameters(z) <= sparsest.Optimum) continue; // a sparsest network never beats its own merged form
            if (!InterpolationCheck.Check(z, sparsest.Data).Interpolates) continue;
            var curve = new CertifiedCostCurve(z);
            bool Beats(double p) => curve.ProvenCheaperThanAll(curves, p);
            double hiLimit = best?.P ?? 1;
            double previous = 0;
            for (int j = 1; j < GridSteps; j++)
            {
                double p = (double)j / GridSteps;
                if (p >= hiLimit) break;
                if (!Beats(p)) { previous = p; continue; }
                double lo = previous, hi = p;
                for (int b = 0; b < Bisections; b++)
                {
                    double mid = lo + (hi - lo) / 2;
                    if (mid <= lo || mid >= hi) break;
                    if (Beats(mid)) hi = mid; else lo = mid;
                }
                if (hi < hiLimit) best = new CrossingUpper(hi, z);
                break;
            }
        }
        return best;
    }
}
