using System.Numerics;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

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
public static class IndependentLpOracle
{
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

    private sealed class Generator
    {
        public required BigInteger[] OutputExact { get; init; } // s (X̄ρ)_+ in the integer scaling, primitive
        public required double[] Output { get; init; }          // the same, exactly representable
        public required Rational[] Ray { get; init; }           // ρ in the original coordinates
        public required double[] RayDouble { get; init; }
        public required int Sign { get; init; }
        public required int DataPos { get; init; }
        public required int DataNeg { get; init; }
        public required int CoordPos { get; init; }
        public required int CoordNeg { get; init; }
        public required double[] LogCost { get; init; }         // ln Σ_j |ρ_j|^p for each p
        public int Support => CoordPos | CoordNeg;

        public bool CompatibleWith(Generator o) =>
            Sign == o.Sign && (DataPos & o.DataNeg) == 0 && (DataNeg & o.DataPos) == 0
            && (CoordPos & o.CoordNeg) == 0 && (CoordNeg & o.CoordPos) == 0;
    }

    /// <summary>One enumerated network: a positive basis, its weights (scaled: Y = Σ μ g) and a grouping into neurons.</summary>
    private sealed record Candidate(int[] Members, int[] Group, double Value);

    private sealed class VertexSearch
    {
        private const double ExactBelow = 4503599627370496.0; // 2^52: integer arithmetic in double is exact below it
        // Weights from floating-point Cramer quotients are used only when each factor is known to a relative 1e-8: the
        // values then rank candidates far inside the 1e-6 window that Finish re-evaluates exactly.
        private const double Accuracy = 1e-8;
        private readonly Dataset _data;
        private readonly double[] _ps;
        private readonly int _n, _m;
        private readonly Rational _yScale;          // Y = y · _yScale
        private readonly BigInteger[] _yExact;
        private readonly double[] _y;
        private readonly List<Generator> _gens = [];
        private readonly int[] _chosen;
        private readonly double[] _best;
        private readonly List<Candidate>[] _near;
        private long _vertices, _exactSigns, _exactSolves;

        public VertexSearch(Dataset data, double[] ps)
        {
            _data = data; _ps = ps;
            _n = data.Count; _m = data.Dimension + 1;
            _chosen = new int[_n];
            _best = Enumerable.Repeat(double.PositiveInfinity, ps.Length).ToArray();
            _near = ps.Select(_ => new List<Candidate>()).ToArray();
            _minorsOfPrefix = new MinorTable(_n);
            _minorsOfReplaced = new MinorTable(_n);
            _masksBySize = Enumerable.Range(0, _n + 1)
                .Select(size => Enumerable.Range(0, 1 << _n).Where(m => BitOperations.PopCount((uint)m) == size).ToArray()).ToArray();
            var lifted = new Rational[_n][];
            for (int i = 0; i < _n; i++)
            {
                lifted[i] = new Rational[_m];
                for (int j = 0; j < _m - 1; j++) lifted[i][j] = data.X(i, j);
                lifted[i][_m - 1] = Rational.One;
            }
            // Integer scaling: column j of X̄ times the lcm of its denominators; y times the lcm of its denominators.
            var colScale = new BigInteger[_m];
            var xi = new BigInteger[_n][];
            for (int j = 0; j < _m; j++) colScale[j] = Lcm(Enumerable.Range(0, _n).Select(i => lifted[i][j].Denominator));
            for (int i = 0; i < _n; i++)
                xi[i] = Enumerable.Range(0, _m).Select(j => lifted[i][j].Numerator * (colScale[j] / lifted[i][j].Denominator)).ToArray();
            var yLcm = Lcm(Enumerable.Range(0, _n).Select(i => data.Y(i).Denominator));
            _yScale = Rational.FromInteger(yLcm);
            _yExact = Enumerable.Range(0, _n).Select(i => data.Y(i).Numerator * (yLcm / data.Y(i).Denominator)).ToArray();
            _y = _yExact.Select(ToExactDouble).ToArray();
            BuildGenerators(xi, colScale);
        }

        private static BigInteger Lcm(IEnumerable<BigInteger> values) =>
            values.Aggregate(BigInteger.One, (a, b) => a / BigInteger.GreatestCommonDivisor(a, b) * b);

        private static double ToExactDouble(BigInteger v) =>
            BigInteger.Abs(v) < new BigInteger(ExactBelow) ? (double)v
                : throw new NotSupportedException("data too large for the oracle's integer scaling (entries beyond 2^52)");

        /// <summary>The rays of the arrangement {x̄_i·z = 0} ∪ {z_j = 0}: the null lines of every d-subset of rank d (the
        /// generalised cross product), both directions; then the generators (ρ, ±1) with nonzero output.</summary>
        private void BuildGenerators(BigInteger[][] xi, BigInteger[] colScale)
        {
            int d = _m - 1;
            var planes = new List<BigInteger[]>(xi);
            for (int j = 0; j < _m; j++)
            {
                var e = new BigInteger[_m];
                e[j] = BigInteger.One;
                planes.Add(e);
            }
            var seen = new HashSet<string>();
            var rays = new List<BigInteger[]>();
            foreach (var subset in Subsets(planes.Count, d))
            {
                var v = new BigInteger[_m];
                for (int j = 0; j < _m; j++)
                {
                    var minor = new BigInteger[d][];
                    for (int r = 0; r < d; r++)
                        minor[r] = Enumerable.Range(0, _m).Where(c => c != j).Select(c => planes[subset[r]][c]).ToArray();
                    v[j] = (j % 2 == 0 ? 1 : -1) * ExactDeterminant(minor);
                }
                var g = v.Aggregate(BigInteger.Zero, (a, b) => BigInteger.GreatestCommonDivisor(a, b));
                if (g.IsZero) continue; // rank < d: not a line
                v = v.Select(x => x / g).ToArray();
                if (v.First(x => !x.IsZero).Sign < 0) v = v.Select(x => -x).ToArray();
                if (!seen.Add(string.Join(",", v))) continue;
                rays.Add(v);
                rays.Add(v.Select(x => -x).ToArray());
            }
            foreach (var r in rays)
            {
                var t = xi.Select(row => Enumerable.Range(0, _m).Aggregate(BigInteger.Zero, (acc, j) => acc + row[j] * r[j])).ToArray();
                var plus = t.Select(x => x.Sign > 0 ? x : BigInteger.Zero).ToArray();
                var scale = plus.Aggregate(BigInteger.Zero, (a, b) => BigInteger.GreatestCommonDivisor(a, b));
                if (scale.IsZero) continue; // the ray's neuron is dead on the data
                // X̄ρ = t / scale with ρ_j = colScale_j r_j / scale, so (X̄ρ)_+ = plus / scale is primitive.
                var ray = Enumerable.Range(0, _m).Select(j => Rational.Create(colScale[j] * r[j], scale)).ToArray();
                var rayDouble = ray.Select(x => x.ToDouble()).ToArray();
                int dataPos = 0, dataNeg = 0, coordPos = 0, coordNeg = 0;
                for (int i = 0; i < _n; i++) { if (t[i].Sign > 0) dataPos |= 1 << i; if (t[i].Sign < 0) dataNeg |= 1 << i; }
                for (int j = 0; j < _m; j++) { if (r[j].Sign > 0) coordPos |= 1 << j; if (r[j].Sign < 0) coordNeg |= 1 << j; }
                var logCost = _ps.Select(p => Math.Log(ray.Where(x => !x.IsZero).Sum(x => Math.Exp(p * x.LogAbs())))).ToArray();
                foreach (int s in new[] { 1, -1 })
                {
                    var output = plus.Select(x => s * x / scale).ToArray();
                    _gens.Add(new Generator
                    {
                        OutputExact = output, Output = output.Select(ToExactDouble).ToArray(), Ray = ray, RayDouble = rayDouble,
                        Sign = s, DataPos = dataPos, DataNeg = dataNeg, CoordPos = coordPos, CoordNeg = coordNeg, LogCost = logCost,
                    });
                }
            }
        }

        public Result Run()
        {
            if (_yExact.All(v => v.IsZero))
            {
                var empty = new ShallowReluNetwork(_m - 1, [], null);
                return new Result(_ps.Select(p => new Minimum(p, 0, 0, 0, empty, [(0.0, 0)])).ToList(), _gens.Count, 1, 0, 0);
            }
            if (_n == 1) Prefix(0, 0);
            else Extend(0, 0);
            var minima = new List<Minimum>();
            var exactWeights = new Dictionary<string, Rational[]>();
            for (int q = 0; q < _ps.Length; q++) minima.Add(Finish(q, exactWeights));
            return new Result(minima, _gens.Count, _vertices, _exactSigns, _exactSolves);
        }

        // ----- the depth-first search over independent generator sets -----

        /// <summary>_chosen[0..k) is independent, k ≤ N − 2: extend it by every later generator.</summary>
        private void Extend(int k, int start)
        {
            for (int j = start; j < _gens.Count; j++)
            {
                _chosen[k] = j;
                if (k + 1 == _n - 1) { Prefix(k + 1, j + 1); continue; }
                if (!Independent(k + 1)) continue;
                TrySmallBasis(k + 1);
                Extend(k + 1, j + 1);
            }
        }

        /// <summary>_chosen[0..k) with k = N − 1 (not yet known independent): records it if y = Σ λ g with λ &gt; 0, then
        /// scans every later generator g for a positive basis S' ∪ {g}. With n the cofactor vector of S' (n·g =
        /// det[S'|g]) and n^(j) that of S' with its j-th column replaced by Y, Cramer's rule gives λ_g = n·Y / n·g and
        /// λ_j = n^(j)·g / n·g.</summary>
        private void Prefix(int k, int start)
        {
            var cols = new double[k][];
            for (int c = 0; c < k; c++) cols[c] = _gens[_chosen[c]].Output;
            FillMinors(cols, _minorsOfPrefix, k - 1);
            var (nv, ne) = Cofactors(_minorsOfPrefix);
            if (!AnyNonzeroCofactor(cols, nv, ne)) return; // S' dependent

            var withY = cols.Append(_y).ToArray();
            double a0 = Dot(nv, ne, _y, out double a0Err);
            int s0 = CertainSign(a0, a0Err) ?? ExactMinorSign(withY, (1 << _n) - 1);
            if (s0 == 0) { TryExactBasis(_chosen[..k]); return; } // y ∈ span(S'): S' itself is the only candidate
            var colsY = new (double[] V, double[] E)[k];
            for (int j = 0; j < k; j++)
            {
                // The columns after j are those of S': only the levels 0..j of the minor table change.
                var replaced = (double[][])cols.Clone();
                replaced[j] = _y;
                _minorsOfReplaced.CopyLevelsFrom(_minorsOfPrefix, j + 1);
                FillMinors(replaced, _minorsOfReplaced, j);
                colsY[j] = Cofactors(_minorsOfReplaced);
            }
            var members = new int[k + 1];
            Array.Copy(_chosen, members, k);
            var mu = new double[k + 1];
            var square = new double[k + 1][];
            for (int g = start; g < _gens.Count; g++)
            {
                var out_ = _gens[g].Output;
                members[k] = g;
                double det = Dot(nv, ne, out_, out double detErr);
                int sd = CertainSign(det, detErr) ?? ExactMinorSign(Append(square, cols, out_), (1 << _n) - 1);
                if (sd != s0) continue; // dependent (0) or λ_g < 0
                // Weights from the floating-point quotients only when every factor is accurate (see Accuracy).
                bool exact = Math.Abs(det) * Accuracy < detErr || Math.Abs(a0) * Accuracy < a0Err;
                bool rejected = false;
                for (int j = 0; j < k && !rejected; j++)
                {
                    double aj = Dot(colsY[j].V, colsY[j].E, out_, out double ajErr);
                    int? certain = CertainSign(aj, ajErr);
                    if (certain is null)
                    {
                        var replaced = (double[][])cols.Clone();
                        replaced[j] = _y;
                        certain = ExactMinorSign(Append(square, replaced, out_), (1 << _n) - 1);
                        exact = true;
                    }
                    if (certain != s0) rejected = true; // λ_j ≤ 0
                    else if (Math.Abs(aj) * Accuracy < ajErr) exact = true;
                    else mu[j] = aj / det;
                }
                if (rejected) continue;
                if (exact) { TryExactBasis(members); continue; }
                mu[k] = a0 / det;
                Record(members, mu);
            }
        }

        private static double[][] Append(double[][] target, double[][] cols, double[] last)
        {
            Array.Copy(cols, target, cols.Length);
            target[cols.Length] = last;
            return target;
        }

        /// <summary>A set of size k &lt; N − 1: y = Σ λ g with λ &gt; 0 needs y in its span; some (k+1)-minor of [S|Y] that is
        /// certainly nonzero rules that out, otherwise decide exactly.</summary>
        private void TrySmallBasis(int k)
        {
            var cols = new double[k + 1][];
            for (int c = 0; c < k; c++) cols[c] = _gens[_chosen[c]].Output;
            cols[k] = _y;
            if (AnyNonzeroMinor(cols, k + 1)) return;
            TryExactBasis(_chosen[..k]);
        }

        private bool Independent(int k)
        {
            var cols = new double[k][];
            for (int c = 0; c < k; c++) cols[c] = _gens[_chosen[c]].Output;
            return AnyNonzeroMinor(cols, k);
        }

        /// <summary>Whether the size × size minors of the columns (over every choice of rows) are not all zero, i.e. the
        /// columns are independent: floating point with error bound first, then exactly for the undecided ones.</summary>
        private bool AnyNonzeroMinor(double[][] cols, int size)
        {
            var undecided = new List<int>();
            foreach (int rows in RowMasks(size))
            {
                double det = Minor(cols, 0, size, rows, out double perm);
                int? s = CertainSign(det, Error(perm));
                if (s is int v && v != 0) return true;
                if (s is null) undecided.Add(rows);
            }
            return undecided.Any(rows => ExactMinorSign(cols, rows) != 0);
        }

        /// <summary>The cofactors are the (N−1)-minors of S' up to sign: S' is independent iff one is nonzero.</summary>
        private bool AnyNonzeroCofactor(double[][] cols, double[] v, double[] e)
        {
            var undecided = new List<int>();
            for (int i = 0; i < v.Length; i++)
            {
                int? s = CertainSign(v[i], e[i]);
                if (s is int x && x != 0) return true;
                if (s is null) undecided.Add(i);
            }
            int all = (1 << _n) - 1;
            return undecided.Any(i => ExactMinorSign(cols, all & ~(1 << i)) != 0);
        }

        /// <summary>The exact sign of the square minor (the columns, the rows in the mask); the entries are integers held
        /// exactly in doubles. Zero is certified modularly: if the determinant vanishes modulo distinct primes whose
        /// product exceeds Hadamard's bound Π‖column‖₂ ≥ |det|, it is 0 (the only multiple of the product in range).
        /// Otherwise Bareiss over BigInteger gives the sign.</summary>
        private int ExactMinorSign(double[][] cols, int rowMask)
        {
            _exactSigns++;
            int size = BitOperations.PopCount((uint)rowMask);
            double log2Bound = 1; // one bit of slack for the rounding of the norms
            foreach (var c in cols)
            {
                double sq = 0;
                for (int i = 0; i < _n; i++) if ((rowMask >> i & 1) == 1) sq += c[i] * c[i];
                log2Bound += sq == 0 ? 0 : 0.5 * Math.Log2(sq) + 1e-9;
            }
            bool zero = true;
            double log2Product = 0;
            for (int t = 0; zero && log2Product <= log2Bound; t++)
            {
                ulong prime = Primes[t];
                zero = ModularDeterminant(cols, rowMask, size, prime) == 0;
                log2Product += Math.Log2(prime) - 1e-9;
            }
            if (zero) return 0;
            var rows = Enumerable.Range(0, _n).Where(i => (rowMask >> i & 1) == 1).ToArray();
            var m = rows.Select(i => cols.Select(c => new BigInteger(c[i])).ToArray()).ToArray();
            return ExactDeterminant(m).Sign;
        }

        private ulong ModularDeterminant(double[][] cols, int rowMask, int size, ulong prime)
        {
            Span<ulong> a = stackalloc ulong[size * size];
            int r = 0;
            for (int i = 0; i < _n; i++)
            {
                if ((rowMask >> i & 1) == 0) continue;
                for (int c = 0; c < size; c++)
                {
                    long v = (long)cols[c][i] % (long)prime;
                    a[r * size + c] = (ulong)(v < 0 ? v + (long)prime : v);
                }
                r++;
            }
            ulong det = 1;
            for (int c = 0; c < size; c++)
            {
                int p = c;
                while (p < size && a[p * size + c] == 0) p++;
                if (p == size) return 0;
                if (p != c)
                {
                    for (int j = 0; j < size; j++) (a[c * size + j], a[p * size + j]) = (a[p * size + j], a[c * size + j]);
                    det = (prime - det) % prime;
                }
                ulong pivot = a[c * size + c];
                det = det * pivot % prime;
                ulong inverse = ModInverse(pivot, prime);
                for (int i = c + 1; i < size; i++)
                {
                    ulong f = a[i * size + c] * inverse % prime;
                    if (f == 0) continue;
                    for (int j = c; j < size; j++) a[i * size + j] = (a[i * size + j] + (prime - f) * a[c * size + j]) % prime;
                }
            }
            return det;
        }

        private static ulong ModInverse(ulong a, ulong prime)
        {
            long t = 0, newT = 1, r = (long)prime, newR = (long)a;
            while (newR != 0)
            {
                long q = r / newR;
                (t, newT) = (newT, t - q * newT);
                (r, newR) = (newR, r - q * newR);
            }
            return (ulong)(t < 0 ? t + (long)prime : t);
        }

        /// <summary>The largest primes below 2^31 (so a product of two residues fits in a ulong), by trial division.</summary>
        private static readonly ulong[] Primes = FindPrimes(24);

        private static ulong[] FindPrimes(int count)
        {
            var result = new List<ulong>();
            for (ulong q = (1UL << 31) - 1; result.Count < count; q -= 2)
            {
                bool prime = true;
                for (ulong f = 3; f * f <= q && prime; f += 2) prime = q % f != 0;
                if (prime) result.Add(q);
            }
            return result.ToArray();
        }

        /// <summary>Decides exactly whether the columns are independent with y = Σ λ g, λ &gt; 0; records it if so.</summary>
        private void TryExactBasis(int[] members)
        {
            _exactSolves++;
            var mu = SolveExact(members.Select(c => _gens[c].OutputExact).ToList(), _yExact, out bool consistent);
            if (mu is null || !consistent || mu.Any(x => x.Sign <= 0)) return;
            Record(members, mu.Select(x => x.ToDouble()).ToArray());
        }

        // ----- recording candidates -----

        private void Record(int[] members, double[] mu)
        {
            _vertices++;
            int r = members.Length;
            var gens = new Generator[r];
            var lnLambda = new double[r];
            double lnScale = _yScale.LogAbs();
            for (int j = 0; j < r; j++) { gens[j] = _gens[members[j]]; lnLambda[j] = Math.Log(mu[j]) - lnScale; }
            var compatible = new int[r];
            bool anyPair = false;
            for (int a = 0; a < r; a++)
                for (int b = 0; b < r; b++)
                    if (a != b && gens[a].CompatibleWith(gens[b])) { compatible[a] |= 1 << b; anyPair = true; }
            var group = new int[r];
            if (!anyPair)
            {
                for (int j = 0; j < r; j++) group[j] = j;
                for (int q = 0; q < _ps.Length; q++)
                {
                    double value = 0;
                    for (int j = 0; j < r; j++) value += Math.Exp(_ps[q] * lnLambda[j] + gens[j].LogCost[q]);
                    Offer(q, members, group, value);
                }
                return;
            }
            Partitions(0, 0, group, new int[r], compatible, r, () =>
            {
                for (int q = 0; q < _ps.Length; q++) Offer(q, members, group, GroupedValue(gens, lnLambda, group, r, _ps[q], q));
            });
        }

        /// <summary>Every partition of the r members into groups of pairwise compatible generators (group[j] = its group).</summary>
        private static void Partitions(int j, int groups, int[] group, int[] groupMask, int[] compatible, int r, Action visit)
        {
            if (j == r) { visit(); return; }
            for (int g = 0; g <= groups; g++)
            {
                if (g < groups && (groupMask[g] & ~compatible[j]) != 0) continue;
                group[j] = g;
                int saved = groupMask[g];
                groupMask[g] |= 1 << j;
                Partitions(j + 1, Math.Max(groups, g + 1), group, groupMask, compatible, r, visit);
                groupMask[g] = saved;
            }
        }

        private double GroupedValue(Generator[] gens, double[] lnLambda, int[] group, int r, double p, int q)
        {
            double value = 0;
            for (int g = 0; g < r; g++)
            {
                int count = 0, single = -1;
                for (int j = 0; j < r; j++) if (group[j] == g) { count++; single = j; }
                if (count == 0) continue;
                if (count == 1) { value += Math.Exp(p * lnLambda[single] + gens[single].LogCost[q]); continue; }
                for (int c = 0; c < _m; c++)
                {
                    double z = 0;
                    for (int j = 0; j < r; j++) if (group[j] == g) z += Math.Exp(lnLambda[j]) * gens[j].RayDouble[c];
                    if (z != 0) value += Math.Pow(Math.Abs(z), p);
                }
            }
            return value;
        }

        private void Offer(int q, int[] members, int[] group, double value)
        {
            if (value > _best[q] * (1 + 1e-6)) return;
            _near[q].Add(new Candidate((int[])members.Clone(), (int[])group.Clone(), value));
            if (value < _best[q])
            {
                _best[q] = value;
                if (_near[q].Count > 64) _near[q].RemoveAll(c => c.Value > value * (1 + 1e-6));
            }
        }

        /// <summary>Re-evaluates the near candidates from exact weights; the minimum, its tie range and a network.</summary>
        private Minimum Finish(int q, Dictionary<string, Rational[]> exactWeights)
        {
            double p = _ps[q];
            var evaluated = new List<(double Value, int Parameters, ShallowReluNetwork Network)>();
            foreach (var c in _near[q].Where(c => c.Value <= _best[q] * (1 + 1e-6)))
            {
                string key = string.Join(",", c.Members);
                if (!exactWeights.TryGetValue(key, out var mu))
                {
                    mu = SolveExact(c.Members.Select(j => _gens[j].OutputExact).ToList(), _yExact, out bool ok)
                        ?? throw new InvalidOperationException("a recorded basis is dependent: the oracle is wrong");
                    if (!ok || mu.Any(x => x.Sign <= 0)) throw new InvalidOperationException("a recorded basis is not positive: the oracle is wrong");
                    exactWeights[key] = mu;
                }
                var net = Network(c, mu);
                evaluated.Add((PathNorm(net, p), Parameters(net), net));
            }
            double min = evaluated.Min(e => e.Value);
            var ties = evaluated.Where(e => e.Value <= min * (1 + 1e-12)).ToList();
            var best = ties.MinBy(e => e.Parameters);
            if (!Interpolates(best.Network)) throw new InvalidOperationException("the oracle's network does not interpolate");
            return new Minimum(p, min, ties.Min(e => e.Parameters), ties.Max(e => e.Parameters), best.Network,
                evaluated.Select(e => (e.Value, e.Parameters)).OrderBy(e => e.Value).ToList());
        }

        private ShallowReluNetwork Network(Candidate c, Rational[] mu)
        {
            var neurons = new List<Neuron>();
            for (int g = 0; g < c.Members.Length; g++)
            {
                var z = new Rational[_m];
                int sign = 0;
                for (int j = 0; j < c.Members.Length; j++)
                {
                    if (c.Group[j] != g) continue;
                    var gen = _gens[c.Members[j]];
                    var lambda = mu[j] / _yScale;
                    for (int k = 0; k < _m; k++) z[k] += lambda * gen.Ray[k];
                    sign = gen.Sign;
                }
                if (sign != 0) neurons.Add(new Neuron(z[..(_m - 1)], z[_m - 1], sign));
            }
            return new ShallowReluNetwork(_m - 1, neurons, null);
        }

        /// <summary>Σ s max(0, w̄·x̄_i) = y_i exactly, evaluated here (not by the product's checker).</summary>
        private bool Interpolates(ShallowReluNetwork net)
        {
            for (int i = 0; i < _n; i++)
            {
                Rational f = Rational.Zero;
                foreach (var neuron in net.Neurons)
                {
                    Rational pre = neuron.B;
                    for (int j = 0; j < _m - 1; j++) pre += neuron.W[j] * _data.X(i, j);
                    if (pre.Sign > 0) f += neuron.V * pre;
                }
                if (f != _data.Y(i)) return false;
            }
            return true;
        }

        private static double PathNorm(ShallowReluNetwork net, double p) =>
            net.Neurons.Sum(n => n.W.Append(n.B).Where(x => !x.IsZero).Sum(x => Math.Exp(p * (n.V * x).LogAbs())));

        private static int Parameters(ShallowReluNetwork net) =>
            net.Neurons.Sum(n => n.W.Append(n.B).Count(x => !x.IsZero));

        // ----- floating-point determinants with a rigorous error bound -----

        /// <summary>The determinant and permanent of the square matrix (columns cols[c0 .. c0+count), the rows in the
        /// bit mask), by Laplace expansion along the first column.</summary>
        private static double Minor(double[][] cols, int c0, int count, int rowMask, out double perm)
        {
            if (count == 0) { perm = 1; return 1; }
            double det = 0, pm = 0;
            int sign = 1;
            for (int mask = rowMask; mask != 0; mask &= mask - 1)
            {
                int r = BitOperations.TrailingZeroCount(mask);
                double a = cols[c0][r];
                if (a != 0)
                {
                    double sub = Minor(cols, c0 + 1, count - 1, rowMask & ~(1 << r), out double sp);
                    det += sign * a * sub;
                    pm += Math.Abs(a) * sp;
                }
                sign = -sign;
            }
            perm = pm;
            return det;
        }

        /// <summary>Bound on |computed − exact| for a Laplace determinant of integers of size m ≤ 5. When the computed
        /// permanent is below 2^51 the true one is below 2^52, every partial product and sum is an integer bounded by it,
        /// and the arithmetic is exact. Otherwise each term passes through at most m(m+1)/2 ≤ 15 roundings (one product
        /// and a chain of sums per level): |error| ≤ γ_15 · permanent ≈ 1.7e-15 · permanent (the computed permanent is
        /// within a factor 1 + γ_15 of the true one); 1e-14 leaves a margin.</summary>
        private static double Error(double perm) => perm < ExactBelow / 2 ? 0 : 1e-14 * perm;

        /// <summary>The sign when the error bound decides it (0 only when exactly zero), else null.</summary>
        private static int? CertainSign(double v, double err) => Math.Abs(v) > err ? Math.Sign(v) : err == 0 ? 0 : null;

        /// <summary>Determinants and permanents of the minors of the columns cols[c..] on the row masks of size
        /// (#columns − c), for every level c: the Laplace recursion of <see cref="Minor"/> run bottom-up and shared between
        /// the N cofactors (same operations in the same order, so the same error bound).</summary>
        private sealed class MinorTable(int n)
        {
            public readonly double[][] Det = Enumerable.Range(0, n).Select(_ => new double[1 << n]).ToArray();
            public readonly double[][] Perm = Enumerable.Range(0, n).Select(_ => new double[1 << n]).ToArray();

            public void CopyLevelsFrom(MinorTable other, int from)
            {
                for (int c = from; c < Det.Length; c++)
                {
                    Array.Copy(other.Det[c], Det[c], Det[c].Length);
                    Array.Copy(other.Perm[c], Perm[c], Perm[c].Length);
                }
            }
        }

        private readonly MinorTable _minorsOfPrefix, _minorsOfReplaced;
        private readonly int[][] _masksBySize;

        /// <summary>Fills the levels top..0 of the table for k = cols.Length columns (level k is the empty minor 1).</summary>
        private void FillMinors(double[][] cols, MinorTable table, int top)
        {
            int k = cols.Length;
            for (int c = top; c >= 0; c--)
            {
                var det = table.Det[c];
                var perm = table.Perm[c];
                foreach (int mask in _masksBySize[k - c])
                {
                    double sum = 0, pm = 0;
                    int sign = 1;
                    for (int rest = mask; rest != 0; rest &= rest - 1)
                    {
                        int r = BitOperations.TrailingZeroCount(rest);
                        double a = cols[c][r];
                        if (a != 0)
                        {
                            int sub = mask & ~(1 << r);
                            double subDet = c + 1 == k ? 1 : table.Det[c + 1][sub];
                            double subPerm = c + 1 == k ? 1 : table.Perm[c + 1][sub];
                            sum += sign * a * subDet;
                            pm += Math.Abs(a) * subPerm;
                        }
                        sign = -sign;
                    }
                    det[mask] = sum;
                    perm[mask] = pm;
                }
            }
        }

        /// <summary>The cofactor vector n of the N − 1 columns of the table (n·g = det[cols | g]) with error bounds.</summary>
        private (double[] V, double[] E) Cofactors(MinorTable table)
        {
            int all = (1 << _n) - 1, last = _n - 1;
            var v = new double[_n];
            var e = new double[_n];
            for (int i = 0; i < _n; i++)
            {
                int rows = all & ~(1 << i);
                double det = last == 0 ? 1 : table.Det[0][rows];
                double perm = last == 0 ? 1 : table.Perm[0][rows];
                v[i] = ((i + last) % 2 == 0 ? 1 : -1) * det;
                e[i] = Error(perm);
            }
            return (v, e);
        }

        /// <summary>n·g for exact integer g and n known within e: the rounding of the sum (≤ γ_5 Σ|n g|) plus Σ e|g|.</summary>
        private static double Dot(double[] n, double[] e, double[] g, out double err)
        {
            double v = 0, abs = 0, eg = 0;
            for (int i = 0; i < n.Length; i++)
            {
                double t = n[i] * g[i];
                v += t;
                abs += Math.Abs(t);
                eg += e[i] * Math.Abs(g[i]);
            }
            err = eg == 0 && abs < ExactBelow / 2 ? 0 : 1.0001 * eg + 2e-15 * abs;
            return v;
        }

        private IEnumerable<int> RowMasks(int size)
        {
            for (int mask = 0; mask < 1 << _n; mask++) if (BitOperations.PopCount((uint)mask) == size) yield return mask;
        }
    }

    // ----- exact linear algebra (own code: Gaussian elimination over Rational, Bareiss over BigInteger) -----

    /// <summary>The unique μ with Σ_c μ_c cols[c] = rhs restricted to the pivot structure: null when the columns are
    /// dependent; <paramref name="consistent"/> says whether rhs lies in their span (μ is meaningful only then).</summary>
    internal static Rational[]? SolveExact(IReadOnlyList<BigInteger[]> cols, BigInteger[] rhs, out bool consistent)
    {
        int n = rhs.Length, k = cols.Count;
        var a = new Rational[n][];
        for (int i = 0; i < n; i++)
        {
            a[i] = new Rational[k + 1];
            for (int c = 0; c < k; c++) a[i][c] = Rational.FromInteger(cols[c][i]);
            a[i][k] = Rational.FromInteger(rhs[i]);
        }
        return SolveRational(a, k, out consistent);
    }

    /// <summary>Gaussian elimination on the augmented n × (k+1) matrix a (modified in place).</summary>
    internal static Rational[]? SolveRational(Rational[][] a, int k, out bool consistent)
    {
        int n = a.Length, row = 0;
        var pivotRow = new int[k];
        for (int c = 0; c < k; c++)
        {
            int p = row;
            while (p < n && a[p][c].IsZero) p++;
            if (p == n) { consistent = false; return null; }
            (a[row], a[p]) = (a[p], a[row]);
            for (int i = 0; i < n; i++)
            {
                if (i == row || a[i][c].IsZero) continue;
                var f = a[i][c] / a[row][c];
                for (int j = c; j <= k; j++) a[i][j] -= f * a[row][j];
            }
            pivotRow[c] = row++;
        }
        consistent = true;
        for (int i = row; i < n; i++) if (!a[i][k].IsZero) consistent = false;
        var x = new Rational[k];
        for (int c = 0; c < k; c++) x[c] = a[pivotRow[c]][k] / a[pivotRow[c]][c];
        return x;
    }

    /// <summary>The determinant of a square integer matrix (rows, or columns when <paramref name="columns"/>) by Bareiss.</summary>
    internal static BigInteger ExactDeterminant(BigInteger[][] m, bool columns = false)
    {
        int n = m.Length;
        var a = new BigInteger[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) a[i, j] = columns ? m[j][i] : m[i][j];
        int sign = 1;
        BigInteger previous = BigInteger.One;
        for (int c = 0; c < n; c++)
        {
            int p = c;
            while (p < n && a[p, c].IsZero) p++;
            if (p == n) return BigInteger.Zero;
            if (p != c)
            {
                for (int j = 0; j < n; j++) (a[c, j], a[p, j]) = (a[p, j], a[c, j]);
                sign = -sign;
            }
            for (int i = c + 1; i < n; i++)
                for (int j = c + 1; j < n; j++)
                    a[i, j] = (a[i, j] * a[c, c] - a[i, c] * a[c, j]) / previous;
            previous = a[c, c];
        }
        return sign * a[n - 1, n - 1];
    }

    internal static IEnumerable<int[]> Subsets(int n, int size)
    {
        var idx = Enumerable.Range(0, size).ToArray();
        if (size > n) yield break;
        while (true)
        {
            yield return (int[])idx.Clone();
            int i = size - 1;
            while (i >= 0 && idx[i] == n - size + i) i--;
            if (i < 0) yield break;
            idx[i]++;
            for (int j = i + 1; j < size; j++) idx[j] = idx[j - 1] + 1;
        }
    }
}
