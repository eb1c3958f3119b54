using Verifier.Shared.Data;
using Verifier.Shared.Networks;

namespace Verifier.Tests.Continuous.GlobalLp;

/// <summary>
/// An exact, exhaustive oracle for the global ℓ^p minimiser of SPEC §1 (paper (8)) in d &gt; 1 on tiny data:
/// minimise Σ_k Σ_j |v_k w̄_{k,j}|^p (bias penalised, no linear term) over networks f(x) = Σ_k v_k (w̄_kᵀx̄)_+ that
/// interpolate the data, 0 &lt; p &lt; 1. Written from first principles, independently of src/Reformulation and
/// src/Continuous (it shares only the data types): it enumerates every vertex of a polyhedron of ray weights
/// instead of branching and bounding. Decisions (independence, membership, positivity) are exact; only the ℓ^p
/// values are doubles, and the candidates near the minimum are re-evaluated from exact rationals.
/// </summary>
/// <remarks>
/// <para><b>Neurons and cells.</b> By positive homogeneity a neuron is s (zᵀx̄)_+ with s = ±1 and z = |v| w̄ ∈ R^{d+1}, of
/// cost ‖z‖_p^p. Take the N + d + 1 hyperplanes {x̄_i·z = 0} and {z_j = 0} of R^{d+1}. The closed cell C(z) of z
/// (all z' whose sign on each of these hyperplanes is 0 or that of z) is a pointed polyhedral cone — it lies in a
/// closed orthant — so it is the cone of its extreme rays, and each extreme ray lies on d linearly independent of the
/// hyperplanes, i.e. spans a line {the null space of d of them} ("a ray of the arrangement"). On C(z) both the
/// outputs z' ↦ s (X̄z')_+ = s Σ (linear) and every |z'_j| are linear.</para>
/// <para><b>Generators.</b> A generator is a pair (ρ, s) of a ray of the arrangement and a sign with (X̄ρ)_+ ≠ 0; its
/// output is g = s (X̄ρ)_+. Two generators are compatible when they have the same s and no hyperplane on which they
/// have strictly opposite signs; pairwise compatible rays lie in one closed cell, so a group of them with weights
/// λ &gt; 0 is one neuron z = Σ λ ρ whose output is Σ λ g (no ReLU kink separates them) and whose parameters are the
/// union of their supports (no cancellation).</para>
/// <para><b>The enumeration equals the minimum.</b> (Candidates are feasible.) The oracle enumerates every set S of
/// generators with linearly independent outputs and y = Σ_S λ g with all λ &gt; 0, and every partition of S into
/// groups of pairwise compatible generators; each is an interpolating network by the previous paragraph. (Some
/// candidate is optimal.) A minimiser exists (SPEC §3, Prop 4.1). Take one, with neurons (s_b, z_b), and the cones
/// C_b = C(z_b) with extreme rays R_b. On Λ = {λ ≥ 0 indexed by (b, ρ ∈ R_b) : Σ λ_{b,ρ} s_b (X̄ρ)_+ = y} the cost
/// F(λ) = Σ_b Σ_j |Σ_ρ λ_{b,ρ} ρ_j|^p = Σ_b Σ_j (a linear form ≥ 0)^p is concave and ≥ 0, Λ lies in an orthant (has no
/// lines) and contains a λ* representing the minimiser. A concave function bounded below on a polyhedron without
/// lines attains its minimum at a vertex (Rockafellar, Convex Analysis, Cor. 32.3.4), so some vertex λ^v has
/// F(λ^v) ≤ F(λ*) = min; its network (neuron b = Σ_ρ λ^v_{b,ρ} ρ) interpolates, so F(λ^v) = min. A vertex of a
/// standard-form polyhedron has linearly independent columns on its support: the positive (b, ρ) are distinct
/// generators with independent outputs (at most N), and the rays of one b are pairwise compatible. So (support,
/// grouping by b) is a candidate of cost min. (Every minimiser's parameter count occurs.) λ* lies in the relative
/// interior of a face of Λ on which F attains its minimum; a concave function minimal at a relative interior point
/// is constant on the face, and since t ↦ t^p is strictly concave each linear form Σ_ρ λ_{b,ρ} ρ_j is constant there:
/// the vertex λ^v of that face has the same neurons z_b as the minimiser. Hence the minimum over candidates is the
/// minimum, and the parameter counts of the candidates attaining it are exactly those of the minimisers.</para>
/// <para><b>Exhaustiveness of the search.</b> Every subset of an independent set is independent, so a depth-first
/// search over generators in index order that only extends independent sets reaches every independent set; at a
/// set of size N − 1 the N-th generator is found by a scan (with cofactor vectors, det[S'|g] and Cramer's rule
/// are dot products), and every smaller set is tested for y ∈ span with λ &gt; 0 directly. The test data have
/// small denominators: the oracle scales columns of X̄ and y to integers (positive column scalings change neither
/// the outputs nor which sets are vertices), so every generator is an integer vector. Signs of determinants and
/// dot products are computed in double with a rigorous forward error bound (exact when every intermediate is an
/// integer below 2^52, γ_15·permanent otherwise); a sign the bound leaves open is decided exactly (zero by residues
/// modulo primes whose product exceeds Hadamard's bound, else by Bareiss over BigInteger), and a positive basis whose
/// floating-point weights are not known to a relative 1e-8 is solved in exact rationals. Finally every candidate
/// within a relative 1e-6 of the best floating-point value is re-evaluated from exact weights.</para>
/// <para><b>Cost.</b> There is no pruning by cost (that is the solver's method), so the work is the number of vertices,
/// which grows like C(#generators, N) — on random 3-decimal data about 10^3 (N = 3), 2·10^4 (N = 4, d = 2), 5·10^5 to
/// 10^6 (N = 4, d = 3), 7·10^5 (N = 5, d = 2) and, by sampling, ~10^8 (N = 5, d = 3). Measured on this 2-core machine
/// under load: N ≤ 3 in milliseconds, N = 4 in 0.2 s (d = 2) and 1–4 s (d = 3), N = 5 in d = 2 in 10–25 s (about 10^6
/// undecided signs, all exact zeros). N = 5 in d = 3 is out of reach.</para>
/// </remarks>
public static partial class IndependentLpOracle
{
    // The parts, one file each (IndependentLpOracle.*.cs): Generators (the rays of the arrangement), VertexSearch (the
    // state, the integer scaling and the depth-first search), ExactSigns and FloatingDeterminants (deciding signs and
    // independence), Candidates (recording, then exact re-evaluation), ExactAlgebra (elimination over Rational, Bareiss).

    /// <summary>The minimum at one p: its value, the range of parameter counts of the networks attaining it (relative
    /// tie 1e-12), a minimising network (exact; fewest parameters among the ties), and every enumerated candidate
    /// within a relative 1e-6 of the minimum as (value, parameters), all re-evaluated from exact rationals.</summary>
    public sealed record Minimum(double P, double Value, int MinParameters, int MaxParameters, ShallowReluNetwork Network,
        IReadOnlyList<(double Value, int Parameters)> NearCandidates)
    {
        /// <summary>The parameter counts of the candidates within a relative <paramref name="tolerance"/> of the minimum
        /// (meaningful for tolerances up to 1e-6).</summary>
        public (int Min, int Max) ParametersWithin(double tolerance)
        {
            var near = NearCandidates.Where(c => c.Value <= Value * (1 + tolerance)).Select(c => c.Parameters).ToList();
            return (near.Min(), near.Max());
        }
    }

    /// <summary>The minima for each requested p and the work done: generators, vertices (positive bases) found, signs
    /// that the floating-point bound left open (decided by exact determinants), and exact solves of whole bases.</summary>
    public sealed record Result(IReadOnlyList<Minimum> Minima, int Generators, long Vertices, long ExactSigns, long ExactSolves);

    /// <summary>Refuses data above this size: the enumeration is exponential in N (see the remarks).</summary>
    public const int MaxPoints = 5;

    /// <summary>The global minimum of the ℓ^p path norm over interpolating networks, for each p in <paramref name="ps"/>
    /// (one enumeration serves all of them).</summary>
    public static Result Solve(Dataset data, params double[] ps)
    {
        if (data.Dimension < 2) throw new ArgumentException("the oracle is for d > 1 (the bias is penalised)");
        if (data.Count > MaxPoints) throw new ArgumentException($"the oracle is for N ≤ {MaxPoints}");
        if (data.Count == MaxPoints && data.Dimension > 2)
            throw new ArgumentException("N = 5 is only feasible in d = 2 (about 10^8 vertices in d = 3)");
        foreach (double p in ps)
            if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(ps), "p must lie in (0, 1)");
        var search = new VertexSearch(data, ps);
        return search.Run();
    }
}
