using Verifier.Continuous.GlobalLp;
using Xunit;

namespace Verifier.Tests.Continuous.GlobalLp;

/// <summary>
/// <see cref="RangeReduction"/>: every piece it removes from a variable's interval satisfies h(t) = t^p − a t ≥ g
/// (the condition under which it costs at least the threshold), it removes only end pieces, and it reports
/// <see cref="RangeReduction.Outcome.Empty"/> only when the whole interval satisfies it.
/// </summary>
public class RangeReductionTests
{
    private static double H(double t, double a, double p) => (t == 0 ? 0 : Math.Pow(t, p)) - a * t;

    /// <summary>The g of the class remarks, without the rounding margin (the checks below allow for it).</summary>
    private static double G(LagrangianTerms l, int v, double threshold) =>
        threshold - l.RawBound + l.Terms![v] + l.Errors![v];

    [Fact]
    public void RemovedPiecesCostAtLeastTheThresholdOnRandomIntervals()
    {
        var rng = new Random(20261203);
        int removedPieces = 0, empties = 0;
        for (int trial = 0; trial < 4000; trial++)
        {
            double p = new[] { 0.05, 0.1, 0.3, 0.5, 0.9 }[rng.Next(5)];
            int n = 1 + rng.Next(4);
            var lo = new double[n];
            var hi = new double[n];
            var a = new double[n];
            var terms = new double[n];
            var errors = new double[n];
            for (int v = 0; v < n; v++)
            {
                lo[v] = rng.Next(3) == 0 ? 0 : rng.NextDouble() * 2;
                hi[v] = rng.Next(5) == 0 ? double.PositiveInfinity : lo[v] + rng.NextDouble() * 10;
                a[v] = (rng.NextDouble() - 0.5) * 4;
                terms[v] = double.IsPositiveInfinity(hi[v]) ? H(lo[v], a[v], p) : Math.Min(H(lo[v], a[v], p), H(hi[v], a[v], p));
                errors[v] = 1e-15;
            }
            // A threshold below the bound (the node would have been fathomed) exercises the Empty outcome.
            double raw = rng.NextDouble() * 3, threshold = raw + rng.NextDouble() * 3 - 1;
            var lagrangian = new LagrangianTerms(raw, raw, a, terms, errors);
            var newLo = (double[])lo.Clone();
            var newHi = (double[])hi.Clone();
            var outcome = RangeReduction.Reduce(lagrangian, newLo, newHi, threshold, p, 1e8, 0);
            for (int v = 0; v < n; v++)
            {
                double g = G(lagrangian, v, threshold);
                Assert.True(newLo[v] >= lo[v] && newHi[v] <= hi[v] && newLo[v] <= newHi[v], $"trial {trial}: interval grew or crossed");
                // Sample the removed pieces [lo, newLo) and (newHi, hi].
                foreach (var (s, e) in new[] { (lo[v], newLo[v]), (newHi[v], Math.Min(hi[v], newHi[v] * 4 + 10)) })
                {
                    if (!(e > s)) continue;
                    removedPieces++;
                    for (int k = 0; k <= 20; k++)
                    {
                        double t = s + (e - s) * k / 20;
                        if (t == newLo[v] || t == newHi[v]) continue;
                        Assert.True(H(t, a[v], p) >= g - 1e-12 * (1 + Math.Abs(g)), $"trial {trial}, variable {v}: removed t = {t} has h = {H(t, a[v], p)} < g = {g}");
                    }
                }
            }
            if (outcome == RangeReduction.Outcome.Empty)
            {
                empties++;
                // Some variable's whole interval satisfies h ≥ g: sample it.
                bool any = Enumerable.Range(0, n).Any(v =>
                {
                    double g = G(lagrangian, v, threshold), end = double.IsPositiveInfinity(hi[v]) ? lo[v] * 4 + 10 : hi[v];
                    return Enumerable.Range(0, 21).All(k => H(lo[v] + (end - lo[v]) * k / 20, a[v], p) >= g - 1e-12 * (1 + Math.Abs(g)));
                });
                Assert.True(any, $"trial {trial}: Empty without an interval that costs at least the threshold");
            }
        }
        Assert.True(removedPieces > 100, $"only {removedPieces} removed pieces: the test is vacuous");
        Assert.True(empties > 10, $"only {empties} empty outcomes: the test is vacuous");
    }

    [Fact]
    public void TrivialMultipliersRemoveNothing()
    {
        var lo = new[] { 0.0 };
        var hi = new[] { 5.0 };
        Assert.Equal(RangeReduction.Outcome.Unchanged, RangeReduction.Reduce(LagrangianTerms.Trivial, lo, hi, 1, 0.5, 1e8, 0));
        Assert.Equal(5.0, hi[0]);
    }

    /// <summary>An upper end is never brought below the floor the caller gives (boxes narrower than the LP solver's
    /// tolerances make its LPs fail).</summary>
    [Fact]
    public void TheUpperEndStopsAtTheFloor()
    {
        // h(t) = t^0.5 + t ≥ g = 0.5 for t ≥ ((√3 − 1)/2)² = 0.1339…: without a floor the upper end drops there.
        var l = new LagrangianTerms(0, 0, [-1.0], [0.0], [0.0]);
        var lo = new[] { 0.0 };
        var hi = new[] { 100.0 };
        Assert.Equal(RangeReduction.Outcome.Tightened, RangeReduction.Reduce(l, lo, hi, 0.5, 0.5, 1e8, 0));
        Assert.InRange(hi[0], 0.13397459, 0.1339746);
        var floored = new[] { 100.0 };
        RangeReduction.Reduce(l, [0.0], floored, 0.5, 0.5, 1e8, 1.0);
        Assert.Equal(1.0, floored[0]);
    }
}
