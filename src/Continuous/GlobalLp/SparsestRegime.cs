using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Continuous.GlobalLp;

/// <summary>The proven lower end of p* (<see cref="SparsestRegime.LowerEnd"/>): every p' ∈ (0, <see cref="P"/>] has only
/// sparsest ℓ^p minimisers. <see cref="Candidate"/> is the index of the sparsest network that gave it;
/// <see cref="TheoremConstant"/> is a double ≤ ln(1 + 1/k₀)/ln(R/r), the paper's constant for comparison.</summary>
public sealed record SparsestRegimeBound(double P, int Candidate, double TheoremConstant);

/// <summary>
/// Thm 4.1 made computable in d &gt; 1: a proven range (0, p₀] of exponents whose ℓ^p minimisers are all sparsest,
/// from the bound r of <see cref="BasicSolutionBounds"/>, the proven ℓ^0 (parameters) optimum k₀ and any
/// interpolant z₀ with k₀ nonzero products; and certified enclosures of path norms, in outward-rounded arithmetic.
/// </summary>
/// <remarks>
/// <para><b>Claim.</b> Let u_1, …, u_{k₀} be the nonzero products of an interpolating network z₀ with k₀ nonzero
/// parameters, k₀ the proven minimum, and F(p) = Σ_v (|u_v|/r)^p. If F(p) &lt; k₀ + 1 then every global minimiser of
/// (8) at p, and at every p' ∈ (0, p), has k₀ nonzero parameters; hence p* ≥ p.</para>
/// <para><b>Proof.</b> Let f be a minimiser at p (Prop 4.1) and z* its merged blocks (Lemma 4.1,
/// <c>BlockNetwork.ToBlocks</c>): same outputs on the data, cost ≤ cost(f), so z* minimises the block problem. Two
/// neurons of f with the same strict pattern and sign have disjoint supports, because otherwise merging them lowers
/// the cost strictly (|a + b|^p &lt; |a|^p + |b|^p for a, b ≠ 0, p &lt; 1); and f has no neuron with a nonzero product
/// but no point on its positive side (removing it lowers the cost). So z* has exactly the nonzero count k* of f.
/// The objective is strictly concave along every segment inside a face of the split polyhedron (w = (z⁺, z⁻) ≥ 0),
/// so a minimiser is a vertex, i.e. a basic solution, and each of its k* nonzero entries has |z_v| ≥ r. If k* ≥ k₀ + 1,
/// cost(z*) ≥ (k₀ + 1)·r^p &gt; Σ_v |u_v|^p = cost(z₀) ≥ cost(z*), a contradiction; so k* ≤ k₀, and k* ≥ k₀ because
/// k₀ is the minimum. Smaller exponents: F is convex (a sum of exponentials) with F(0) = k₀, so for p' ∈ (0, p],
/// F(p') ≤ max(F(0), F(p)) &lt; k₀ + 1.</para>
/// <para><b>Refinement by the mass of an interpolant.</b> Every interpolant has Σ_v |z_v| ≥ Y
/// (<see cref="BasicSolutionBounds.MinimumMass"/>). Minimising the concave Σ t_v^p over {t_v ≥ r, Σ t_v ≥ Y} (k
/// entries) ends at a vertex: all t_v = r, or k − 1 of them at r and one at Y − (k − 1)r; so a basic solution with
/// k nonzeros costs at least L_k = (k − 1)r^p + (Y − (k − 1)r)^p when kr &lt; Y, and L_k is nondecreasing in k
/// (a^p ≤ (a − r)^p + r^p). With Y' = Y − k₀r ≥ r, every basic solution with ≥ k₀ + 1 nonzeros costs at least
/// k₀r^p + Y'^p, so Σ_v |u_v|^p &lt; k₀r^p + Y'^p at p also makes every minimiser at p sparsest. For smaller p' = tp
/// (0 &lt; t &lt; 1), with H(p) = F(p) − k₀ − (Y'/r)^p and x = p·ln(Y'/r): convexity of F gives
/// H(tp) ≤ t(F(p) − k₀) − e^{tx} &lt; t·e^x − e^{tx} ≤ 0 when x ≤ 1 (g(t) = e^{tx} − t e^x is convex with g(1) = 0 and
/// g'(1) = e^x(x − 1) ≤ 0). So this condition is used only together with a proven p·ln(Y'/r) ≤ 1; either condition
/// proves the whole range (0, p].</para>
/// <para><b>Computation.</b> ln(|u_v|/r) is enclosed exactly-proven by <see cref="Outward.LogBounds"/> (|u_v|/r is an exact
/// rational), each term bounded above by <see cref="Outward.ExpUpper"/> of an upward-rounded product and summed
/// upward, so "F(p) &lt; k₀ + 1" is decided rigorously; the largest such double p is found by bisection. With every
/// |u_v| ≤ R this is at least the paper-style constant ln(1 + 1/k₀)/ln(R/r); it is usually much larger, because the
/// actual products of z₀ are used. The best of several sparsest networks is the maximum of their ends.</para>
/// </remarks>
public static class SparsestRegime
{
    /// <summary>The proven lower end from the sparsest networks <paramref name="sparsest"/> (each must have exactly
    /// <paramref name="k0"/> nonzero parameters and interpolate the data; at least one). y ≠ 0, so k₀ ≥ 1.</summary>
    public static SparsestRegimeBound LowerEnd(BasicSolutionBounds bounds, int k0, IReadOnlyList<ShallowReluNetwork> sparsest)
    {
        if (k0 < 1) throw new ArgumentOutOfRangeException(nameof(k0), "k0 ≥ 1 (y = 0 is answered without bounds)");
        if (sparsest.Count == 0) throw new ArgumentException("at least one sparsest network is needed", nameof(sparsest));
        double best = 0;
        int which = 0;
        for (int c = 0; c < sparsest.Count; c++)
        {
            var products = NonzeroProducts(sparsest[c]);
            if (products.Count != k0)
                throw new ArgumentException($"network {c} has {products.Count} nonzero parameters, not k0 = {k0}", nameof(sparsest));
            double end = LargestCertifiedP(products.Select(u => Outward.LogBounds(u.Abs() / bounds.Lower).Hi).ToArray(), k0, MassLog(bounds, k0));
            if (end > best) { best = end; which = c; }
        }
        return new SparsestRegimeBound(best, which, TheoremConstant(bounds, k0));
    }

    /// <summary>A double ≤ ln(1 + 1/k₀)/ln(R/r) (0 when R ≤ r).</summary>
    public static double TheoremConstant(BasicSolutionBounds bounds, int k0)
    {
        if (bounds.Upper <= bounds.Lower) return 0;
        double numerator = Outward.LogBounds(Rational.One + Rational.Create(1, k0)).Lo;
        double denominator = Outward.LogBounds(bounds.Upper / bounds.Lower).Hi;
        return Math.Max(0, Outward.DivDn(numerator, denominator));
    }

    /// <summary>Certified enclosure [lo, hi] of the ℓ^p path norm Σ |u|^p over the network's nonzero products.</summary>
    public static (double Lo, double Hi) PathNormBounds(ShallowReluNetwork net, double p) => new CertifiedCostCurve(net).Bounds(p);

    /// <summary>The penalised products v·w (and v·b when the bias is penalised) that are nonzero.</summary>
    public static List<Rational> NonzeroProducts(ShallowReluNetwork net) =>
        net.Neurons.SelectMany(n => SparsityMeasures.Products(net, n)).Where(u => !u.IsZero).ToList();

    /// <summary>An enclosure of ln(Y'/r) with Y' = Y − k₀r, or null when Y' &lt; r (the refinement does not apply).</summary>
    private static (double Lo, double Hi)? MassLog(BasicSolutionBounds bounds, int k0)
    {
        var rest = bounds.MinimumMass - Rational.FromInteger(k0) * bounds.Lower;
        return rest >= bounds.Lower ? Outward.LogBounds(rest / bounds.Lower) : null;
    }

    /// <summary>The largest double p ∈ (0, 1] found by bisection where, with F(p) = Σ_v e^{p·logHi_v} bounded above
    /// (upward rounding; logHi_v ≥ ln(|u_v|/r)), F(p) &lt; k₀ + 1 is proven, or F(p) &lt; k₀ + (Y'/r)^p together with
    /// p·ln(Y'/r) ≤ 1 (<paramref name="massLog"/> encloses ln(Y'/r)). 0 if none is found (cannot happen for k₀ ≥ 1:
    /// F tends to k₀ as p → 0).</summary>
    private static double LargestCertifiedP(double[] logHi, int k0, (double Lo, double Hi)? massLog)
    {
        bool Holds(double p)
        {
            double sum = 0;
            foreach (var l in logHi) sum = Outward.AddUp(sum, Outward.ExpUpper(Outward.MulUp(p, l)));
            if (sum < k0 + 1) return true;
            if (massLog is not { } m || !(Outward.MulUp(p, m.Hi) <= 1)) return false;
            return sum < Outward.AddDn(k0, Outward.ExpLower(Outward.MulDn(p, m.Lo)));
        }
        if (Holds(1)) return 1;
        double lo = 0, hi = 1;
        for (int i = 0; i < 2000; i++)
        {
            double mid = lo == 0 ? hi / 2 : lo + (hi - lo) / 2;
            if (mid <= lo || mid >= hi) break;
            if (Holds(mid)) lo = mid; else hi = mid;
            if (lo > 0 && hi - lo <= 1e-15 * hi) break;
        }
        return lo;
    }
}
