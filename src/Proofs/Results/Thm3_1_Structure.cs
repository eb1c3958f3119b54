using FsCheck;
using FsCheck.Fluent;
using Verifier.Continuous.Univariate;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Proofs.Generators;
using Verifier.Proofs.Running;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Proofs.Results;

/// <summary>
/// Theorem 3.1 (0 &lt; p &lt; 1), structural parts 1–3 (SPEC §2), checked exactly on every DP solution (the
/// min-V_p minimiser at random p and the sparsest partition). With 0-based points x_0 &lt; … &lt; x_{N−1}, data
/// slopes s_i and slope changes Δ_i: (1) the interpolant is linear on (−∞, x_1] with slope s_0 and on
/// [x_{N−2}, ∞) with slope s_{N−2}; (2) it is linear on [x_{i−1}, x_{i+1}] when Δ_i = 0 (collinear triple) and on
/// [x_i, x_{i+1}] when the curvatures ε_i ≠ ε_{i+1}; (3) on a run of two points {j, j+1} it has exactly one knot in
/// (x_{j−1}, x_{j+2}), at the intersection of ℓ_{j−1} (through points j−1, j) and ℓ_{j+1} (through j+1, j+2), with
/// slope change s_{j+1} − s_{j−1}. Also (4, sign part): every knot lies in the span of a run and bends with
/// the run's curvature sign.
/// </summary>
public static class Thm3_1_Structure
{
    public static ProofResult Result { get; } = new(nameof(Thm3_1_Structure),
        "Every min-V_p interpolant (0 < p < 1) is linear outside [x_2, x_{N−1}] with slopes s_1, s_{N−1}; linear through collinear triples and between opposite curvatures; has one knot per 2-point run where ℓ_{i−1} and ℓ_{i+1} meet.",
        [
            new("MinimiserIsLinearOutsideTheInteriorWithTheEndSlopes", "knots lie in [x_2, x_{N−1}]; slope s_1 before them and s_{N−1} after", 200, EndsAreLinear),
            new("MinimiserIsLinearThroughCollinearTriplesAndBetweenOppositeCurvatures", "no knot inside (x_{i−1}, x_{i+1}) when Δ_i = 0, nor inside (x_i, x_{i+1}) when ε_i ≠ ε_{i+1}", 200, LinearWhereForced),
            new("TwoPointRunHasOneKnotWhereTheNeighbouringLinesMeet", "a 2-point run {j, j+1} has exactly one knot in (x_{j−1}, x_{j+2}), at ℓ_{j−1} ∩ ℓ_{j+1}, bending by s_{j+1} − s_{j−1}", 200, TwoPointRuns),
            new("SparsestNetworkHasCeilHalfRunLengthKnotsPerRun", "the sparsest DP network has Σ_runs ⌈L/2⌉ knots, runs taken from the definition (a zero curvature or a sign change ends a run)", 200, SparsestCount),
            new("EveryKnotLiesOnARunAndBendsWithItsCurvature", "each knot lies in [x_first, x_last] of a run and its slope change has the run's sign", 200, KnotsBendWithTheirRun),
        ]);

    /// <summary>The property over every generated dataset, at a random p and for the sparsest partition (p → 0).</summary>
    private static Property OnEverySolution(Func<UnivariateStructure, Hinges, bool> law) =>
        Prop.ForAll(UnivariateGenerators.Arb(UnivariateGenerators.AnyUnivariateData), Arb.From(Gen.Choose(1, 99)), (sample, pPercent) =>
        {
            var s = UnivariateStructure.Analyze(sample.ToDataset());
            var minVp = Merged(UnivariateSweep.HingeForm(MinVpDynamicProgram.Solve(s, pPercent / 100.0).Partition.ToNetwork()));
            var sparsest = Merged(UnivariateSweep.HingeForm(UnivariateSparsest.SparsestPartition(s).ToNetwork()));
            return law(s, minVp) && law(s, sparsest);
        });

    private static Property EndsAreLinear() => OnEverySolution((s, h) =>
    {
        int n = s.Data.Count;
        if (n < 2) return h.Knots.Length == 0;
        Rational first = s.Slopes[0], last = s.Slopes[n - 2];
        Rational end = h.Alpha;
        foreach (var c in h.Changes) end += c;
        return h.Alpha == first && end == last
            && h.Knots.All(t => t >= s.X(Math.Min(1, n - 1)) && t <= s.X(Math.Max(0, n - 2)));
    });

    private static Property LinearWhereForced() => OnEverySolution((s, h) =>
    {
        int n = s.Data.Count;
        for (int i = 1; i + 1 < n; i++)
            if (s.SlopeChanges[i].IsZero && KnotsIn(h, s.X(i - 1), s.X(i + 1)) > 0) return false;
        for (int i = 1; i + 2 < n; i++)
            if (s.SlopeChanges[i].Sign != s.SlopeChanges[i + 1].Sign && KnotsIn(h, s.X(i), s.X(i + 1)) > 0) return false;
        return true;
    });

    private static Property TwoPointRuns() => OnEverySolution((s, h) =>
    {
        foreach (var run in s.Runs.Where(r => r.Length == 2))
        {
            int j = run.First;
            Rational before = s.Slopes[j - 1], after = s.Slopes[j + 1];
            // ℓ_{j−1}(u) = y_j + s_{j−1}(u − x_j) meets ℓ_{j+1}(u) = y_{j+1} + s_{j+1}(u − x_{j+1}).
            Rational u = (s.Data.Labels[j + 1] - s.Data.Labels[j] - after * s.X(j + 1) + before * s.X(j)) / (before - after);
            var inside = Enumerable.Range(0, h.Knots.Length).Where(k => h.Knots[k] > s.X(j - 1) && h.Knots[k] < s.X(j + 2)).ToList();
            if (inside.Count != 1 || h.Knots[inside[0]] != u || h.Changes[inside[0]] != after - before) return false;
        }
        return true;
    });

    private static Property KnotsBendWithTheirRun() => OnEverySolution((s, h) =>
        Enumerable.Range(0, h.Knots.Length).All(k =>
            s.Runs.Any(r => h.Knots[k] >= s.X(r.First) && h.Knots[k] <= s.X(r.Last) && h.Changes[k].Sign == r.Sign)));

    private static Property SparsestCount() =>
        Prop.ForAll(UnivariateGenerators.Arb(UnivariateGenerators.AnyUnivariateData), sample =>
        {
            var data = sample.ToDataset();
            var sparsest = UnivariateSparsest.SparsestPartition(UnivariateStructure.Analyze(data)).ToNetwork();
            return SparsityMeasures.ActiveNeurons(sparsest) == RunFormula(data.XUnivariate.ToArray(), data.Labels.ToArray());
        });

    /// <summary>Σ_runs ⌈L/2⌉ straight from SPEC §2, independent of <see cref="UnivariateStructure"/>: a run is a maximal
    /// block of interior points whose discrete curvature sign(Δ_i) is the same nonzero value.</summary>
    public static int RunFormula(Rational[] x, Rational[] y)
    {
        int total = 0, length = 0, sign = 0;
        for (int i = 1; i + 1 < x.Length; i++)
        {
            int e = ((y[i + 1] - y[i]) / (x[i + 1] - x[i]) - (y[i] - y[i - 1]) / (x[i] - x[i - 1])).Sign;
            if (e != 0 && e == sign) { length++; continue; }
            total += (length + 1) / 2;
            (length, sign) = e == 0 ? (0, 0) : (1, e);
        }
        return total + (length + 1) / 2;
    }

    private static int KnotsIn(Hinges h, Rational a, Rational b) => h.Knots.Count(t => t > a && t < b);

    /// <summary>The function's own knots: hinges at one location summed, zero slope changes dropped.</summary>
    private static Hinges Merged(Hinges h)
    {
        var groups = h.Knots.Zip(h.Changes).GroupBy(kc => kc.First)
            .Select(g => (Knot: g.Key, Change: g.Aggregate(Rational.Zero, (a, kc) => a + kc.Second))).Where(kc => !kc.Change.IsZero).ToArray();
        return new Hinges(h.Alpha, h.Beta, groups.Select(g => g.Knot).ToArray(), groups.Select(g => g.Change).ToArray());
    }
}
