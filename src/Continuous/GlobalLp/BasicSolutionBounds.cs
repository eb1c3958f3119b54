using System.Numerics;
using Verifier.Reformulation;
using Verifier.Shared.Data;
using Verifier.Shared.Numbers;

namespace Verifier.Continuous.GlobalLp;

/// <summary>
/// Exact, p-independent bounds 0 &lt; r ≤ |z_v| ≤ R on every nonzero entry z_v of every basic solution of the
/// Lemma 4.1 system (SPEC §3, Thm 4.1): support S, active cone rows I, [A_S; G_{I,S}] z_S = [y; 0] with full
/// column rank. They depend on the data only (not on p, not on the enumerated patterns or output signs), so they
/// hold for every <see cref="BlockModel"/> of the data; R is a valid branch-and-bound box for the entries of every
/// minimiser, and r makes Thm 4.1's p* computable (<see cref="SparsestRegime"/>).
/// </summary>
/// <remarks>
/// <para><b>Integer scaling.</b> Let q_i be the lcm of the denominators of x̄_i = [x_i; 1] and a_i = q_i x̄_i ∈ Z^{d+1}
/// (the rows of the integer matrix A). Multiply the interpolation row of point i and every cone row of point i by
/// q_i: every coefficient becomes ±a_{i,k} or 0, and the right-hand side becomes b = (q_i y_i) on the interpolation
/// rows, 0 on the cone rows. Let c be the lcm of the denominators of the b_i.</para>
/// <para><b>Cramer.</b> Full column rank gives a square nonsingular integer submatrix B of |S| of these rows with
/// B z_S = b_B. Then z_v = det B_v / det B, where B_v is B with column v replaced by b_B. Expanding det B_v along that
/// column, det B_v = Σ_i b_i·(integer cofactor) ∈ (1/c)Z, and |det B| ≥ 1, so for z_v ≠ 0:
/// 1/(c·|det B|) ≤ |z_v| ≤ |det B_v|.</para>
/// <para><b>Block structure of det B.</b> Order B's rows as its n' interpolation rows R (n' ≤ N), then the cone
/// rows J_b of each block b; its columns as the blocks' supports S_b. A cone row of block b is zero outside the
/// columns S_b. The generalised Laplace expansion along the column groups S_b therefore assigns to group b its
/// own rows J_b plus a set U_b ⊆ R of m_b = |S_b| − |J_b| interpolation rows (the U_b partition R), and
/// det B = Σ_{(U_b)} ε(U)·Π_b ω_b(U_b), ω_b(U) = ±det A[U ∪ J_b, S_b],
/// because both kinds of rows of point i restricted to S_b are ±a_{i,S_b}, and an interpolation row i ∉ D_b is
/// zero on S_b. The signs ε are those of a wedge product: det B = ±ω_1 ∧ … ∧ ω_m with ω_b ∈ ∧^{m_b} R^{n'} the
/// multivector with coordinates ω_b(U). Each ω_b is decomposable (it is the wedge of the columns of P_b K_b, with
/// K_b a basis of ker G_b scaled so that its Plücker coordinates are the complementary maximal minors of G_b; if
/// G_b is rank deficient, ω_b = 0 and B is singular). For decomposable multivectors the Hadamard–Fischer
/// inequality |α ∧ β| ≤ |α|·|β| holds, so |det B| ≤ Π_b ‖ω_b‖ with ‖ω_b‖² = Σ_U ω_b(U)². Every used block has
/// m_b ≥ 1 (m_b = 0 makes G_b square and nonsingular, forcing z_b = 0), and Σ_b m_b = n' ≤ N.</para>
/// <para><b>One block.</b> ‖ω_b‖² ≤ Φ(S, J, m) := Σ_{U ⊆ [N]∖J, |U| = m} det A[U ∪ J, S]² (all points instead of
/// R ∩ D_b). For m = 1, ker G_b is a line spanned by g (the generalised cross product of the rows a_{j,S}, j ∈ J),
/// z_b = λg, and ω_b({u}) = ±a_{u,S}·g is nonzero only for u ∈ D_b, where λ·a_{u,S}·g ≥ 0 (the cone): so only
/// the points on one side of g count, Φ₁(S, J) = max(Σ_{a_u·g &gt; 0} (a_u·g)², Σ_{a_u·g &lt; 0} (a_u·g)²).
/// With V_m² = max over (S, J) of these sums, |det B|² ≤ D² := max over multisets {m_b} with Σ m_b ≤ N of
/// Π_b V_{m_b}² (a knapsack over N, exact in integers), and since det B is an integer, |det B| ≤ ⌊√D²⌋ =: D.
/// Hence <b>r = 1/(c·D)</b>.</para>
/// <para><b>Upper bound.</b> In B_v the column b_B forms its own group with one interpolation row, whose ω is a
/// sub-vector of b (norm ≤ ‖b‖₂); block b₀ ∋ v keeps columns S_{b₀}∖{v} and rows J_{b₀}, with m' = m_{b₀} − 1 ≥ 0
/// interpolation rows; the other blocks are unchanged. So |det B_v|² ≤ ‖b‖² · V'_{m'}² · Π_{b≠b₀} V_{m_b}² with
/// m' + 1 + Σ m_b ≤ N, where V'_{m'}² is the two-sided maximum of Φ over column sets of any size (V'_0² is the
/// largest squared square minor, at least 1 for the empty minor). Hence <b>R = ‖b‖·max_{m'} V'_{m'}·D_{N−1−m'}</b>.</para>
/// <para><b>Cost.</b> The sums Φ are built from every minor det A[W, S] with |W| = |S| (Σ_S C(N, |S|)·2^{|S|} updates).
/// Above <see cref="MinorBudget"/> they are replaced by Hadamard's inequality (<see cref="ExactMinors"/> false):
/// Φ ≤ det(A_Sᵀ A_S) ≤ Π_{k∈S} ‖A_{:,k}‖² (Cauchy–Binet) and Φ ≤ Π_{j∈J} ‖a_j‖²·e_m(‖a_1‖², …, ‖a_N‖²), maximised
/// over |S| and |J|.</para>
/// <para>y = 0: the only basic solution is z = 0 (full column rank and a zero right-hand side), so there is no
/// nonzero entry; then R = 0 and the statement is vacuous.</para>
/// </remarks>
public sealed class BasicSolutionBounds
{
    /// <summary>Minor updates above which the Hadamard bounds replace the exact minor sums.</summary>
    public const long MinorBudget = 2_000_000;

    /// <summary>r: every nonzero entry of every basic solution has |z_v| ≥ r.</summary>
    public Rational Lower { get; }
    /// <summary>R: every entry of every basic solution has |z_v| ≤ R.</summary>
    public Rational Upper { get; }
    /// <summary>D: every nonsingular square submatrix of the integer-scaled system has |det| ≤ D.</summary>
    public BigInteger DeterminantBound { get; }
    /// <summary>c: the lcm of the denominators of the scaled labels q_i y_i (r = 1/(c·D)).</summary>
    public BigInteger LabelDenominator { get; }
    /// <summary>Whether the per-block sums came from exact minors (true) or Hadamard's inequality (false).</summary>
    public bool ExactMinors { get; }
    /// <summary>Y = max_i |y_i| / ‖x̄_i‖_∞: every interpolant (basic or not) has Σ_v |z_v| ≥ Y over its penalised products,
    /// because |y_i| = |Σ_k v_k (w̄_k·x̄_i)_+| ≤ Σ_k ‖v_k w̄_k‖_1·‖x̄_i‖_∞.</summary>
    public Rational MinimumMass { get; }

    private BasicSolutionBounds(Rational lower, Rational upper, BigInteger det, BigInteger c, bool exactMinors, Rational mass)
    {
        Lower = lower; Upper = upper; DeterminantBound = det; LabelDenominator = c; ExactMinors = exactMinors; MinimumMass = mass;
    }

    /// <summary>A double ≤ r (0 when r is below the double range).</summary>
    public double LowerDown => Outward.Bounds(Lower).Lo;
    /// <summary>A double ≥ R (+∞ when R is above the double range).</summary>
    public double UpperUp => double.IsFinite(Upper.ToDouble()) ? Outward.Bounds(Upper).Hi : double.PositiveInfinity;

    /// <summary>An enclosure of log10(R/r) (how many decades the entries of basic solutions can span); null when y = 0.</summary>
    public (double Lo, double Hi)? Log10Ratio
    {
        get
        {
            if (Upper.IsZero) return null;
            var (lo, hi) = Outward.LogBounds(Upper / Lower);
            const double ln10Lo = 2.302585092994045, ln10Hi = 2.3025850929940463;
            return (Outward.DivDn(lo, lo >= 0 ? ln10Hi : ln10Lo), Outward.DivUp(hi, hi >= 0 ? ln10Lo : ln10Hi));
        }
    }

    public static BasicSolutionBounds Of(BlockModel model, CancellationToken cancellation = default) => Of(model.Data, cancellation);

    /// <summary>The bounds of the data; <paramref name="minorBudget"/> caps the exact minor updates (above it, or for
    /// N &gt; 64, Hadamard's inequality is used).</summary>
    public static BasicSolutionBounds Of(Dataset data, CancellationToken cancellation = default, long minorBudget = MinorBudget)
    {
        int n = data.Count, width = data.Dimension + 1;
        var a = new BigInteger[n][];
        var b = new Rational[n];
        var lifted = LiftedInputs.Of(data);
        for (int i = 0; i < n; i++)
        {
            BigInteger q = IntegerScaling.CommonDenominator(lifted[i]);
            a[i] = IntegerScaling.ToIntegers(lifted[i]);
            b[i] = data.Y(i) * Rational.FromInteger(q);
        }
        BigInteger c = IntegerScaling.CommonDenominator(b);

        var sums = n <= 64 && MinorSums.Count(n, width) <= minorBudget
            ? MinorSums.Exact(a, width, cancellation)
            : MinorSums.Hadamard(a, width);

        // best[k]: max of Π V_{m_b}² over multisets with Σ m_b ≤ k (knapsack; every V² ≥ 1 or absent).
        var best = new BigInteger[n + 1];
        best[0] = BigInteger.One;
        for (int k = 1; k <= n; k++)
        {
            best[k] = best[k - 1];
            for (int m = 1; m <= k; m++)
                if (!sums.OneSided[m].IsZero) best[k] = BigInteger.Max(best[k], best[k - m] * sums.OneSided[m]);
        }
        BigInteger det = ExactRoots.FloorRoot(best[n], 2);
        var lower = Rational.Create(BigInteger.One, c * det);

        Rational b2 = Rational.Zero;
        foreach (var v in b) b2 += v * v;
        BigInteger factor = BigInteger.Zero;
        for (int m = 0; m <= n - 1; m++)
            if (!sums.TwoSided[m].IsZero) factor = BigInteger.Max(factor, sums.TwoSided[m] * best[n - 1 - m]);
        var upper = SqrtUp(b2 * Rational.FromInteger(factor));
        var mass = Rational.Zero;
        for (int i = 0; i < n; i++)
            mass = Rational.Max(mass, data.Y(i).Abs() / lifted[i].Select(v => v.Abs()).Aggregate(Rational.Max));
        return new BasicSolutionBounds(lower, upper, det, c, sums.IsExact, mass);
    }

    /// <summary>A rational ≥ √q for q ≥ 0, within a relative 2^−32 or so: √(u/v) = √(uv·4^32)/(v·2^32) ≤ ⌈√(uv·4^32)⌉/(v·2^32).</summary>
    private static Rational SqrtUp(Rational q)
    {
        if (q.IsZero) return Rational.Zero;
        BigInteger uv = q.Numerator * q.Denominator << 64, s = ExactRoots.FloorRoot(uv, 2);
        if (s * s != uv) s += 1;
        return Rational.Create(s, q.Denominator << 32);
    }


    /// <summary>
    /// The per-block quantities of the remarks, as exact integers indexed by m = 0..N: <see cref="OneSided"/>[m] = V_m²
    /// (m ≥ 1; 0 when no configuration has m interpolation rows) and <see cref="TwoSided"/>[m] = V'_m² (V'_0² ≥ 1).
    /// </summary>
    private sealed record MinorSums(BigInteger[] OneSided, BigInteger[] TwoSided, bool IsExact)
    {
        /// <summary>Updates of <see cref="Exact"/>: Σ_{s ≤ min(N, d+1)} C(d+1, s)·C(N, s)·2^s (saturating).</summary>
        public static long Count(int n, int width)
        {
            double total = 0;
            for (int s = 1; s <= Math.Min(n, width); s++) total += Combinations.Count(width, s) * Combinations.Count(n, s) * Math.Pow(2, s);
            return total > long.MaxValue / 2 ? long.MaxValue : (long)total;
        }

        /// <summary>Every minor det A[W, S] (rows W in increasing order, |W| = |S|), squared into the sums Φ(S, J, m) of
        /// every J ⊂ W; for |J| = |S| − 1 the sign of det A[(u, J), S] = (−1)^{#{j ∈ J : j &lt; u}}·det A[W, S] picks the side.</summary>
        public static MinorSums Exact(BigInteger[][] a, int width, CancellationToken cancellation)
        {
            int n = a.Length;
            var oneSided = new BigInteger[n + 1];
            var twoSided = new BigInteger[n + 1];
            twoSided[0] = BigInteger.One; // the empty minor
            for (ulong s = 1; s < 1UL << width; s++)
            {
                int size = BitOperations.PopCount(s);
                if (size > n) continue;
                var cols = Enumerable.Range(0, width).Where(k => (s >> k & 1) != 0).ToArray();
                var plus = new Dictionary<ulong, BigInteger>();
                var minus = new Dictionary<ulong, BigInteger>();
                foreach (var rows in Combinations.Subsets(n, size))
                {
                    cancellation.ThrowIfCancellationRequested();
                    BigInteger minor = ExactLinearAlgebra.IntegerDeterminant(rows.Select(i => cols.Select(k => a[i][k]).ToArray()).ToArray());
                    if (minor.IsZero) continue;
                    BigInteger square = minor * minor;
                    if (square > twoSided[0]) twoSided[0] = square;
                    ulong w = 0;
                    foreach (int i in rows) w |= 1UL << i;
                    // Every proper subset J of W (m = |W| − |J| ≥ 1).
                    for (ulong j = w; ; j = (j - 1) & w)
                    {
                        if (j != w)
                        {
                            bool positive = true;
                            if (size - BitOperations.PopCount(j) == 1)
                            {
                                int u = BitOperations.TrailingZeroCount(w & ~j);
                                int before = BitOperations.PopCount(j & ((1UL << u) - 1));
                                positive = (minor.Sign > 0) == (before % 2 == 0);
                            }
                            var target = positive ? plus : minus;
                            target[j] = target.GetValueOrDefault(j) + square;
                        }
                        if (j == 0) break;
                    }
                }
                foreach (ulong j in plus.Keys.Union(minus.Keys))
                {
                    int m = size - BitOperations.PopCount(j);
                    BigInteger sumPlus = plus.GetValueOrDefault(j), sumMinus = minus.GetValueOrDefault(j);
                    BigInteger both = sumPlus + sumMinus;
                    BigInteger one = m == 1 ? BigInteger.Max(sumPlus, sumMinus) : both;
                    if (one > oneSided[m]) oneSided[m] = one;
                    if (both > twoSided[m]) twoSided[m] = both;
                }
            }
            return new MinorSums(oneSided, twoSided, true);
        }

        /// <summary>Hadamard's inequality, for data too large for <see cref="Exact"/>: for |S| = s and |J| = s − m,
        /// Φ ≤ min(product of the s largest squared column norms, product of the s − m largest squared row norms times
        /// e_m(all squared row norms)).</summary>
        public static MinorSums Hadamard(BigInteger[][] a, int width)
        {
            int n = a.Length;
            var rowNorms = a.Select(r => r.Aggregate(BigInteger.Zero, (acc, v) => acc + v * v)).OrderByDescending(v => v).ToArray();
            var colNorms = Enumerable.Range(0, width).Select(k => a.Aggregate(BigInteger.Zero, (acc, r) => acc + r[k] * r[k]))
                .OrderByDescending(v => v).ToArray();
            // e[m] = elementary symmetric polynomial of degree m of the squared row norms.
            var e = new BigInteger[n + 1];
            e[0] = BigInteger.One;
            foreach (var v in rowNorms)
                for (int m = n; m >= 1; m--) e[m] += e[m - 1] * v;
            BigInteger TopRows(int k) => rowNorms.Take(k).Aggregate(BigInteger.One, (acc, v) => acc * v);
            BigInteger TopCols(int k) => colNorms.Take(k).Aggregate(BigInteger.One, (acc, v) => acc * v);
            var oneSided = new BigInteger[n + 1];
            var twoSided = new BigInteger[n + 1];
            for (int s = 1; s <= Math.Min(n, width); s++)
            {
                twoSided[0] = BigInteger.Max(twoSided[0], BigInteger.Min(TopCols(s), TopRows(s)));
                for (int m = 1; m <= s; m++)
                {
                    BigInteger bound = BigInteger.Min(TopCols(s), TopRows(s - m) * e[m]);
                    if (bound > oneSided[m]) oneSided[m] = bound;
                }
            }
            twoSided[0] = BigInteger.Max(twoSided[0], BigInteger.One);
            for (int m = 1; m <= n; m++) twoSided[m] = oneSided[m];
            return new MinorSums(oneSided, twoSided, false);
        }
    }
}
