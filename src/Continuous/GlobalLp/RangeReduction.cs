namespace Verifier.Continuous.GlobalLp;

/// <summary>
/// A Lagrangian lower bound with its parts (<see cref="NodeLp.Lagrangian"/>): for every point w of the node,
/// Σ_v w_v^p ≥ λ·y + Σ_v h_v(w_v) with h_v(t) = t^p − a_v t, a = Aᵀλ + Gᵀμ rounded up (<see cref="CoefficientsUp"/>), and
/// <see cref="RawBound"/> ≤ λ·y + Σ_v m_v where m_v is the true minimum of h_v over the node's interval, which lies
/// within <see cref="Errors"/>[v] of the computed <see cref="Terms"/>[v]. <see cref="Bound"/> is RawBound clamped to
/// ≥ 0 (the objective is nonnegative). <see cref="Trivial"/>: no usable multipliers (bound 0, no parts).
/// </summary>
public sealed record LagrangianTerms(double Bound, double RawBound, double[]? CoefficientsUp, double[]? Terms, double[]? Errors)
{
    public static readonly LagrangianTerms Trivial = new(0, 0, null, null, null);
}

/// <summary>
/// Duality-based range reduction (Ryoo &amp; Sahinidis 1996) for the secant branch and bound of
/// <see cref="GlobalLpSolver"/>: shrinks a node's box without removing any point that costs less than a threshold
/// T (the incumbent value, less the certification gap).
/// </summary>
/// <remarks>
/// For every point w of the node and every variable v (see <see cref="LagrangianTerms"/>):
/// Σ_u w_u^p ≥ λ·y + Σ_{u ≠ v} m_u + h_v(w_v) ≥ RawBound − m_v + h_v(w_v) ≥ RawBound − (Terms[v] + Errors[v]) + h_v(w_v).
/// So a point with Σ w^p &lt; T has h_v(w_v) &lt; g_v := T − RawBound + Terms[v] + Errors[v] (rounded up by a margin),
/// and every t of the box with h_v(t) ≥ g_v can be removed from variable v's interval. h_v is concave, so
/// {t : h_v(t) ≥ g_v} is an interval and h_v ≥ g_v on a closed interval [s, e] as soon as it holds at both ends
/// (and on [s, ∞) as soon as it holds at s, when a_v ≤ 0 makes h_v increasing). Each end is checked with a rigorous
/// floating lower bound of h_v (Math.Pow within 4 ulps, one product and one difference: 6u·(t^p + |a_v t|)), so the
/// removed pieces are proven to cost ≥ T; only a piece at an end of the interval is removed, so the box stays a box.
/// When both ends of the interval are removed the whole node costs ≥ T (<see cref="Outcome.Empty"/>).
/// </remarks>
public static class RangeReduction
{
    public enum Outcome { Unchanged, Tightened, Empty }

    /// <summary>An end moves only when it removes at least this share of the interval (small moves buy little).</summary>
    private const double MinShrink = 0.1;

    /// <summary>Shrinks <paramref name="lo"/>/<paramref name="hi"/> in place. Never raises a lower end or lowers an
    /// upper end unless the removed piece is proven to cost ≥ <paramref name="threshold"/>; a finite upper end is
    /// only introduced when it is at most <paramref name="maxFiniteUpper"/> (larger boxes stall the LP solver), and an
    /// upper end is never brought below <paramref name="minUpper"/> (a box squeezed to widths near the LP solver's
    /// tolerances makes its LP fail, and a failed LP proves nothing; removing less is always sound).</summary>
    public static Outcome Reduce(LagrangianTerms lagrangian, double[] lo, double[] hi, double threshold, double p,
        double maxFiniteUpper, double minUpper)
    {
        if (lagrangian.CoefficientsUp is not { } a || lagrangian.Terms is not { } terms || lagrangian.Errors is not { } errors)
            return Outcome.Unchanged;
        if (!double.IsFinite(threshold) || !double.IsFinite(lagrangian.RawBound)) return Outcome.Unchanged;
        bool changed = false;
        for (int v = 0; v < lo.Length; v++)
        {
            double g = threshold - lagrangian.RawBound + terms[v] + errors[v];
            g += 4e-16 * (Math.Abs(threshold) + Math.Abs(lagrangian.RawBound) + Math.Abs(terms[v]) + errors[v]) + double.Epsilon;
            if (!double.IsFinite(g) || !double.IsFinite(a[v])) continue;
            double av = a[v];
            bool loOut = AtLeast(lo[v], av, p, g);
            bool hiInfinite = double.IsPositiveInfinity(hi[v]);
            bool hiOut = hiInfinite ? av <= 0 && loOut : AtLeast(hi[v], av, p, g);
            if (loOut && hiOut) return Outcome.Empty;
            if (hiOut)
            {
                // {h ≥ g} ∩ [lo, hi] = [τ, hi]: the smallest checked τ.
                double t = Search(lo[v], hi[v], t => AtLeast(t, av, p, g), lowest: true);
                if (AtLeast(t, av, p, g)) t = Math.Max(t, minUpper); else continue;
                if (t < hi[v] - MinShrink * (hi[v] - lo[v])) { hi[v] = t; changed = true; }
            }
            else if (loOut)
            {
                // {h ≥ g} ∩ [lo, hi] = [lo, τ]: the largest checked τ (h decreases past its peak when a > 0).
                double end = hiInfinite ? Unbounded(lo[v], t => !AtLeast(t, av, p, g)) : hi[v];
                if (!double.IsFinite(end)) continue;
                double t = Search(lo[v], end, t => AtLeast(t, av, p, g), lowest: false);
                if (t > lo[v] + MinShrink * (end - lo[v]) && AtLeast(t, av, p, g)) { lo[v] = t; changed = true; }
            }
            else if (hiInfinite && av <= 0)
            {
                // h increases without bound: every t past the first one with h ≥ g costs ≥ T.
                double end = Unbounded(lo[v], t => AtLeast(t, av, p, g));
                if (!double.IsFinite(end) || end > maxFiniteUpper) continue;
                double t = Search(lo[v], end, t => AtLeast(t, av, p, g), lowest: true);
                if (AtLeast(t, av, p, g) && t <= maxFiniteUpper) { hi[v] = Math.Max(t, minUpper); changed = true; }
            }
        }
        return changed ? Outcome.Tightened : Outcome.Unchanged;
    }

    /// <summary>Whether h(t) = t^p − a t is proven ≥ g at t (a rigorous lower bound of the computed value).</summary>
    private static bool AtLeast(double t, double a, double p, double g)
    {
        double tp = t == 0 ? 0 : Math.Pow(t, p);
        double at = a * t;
        double low = tp - at - (6 * 1.2e-16 * (tp + Math.Abs(at)) + 2 * double.Epsilon);
        return double.IsFinite(low) && low >= g;
    }

    /// <summary>A finite point past <paramref name="from"/> where <paramref name="holds"/> is true, by doubling; +∞ if none below 1e300.</summary>
    private static double Unbounded(double from, Func<double, bool> holds)
    {
        for (double t = Math.Max(2 * from, 1e-12); t < 1e300; t *= 2)
            if (holds(t)) return t;
        return double.PositiveInfinity;
    }

    /// <summary>Bisection (geometric while the ends differ by orders of magnitude) on a predicate that is monotone
    /// on [s, e]: with <paramref name="lowest"/>, false then true and the result is a point where it holds near the
    /// switch; otherwise true then false, likewise. The caller re-checks the returned point.</summary>
    private static double Search(double s, double e, Func<double, bool> holds, bool lowest)
    {
        double good = lowest ? e : s, bad = lowest ? s : e;
        for (int i = 0; i < 200 && Math.Abs(good - bad) > 1e-13 * Math.Max(Math.Abs(good), Math.Abs(bad)); i++)
        {
            double lo = Math.Min(good, bad), hi = Math.Max(good, bad);
            double mid = lo > 0 && hi > 16 * lo ? Math.Sqrt(lo) * Math.Sqrt(hi) : lo + (hi - lo) / 2;
            if (mid <= lo || mid >= hi) break;
            if (holds(mid)) good = mid; else bad = mid;
        }
        return good;
    }
}
