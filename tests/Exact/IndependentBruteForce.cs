using System.Numerics;
using Verifier.Exact.Problems;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Tests.Exact;

/// <summary>
/// An exact, exhaustive oracle for the sparsest multivariate interpolation problems of SPEC §1 on tiny data
/// (N ≤ 6, d ∈ {2, 3}), written from first principles and independently of src/Exact (it shares only the data
/// types). No floating point enters a verdict: every step is rational linear algebra or an exact simplex.
/// </summary>
/// <remarks>
/// <para><b>Reduction to cones.</b> Write X̄ ∈ R^{N×(d+1)} for the lifted inputs [x_i; 1]. A neuron v (w̄ᵀx̄)_+ is, by
/// positive homogeneity, s (w̄ᵀx̄)_+ with s = sign v ∈ {±1}, and its outputs on the data are s·(t)_+ with
/// t = X̄ w̄ ∈ R_T := col(X̄_{:,T}), where T ⊇ supp w̄. Its cost is 1 (neurons) or ‖w̄‖_0 ≤ |T| (parameters).</para>
/// <para><b>Generators.</b> An elementary vector of a subspace R is a nonzero vector of R of minimal support. With
/// B a basis of R (dim k), they are exactly the vectors spanning the lines {t ∈ R : t_Z = 0} that are 1-dimensional,
/// Z ranging over the (k−1)-subsets of the data indices (a minimal-support e has a 1-dimensional such line on its
/// zero set, else a combination of two vectors there would have smaller support; conversely a vector spanning
/// such a line has minimal support, since any f with smaller support also vanishes on Z). By the conformal
/// decomposition theorem (Rockafellar 1969), every t ∈ R is a nonnegative combination of elementary vectors
/// e_j of R conformal to t (e_{j,i} t_i ≥ 0, no cancellation). Conformal vectors share a closed orthant, on
/// which the positive part is linear: (t)_+ = Σ λ_j (e_j)_+. Conversely any nonnegative combination of pairwise
/// sign-compatible elementary vectors of R_T is a t ∈ R_T whose positive part is that same combination.</para>
/// <para><b>Blocks.</b> A block (s, T, D) is the set of generators s·(e)_+ for the elementary vectors e of R_T in the
/// closed orthant O_D = {t_i ≥ 0 on D, ≤ 0 off D}; one block is one neuron (w̄ = Σ λ_e w̄_e with X̄ w̄_e = e and
/// supp w̄_e ⊆ T, output s·Σλ_e (e)_+ because every e lies in O_D), of cost |T| (parameters; T = all coordinates and
/// cost 1 for neurons). Only the inclusion-maximal generator sets over all 2^N sets D are kept; every orthant's
/// set is inside a kept one, so nothing is lost. A block whose generator directions are a subset of another's at
/// no lower cost is dropped (replacing it by the larger block keeps every combination feasible, never costlier).</para>
/// <para><b>The cost model equals the network optimum</b> (cf. SPEC §3, Lemma 4.1). (≤) A feasible set of blocks,
/// y ∈ Σ_blocks cone(generators) (+ col X̄ with the skip term), is a network whose neuron b has ‖w̄_b‖_0 ≤ |T_b|,
/// so its objective is at most the set's cost. (≥) Take an optimal network; neuron k has t_k = X̄ w̄_k ∈ R_{T_k},
/// T_k = supp w̄_k, lying in O_{D_k} for D_k = {i : t_{k,i} ≥ 0}; its output is in the cone of the block
/// (s_k, T_k, D_k) (conformal decomposition in R_{T_k}), hence in a kept block of cost ≤ |T_k|. Two neurons that
/// land in the same block merge into one (cone + cone = cone: the merged neuron is Σ w̄ with support ⊆ T), so a
/// set of distinct blocks of total cost ≤ the optimum is feasible. Hence min cost = min objective, exactly.
/// With the skip term, y ∈ cone(G) + col X̄ iff Q y ∈ cone(Q G) for Q a basis of the left null space of X̄ (both
/// output signs stay needed: −(t)_+ = −(−t)_+ − t keeps its sign, a kink's curvature is not linear).</para>
/// <para><b>Search.</b> Iterative deepening on the cost c = 0, 1, 2, …: is some block set of cost ≤ c feasible? Each
/// candidate set is decided by an exact phase-1 simplex (Bland's rule), which returns either λ ≥ 0 (checked
/// exactly) or a Farkas vector u with u·g ≥ 0 on the set's generators and u·y &lt; 0 (checked exactly). A Farkas
/// vector rules out every set all of whose blocks it accepts, so a feasible superset of an infeasible set P must
/// contain a block with a generator g of u·g &lt; 0: the search branches over those blocks only (the i-th branch
/// excluding the earlier ones), which enumerates every superset within the budget and is therefore exhaustive.
/// <see cref="ExhaustiveValue"/> is the same decision without any pruning (every block subset), for cross-checks.</para>
/// </remarks>
public static class IndependentBruteForce
{
    /// <summary>The exact optimum, a witness network attaining it, and the work done.</summary>
    public sealed record Optimum(int Value, ShallowReluNetwork Witness, int LinearPrograms, int Cuts, int Blocks);

    /// <summary>The exact minimum of the problem's objective, with a witness network (checked by the caller).</summary>
    public static Optimum Solve(SparsestProblem problem)
    {
        var model = Model.Build(problem);
        var search = new CutGuidedSearch(model);
        int cap = 2 * model.N * (model.D + 1) + 2;
        for (int c = 0; c <= cap; c++)
        {
            var found = search.Run(c);
            if (found is not null)
                return new Optimum(c, model.Network(found.Value.Blocks, found.Value.Lambda), search.LinearPrograms, search.CutCount, model.Blocks.Count);
        }
        throw new InvalidOperationException($"no interpolating block set of cost ≤ {cap}: the oracle is wrong");
    }

    /// <summary>The optimum by deciding every subset of cost ≤ c of all maximal blocks (no dominance pruning) with an
    /// LP, c = 0, 1, …, up to <paramref name="maxCost"/> (null above it). Exponential; for cross-checking
    /// <see cref="Solve"/> on tiny data.</summary>
    public static int? ExhaustiveValue(SparsestProblem problem, int maxCost)
    {
        var model = Model.Build(problem, pruneDominated: false);
        for (int c = 0; c <= maxCost; c++)
            if (AnySubset(model, 0, c, [])) return c;
        return null;
    }

    private static bool AnySubset(Model model, int from, int budget, List<int> chosen)
    {
        if (ExactCone.Decide(model.Columns(chosen), model.Y).Lambda is not null) return true;
        for (int j = from; j < model.Blocks.Count; j++)
        {
            if (model.Blocks[j].Cost > budget) continue;
            chosen.Add(j);
            bool ok = AnySubset(model, j + 1, budget - model.Blocks[j].Cost, chosen);
            chosen.RemoveAt(chosen.Count - 1);
            if (ok) return true;
        }
        return false;
    }

    /// <summary>One generator s·(e)_+ of a block: its image in the (projected) label space and a preimage w̄_e.</summary>
    private sealed record Generator(Rational[] Image, Rational[] WBar, string Key);

    private sealed record Block(int Sign, int Cost, Generator[] Generators);

    /// <summary>The blocks of a problem and the (projected) labels.</summary>
    private sealed class Model
    {
        public required int N { get; init; }
        public required int D { get; init; }
        public required Rational[][] Lifted { get; init; } // N rows of length d + 1
        public required Rational[][]? Q { get; init; }     // rows spanning the left null space of X̄ (skip), else null
        public required Rational[] Y { get; init; }        // Q y, or y
        public required List<Block> Blocks { get; init; }
        public required SparsestProblem Problem { get; init; }

        public List<Rational[]> Columns(IEnumerable<int> blocks) =>
            blocks.SelectMany(b => Blocks[b].Generators.Select(g => g.Image)).ToList();

        public static Model Build(SparsestProblem problem, bool pruneDominated = true)
        {
            var data = problem.Data;
            int n = data.Count, d = data.Dimension;
            if (n > 12) throw new ArgumentException("the brute-force oracle is for tiny data (N ≤ 12, meant for N ≤ 6)");
            var lifted = new Rational[n][];
            for (int i = 0; i < n; i++)
            {
                lifted[i] = new Rational[d + 1];
                for (int j = 0; j < d; j++) lifted[i][j] = data.X(i, j);
                lifted[i][d] = Rational.One;
            }
            var column = Enumerable.Range(0, d + 1).Select(j => lifted.Select(r => r[j]).ToArray()).ToArray();
            Rational[][]? q = problem.Skip ? ExactLinearAlgebra.NullSpace(column, n).ToArray() : null;
            var y = Project(q, data.Labels.ToArray());

            var supports = problem.Objective == SparsityObjective.Neurons
                ? [(1 << (d + 1)) - 1]
                : Enumerable.Range(1, (1 << (d + 1)) - 1).ToArray();
            int[] signs = [1, -1];
            var blocks = new List<Block>();
            foreach (int t in supports)
            {
                var cols = Enumerable.Range(0, d + 1).Where(j => (t >> j & 1) == 1).ToArray();
                int cost = problem.Objective == SparsityObjective.Neurons ? 1 : cols.Length;
                var elementary = ElementaryVectors(cols.Select(j => column[j]).ToList(), n);
                if (elementary.Count == 0) continue;
                var preimages = elementary.Select(e => Preimage(column, cols, e, d)).ToArray();
                foreach (var mask in MaximalOrthantSets(elementary, n))
                    foreach (int s in signs)
                    {
                        var gens = new List<Generator>();
                        var keys = new HashSet<string>();
                        for (int k = 0; k < elementary.Count; k++)
                        {
                            if ((mask >> k & 1) == 0) continue;
                            var image = Project(q, elementary[k].Select(v => v.Sign > 0 ? s * v : Rational.Zero).ToArray());
                            if (image.All(v => v.IsZero)) continue;
                            string key = DirectionKey(image);
                            if (keys.Add(key)) gens.Add(new Generator(image, preimages[k], key));
                        }
                        if (gens.Count > 0) blocks.Add(new Block(s, cost, gens.ToArray()));
                    }
            }
            return new Model { N = n, D = d, Lifted = lifted, Q = q, Y = y, Blocks = pruneDominated ? Undominated(blocks) : blocks, Problem = problem };
        }

        /// <summary>Drops every block whose generator directions lie among another block's at no higher cost.</summary>
        private static List<Block> Undominated(List<Block> blocks)
        {
            var keySets = blocks.Select(b => b.Generators.Select(g => g.Key).ToHashSet()).ToArray();
            var kept = new List<Block>();
            for (int a = 0; a < blocks.Count; a++)
            {
                bool dominated = false;
                for (int b = 0; b < blocks.Count && !dominated; b++)
                {
                    if (a == b || blocks[b].Cost > blocks[a].Cost || !keySets[a].IsSubsetOf(keySets[b])) continue;
                    bool strictly = blocks[b].Cost < blocks[a].Cost || keySets[b].Count > keySets[a].Count;
                    dominated = strictly || b < a; // equal blocks: keep the first
                }
                if (!dominated) kept.Add(blocks[a]);
            }
            return kept.OrderBy(b => b.Cost).ThenByDescending(b => b.Generators.Length).ToList();
        }

        /// <summary>The elementary vectors (both signs) of the span of the given columns (each of length n).</summary>
        private static List<Rational[]> ElementaryVectors(List<Rational[]> columns, int n)
        {
            var basis = new List<Rational[]>();
            var tracker = new ExactLinearAlgebra.RankTracker(n);
            foreach (var c in columns) if (tracker.TryAdd(c)) basis.Add(c);
            int k = basis.Count;
            var result = new List<Rational[]>();
            if (k == 0) return result;
            var seen = new HashSet<string>();
            foreach (int z in Subsets(n, k - 1))
            {
                var rows = Enumerable.Range(0, n).Where(i => (z >> i & 1) == 1)
                    .Select(i => basis.Select(b => b[i]).ToArray()).ToList();
                var nullSpace = ExactLinearAlgebra.NullSpace(rows, k);
                if (nullSpace.Count != 1) continue;
                var e = new Rational[n];
                for (int c = 0; c < k; c++)
                    for (int i = 0; i < n; i++) e[i] += nullSpace[0][c] * basis[c][i];
                var first = e.First(v => !v.IsZero);
                e = e.Select(v => v / first).ToArray();
                if (!seen.Add(string.Join(",", e))) continue;
                result.Add(e);
                result.Add(e.Select(v => -v).ToArray());
            }
            return result;
        }

        /// <summary>For every D ⊆ [n], the elementary vectors in the closed orthant O_D (a bit mask); the
        /// inclusion-maximal distinct masks.</summary>
        private static List<BigInteger> MaximalOrthantSets(List<Rational[]> elementary, int n)
        {
            var masks = new HashSet<BigInteger>();
            for (int dSet = 0; dSet < 1 << n; dSet++)
            {
                BigInteger mask = BigInteger.Zero;
                for (int k = 0; k < elementary.Count; k++)
                {
                    bool inside = true;
                    for (int i = 0; i < n && inside; i++)
                    {
                        int sign = elementary[k][i].Sign;
                        inside = (dSet >> i & 1) == 1 ? sign >= 0 : sign <= 0;
                    }
                    if (inside) mask |= BigInteger.One << k;
                }
                if (!mask.IsZero) masks.Add(mask);
            }
            return masks.Where(m => !masks.Any(o => o != m && (o & m) == m)).ToList();
        }

        private static IEnumerable<int> Subsets(int n, int size)
        {
            for (int m = 0; m < 1 << n; m++) if (BitOperations.PopCount((uint)m) == size) yield return m;
        }

        /// <summary>w̄ ∈ R^{d+1} supported on cols with X̄ w̄ = e (exists since e ∈ col X̄_{:,cols}).</summary>
        private static Rational[] Preimage(Rational[][] column, int[] cols, Rational[] e, int d)
        {
            var w = ExactLinearAlgebra.Solve(cols.Select(j => column[j]).ToList(), e)
                ?? throw new InvalidOperationException("an elementary vector outside its column space");
            var full = new Rational[d + 1];
            for (int k = 0; k < cols.Length; k++) full[cols[k]] = w[k];
            return full;
        }

        private static Rational[] Project(Rational[][]? q, Rational[] v)
        {
            if (q is null) return v;
            var r = new Rational[q.Length];
            for (int a = 0; a < q.Length; a++)
                for (int i = 0; i < v.Length; i++) r[a] += q[a][i] * v[i];
            return r;
        }

        private static string DirectionKey(Rational[] v)
        {
            var first = v.First(x => !x.IsZero).Abs();
            return string.Join(",", v.Select(x => x / first));
        }

        /// <summary>The network of a feasible block set: one neuron per block with w̄ = Σ λ_g w̄_g, plus the free
        /// linear term (solved exactly from the residual) when the problem has it.</summary>
        public ShallowReluNetwork Network(IReadOnlyList<int> chosen, Rational[] lambda)
        {
            var neurons = new List<Neuron>();
            int offset = 0;
            foreach (int b in chosen)
            {
                var block = Blocks[b];
                var w = new Rational[D + 1];
                for (int g = 0; g < block.Generators.Length; g++, offset++)
                {
                    if (lambda[offset].IsZero) continue;
                    for (int j = 0; j <= D; j++) w[j] += lambda[offset] * block.Generators[g].WBar[j];
                }
                if (w.All(v => v.IsZero)) continue;
                neurons.Add(new Neuron(w[..D], w[D], block.Sign));
            }
            LinearSkip? skip = null;
            if (Problem.Skip)
            {
                var partial = new ShallowReluNetwork(D, neurons, null);
                var residual = Enumerable.Range(0, N).Select(i => Problem.Data.Y(i) - partial.EvaluateExact(Problem.Data.Input(i))).ToArray();
                var columns = Enumerable.Range(0, D + 1).Select(j => Lifted.Select(r => r[j]).ToArray()).ToList();
                var a = ExactLinearAlgebra.Solve(columns, residual)
                    ?? throw new InvalidOperationException("the residual is not affine: the oracle is wrong");
                skip = new LinearSkip(a[..D], a[D]);
            }
            return new ShallowReluNetwork(D, neurons, skip);
        }
    }

    /// <summary>Iterative-deepening search over block sets, pruned only by exactly checked Farkas vectors.</summary>
    private sealed class CutGuidedSearch(Model model)
    {
        private readonly List<(Rational[] U, bool[] Rejects)> _cuts = [];
        public int LinearPrograms { get; private set; }
        public int CutCount => _cuts.Count;

        public (int[] Blocks, Rational[] Lambda)? Run(int budget)
        {
            var chosen = new List<int>();
            return Branch(chosen, new bool[model.Blocks.Count], budget);
        }

        private (int[] Blocks, Rational[] Lambda)? Branch(List<int> chosen, bool[] excluded, int budget)
        {
            int best = -1, bestCount = int.MaxValue;
            for (int c = 0; c < _cuts.Count; c++)
            {
                var rejects = _cuts[c].Rejects;
                if (chosen.Any(b => rejects[b])) continue; // the cut does not rule this set out
                int count = Candidates(rejects, chosen, excluded, budget).Count();
                if (count < bestCount) { best = c; bestCount = count; }
                if (count == 0) break;
            }
            if (best < 0)
            {
                LinearPrograms++;
                var verdict = ExactCone.Decide(model.Columns(chosen), model.Y);
                if (verdict.Lambda is not null) return (chosen.ToArray(), verdict.Lambda);
                var u = verdict.Farkas!;
                var rejectsNew = model.Blocks.Select(b => b.Generators.Any(g => Dot(u, g.Image).Sign < 0)).ToArray();
                _cuts.Add((u, rejectsNew));
                best = _cuts.Count - 1;
            }
            var candidates = Candidates(_cuts[best].Rejects, chosen, excluded, budget).ToList();
            var local = (bool[])excluded.Clone();
            foreach (int j in candidates)
            {
                chosen.Add(j);
                var found = Branch(chosen, local, budget - model.Blocks[j].Cost);
                chosen.RemoveAt(chosen.Count - 1);
                if (found is not null) return found;
                local[j] = true;
            }
            return null;
        }

        private IEnumerable<int> Candidates(bool[] rejects, List<int> chosen, bool[] excluded, int budget)
        {
            for (int j = 0; j < rejects.Length; j++)
                if (rejects[j] && !excluded[j] && model.Blocks[j].Cost <= budget && !chosen.Contains(j)) yield return j;
        }
    }

    internal static Rational Dot(Rational[] a, Rational[] b) => ExactLinearAlgebra.Dot(a, b);
}
