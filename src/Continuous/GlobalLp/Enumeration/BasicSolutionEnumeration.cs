using System.Diagnostics;
using System.Numerics;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Continuous.GlobalLp.Enumeration;

/// <summary>One enumerated interpolating network: generators (indices into the <see cref="ArrangementGenerators"/>),
/// their exact positive weights μ on the primitive outputs, and the neuron each belongs to.
/// <see cref="Magnitudes"/> are the absolute values of its nonzero penalised products (its parameter count is their
/// number), so its ℓ^p path norm is Σ Magnitudes^p.</summary>
public sealed class VertexCandidate
{
    internal int[] Generators { get; }
    internal Rational[] Weights { get; }
    internal int[] Neuron { get; }
    public Rational[] Magnitudes { get; }
    public int Parameters => Magnitudes.Length;

    internal VertexCandidate(int[] generators, Rational[] weights, int[] neuron, Rational[] magnitudes)
    {
        Generators = generators; Weights = weights; Neuron = neuron; Magnitudes = magnitudes;
    }

    /// <summary>Σ_v Magnitudes_v^p in floating point (for search; verdicts use <see cref="CertifiedCostCurve"/>-style enclosures).</summary>
    public double Cost(double p)
    {
        double s = 0;
        foreach (var m in Magnitudes) s += Math.Pow(m.ToDouble(), p);
        return s;
    }
}

/// <summary>Outcome of <see cref="BasicSolutionEnumeration"/>: <see cref="Complete"/> only when the search ran to its
/// end; then <see cref="Candidates"/> contains, for every p ∈ (0, 1), a global ℓ^p minimiser, and the parameter
/// counts of the minimisers at p are exactly those of the candidates attaining the minimum.</summary>
public sealed record VertexEnumerationResult(bool Complete, IReadOnlyList<VertexCandidate> Candidates, int Generators,
    long Sets, long Vertices, long ExactDecisions, double Seconds, string? Incomplete)
{
    internal ArrangementGenerators? Arrangement { get; init; }

    /// <summary>The candidate's network, exact: one neuron s·(wᵀx̄)_+ per group, w = Σ μ_g ρ_g (scaled back to x̄ and y).</summary>
    public ShallowReluNetwork Network(VertexCandidate c) => BasicSolutionEnumeration.ToNetwork(Arrangement!, c);
}

/// <summary>
/// Every basic solution of the ℓ^p problem (paper (8), SPEC §1 and §3) on tiny data in d &gt; 1, in exact arithmetic:
/// the global minimiser for every p at once, without branch and bound.
/// </summary>
/// <remarks>
/// <para><b>Claim.</b> With the generators of <see cref="ArrangementGenerators"/>, let the candidates be every set S of
/// generators whose outputs are linearly independent and represent y with all weights μ &gt; 0, with every partition
/// of S into neurons of pairwise compatible generators. Each candidate is an interpolating network (within a neuron no
/// kink separates its generators, so outputs add, and no weight cancels). For every p ∈ (0, 1) some candidate is a
/// global minimiser, and the parameter counts of all global minimisers are exactly those of the candidates of least
/// cost.</para>
/// <para><b>Proof.</b> A minimiser exists (Prop 4.1). Fix one with neurons (s_b, z_b) and let C_b be the closed cell of
/// z_b, with extreme rays R_b (generators). On Λ = {λ ≥ 0 on (b, ρ ∈ R_b) : Σ λ_{b,ρ} s_b(X̄ρ)_+ = y} the cost
/// F(λ) = Σ_b Σ_j (Σ_ρ λ_{b,ρ}|ρ_j|)^p is concave and bounded below, Λ has no lines and contains a point representing
/// the minimiser, so F attains its minimum over Λ at a vertex (Rockafellar, Cor. 32.3.4); a vertex's positive columns
/// are independent generators grouped by b: a candidate, costing at most the minimum, so exactly the minimum. The
/// minimiser lies in the relative interior of a face of Λ on which F is minimal, hence constant; strict concavity of
/// t^p makes every linear form Σ_ρ λ_{b,ρ}|ρ_j| constant on it, so that face's vertex has the minimiser's neurons and
/// parameter count.</para>
/// <para><b>Exhaustiveness.</b> Every subset of an independent set is independent, so the depth-first search over
/// generators in index order, extending only independent sets, reaches every independent set. At a set S the search
/// first asks whether y ∈ span S: if so, S is a candidate exactly when its unique weights are all positive, and no
/// superset can be one (its unique weights extend S's by zeros), so the branch ends. With S of size N − 1 its extensions
/// are scanned through the cofactors of S (det[S | g] and Cramer's numerators are dot products with g). Signs of
/// determinants are decided in floating point with a rigorous error bound (<see cref="BoundedFloat"/>) and, when that
/// bound leaves a sign open, in exact rational arithmetic; weights of candidates are always solved exactly. The work
/// grows like the number of independent sets, C(#generators, N − 1): use it on N ≤ 5 (d = 2) or N ≤ 4 (d = 3).</para>
/// </remarks>
public static class BasicSolutionEnumeration
{
    /// <summary>Sets visited per second and core on the reference machine (measured 0.6–1.6·10^6 on random 3-decimal data).</summary>
    private const double SetsPerSecond = 9e5;

    /// <summary>A rough forecast of the enumeration's time on this kind of machine: about G·C(G, N − 1)/5 sets for G
    /// generators (measured within a factor 1.5 at N = 4, 5 in d = 2, 3); +∞ beyond N = 8 (not even the generators are
    /// built). Used to decide whether to try the enumeration before the branch and bound.</summary>
    public static double EstimatedSeconds(Dataset data)
    {
        if (data.Count > 8 || data.Dimension < 2) return double.PositiveInfinity;
        // The generators come from C(N + d + 1, d) choices of hyperplanes; when there are that many, the enumeration is
        // hopeless anyway (each choice gives up to 4 generators and the search is at least quadratic in them), so the
        // forecast does not build them. Otherwise they are built under a short deadline.
        double choices = 1;
        for (int i = 0; i < data.Dimension; i++) choices *= (double)(data.Count + data.Dimension + 1 - i) / (i + 1);
        if (choices > MaxForecastChoices) return double.PositiveInfinity;
        var clock = Stopwatch.StartNew();
        int g;
        try { g = new ArrangementGenerators(data, () => clock.Elapsed.TotalSeconds > ForecastSeconds).All.Count; }
        catch (OperationCanceledException) { return double.PositiveInfinity; }
        double sets = g / 5.0;
        for (int i = 0; i < data.Count - 1; i++) sets *= (double)(g - i) / (i + 1);
        return sets / SetsPerSecond / Math.Max(1, Environment.ProcessorCount);
    }

    /// <summary>Beyond this many hyperplane choices the forecast is +∞ without building the generators.</summary>
    private const double MaxForecastChoices = 20_000;

    /// <summary>The forecast's own time limit (building the generators); +∞ when it runs out.</summary>
    private const double ForecastSeconds = 1.0;

    /// <summary>The default cap on candidates (each holds exact weights and magnitudes, about 0.7 KB: 1.7 GB at the cap).</summary>
    public const int DefaultMaxCandidates = 2_500_000;

    /// <summary>Enumerates within <paramref name="timeLimitSeconds"/> (and at most <paramref name="maxCandidates"/>
    /// candidates); incomplete otherwise, never wrong.</summary>
    public static VertexEnumerationResult Enumerate(Dataset data, double timeLimitSeconds, int maxCandidates = DefaultMaxCandidates,
        CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        bool Stop() => cancellation.IsCancellationRequested || clock.Elapsed.TotalSeconds > timeLimitSeconds;
        ArrangementGenerators arrangement;
        try { arrangement = new ArrangementGenerators(data, Stop); }
        catch (OperationCanceledException)
        {
            return new VertexEnumerationResult(false, [], 0, 0, 0, 0, clock.Elapsed.TotalSeconds, "time ran out while building the generators");
        }
        // One search per first generator, in parallel (the subtrees are disjoint: sets are visited in index order); the
        // candidates are concatenated in the order of the first generator, so the result does not depend on the threads.
        var searches = new Search[arrangement.All.Count];
        int found = 0;
        Parallel.For(0, searches.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, first =>
        {
            var search = new Search(arrangement, Stop, first, () => Interlocked.Increment(ref found) <= maxCandidates);
            search.Run();
            searches[first] = search;
        });
        string? incomplete = searches.Select(s => s.Stopped).FirstOrDefault(s => s is not null);
        return new VertexEnumerationResult(incomplete is null, searches.SelectMany(s => s.Found).ToList(), arrangement.All.Count,
            searches.Sum(s => s.Sets), searches.Sum(s => s.Vertices), searches.Sum(s => s.ExactDecisions), clock.Elapsed.TotalSeconds,
            incomplete) { Arrangement = arrangement };
    }

    internal static ShallowReluNetwork ToNetwork(ArrangementGenerators a, VertexCandidate c)
    {
        var neurons = new List<Neuron>();
        foreach (var group in Enumerable.Range(0, c.Generators.Length).GroupBy(t => c.Neuron[t]))
        {
            var w = Weight(a, c, group);
            int sign = a.All[c.Generators[group.First()]].OutputSign;
            neurons.Add(new Neuron(w[..^1], w[^1], Rational.FromInteger(sign)));
        }
        return new ShallowReluNetwork(a.Width - 1, neurons, null);
    }

    /// <summary>w = Σ_{t in group} μ_t ρ_t / (c_t · ỹscale), scaled back to x̄ (× column scale).</summary>
    private static Rational[] Weight(ArrangementGenerators a, VertexCandidate c, IEnumerable<int> group)
    {
        var w = Enumerable.Repeat(Rational.Zero, a.Width).ToArray();
        foreach (int t in group)
        {
            var g = a.All[c.Generators[t]];
            var factor = c.Weights[t] / Rational.FromInteger(g.Scale * a.LabelScale);
            for (int j = 0; j < a.Width; j++)
                if (!g.Ray[j].IsZero) w[j] += factor * Rational.FromInteger(g.Ray[j] * a.ColumnScale[j]);
        }
        return w;
    }

    /// <summary>The depth-first search over the sets whose first (smallest) generator is <paramref name="first"/>;
    /// <paramref name="admit"/> is asked before each candidate is kept (the shared cap on candidates).</summary>
    private sealed class Search(ArrangementGenerators a, Func<bool> stop, int first, Func<bool> admit)
    {
        private readonly int _n = a.Points;
        private readonly IReadOnlyList<Generator> _g = a.All;
        private readonly int[] _chosen = new int[a.Points];
        /// <summary>Per depth k: k rows on which the chosen k outputs have a proven nonzero determinant.</summary>
        private readonly int[][] _rows = Enumerable.Range(0, a.Points + 1).Select(k => new int[k]).ToArray();
        /// <summary>How many chosen generators have each output pattern.</summary>
        private readonly int[] _perPattern = new int[a.Patterns];
        /// <summary>Exact echelon rows of the chosen outputs (row t: output t reduced by rows 0..t−1, scaled to 1 at its pivot),
        /// valid for the first <see cref="_echelonValid"/> chosen generators; built only when a sign is left open.</summary>
        private readonly Rational[][] _echelon = new Rational[a.Points][];
        private readonly int[] _pivot = new int[a.Points];
        private int _echelonValid;
        private readonly Rational[] _labels = a.Labels.Select(Rational.FromInteger).ToArray();
        public List<VertexCandidate> Found { get; } = [];
        public long Sets, Vertices, ExactDecisions;
        private string? _stopped;
        public string? Stopped => _stopped;

        public void Run()
        {
            if (stop()) { _stopped = "the time limit ran out during the vertex enumeration"; return; }
            Sets++;
            if (PatternFull(first)) return;
            Choose(0, first);
            if (FindIndependentRow(0, first) is not int row) return;
            _rows[1][0] = row;
            _perPattern[_g[first].Pattern]++;
            Visit(1, first);
        }

        private BoundedFloat Entry(int row, int column) =>
            column < 0 ? a.LabelsFloat[row] : _g[column].OutputFloat[row];

        private void Visit(int k, int last)
        {
            if (_stopped is not null) return;
            if ((++Sets & 255) == 0 && stop()) { _stopped = "the time limit ran out during the vertex enumeration"; return; }
            if (k > 0 && LabelsInSpan(k))
            {
                TryRecord(k);
                return;
            }
            if (k == _n) return; // unreachable: N independent outputs span R^N
            if (k == _n - 1) { ScanLast(last); return; }
            _depth = k;
            for (int g = last + 1; g < _g.Count && _stopped is null; g++)
            {
                if (PatternFull(g)) continue;
                Choose(k, g);
                if (FindIndependentRow(k, g) is not int row) continue;
                _rows[k].CopyTo(_rows[k + 1], 0);
                _rows[k + 1][k] = row;
                _perPattern[_g[g].Pattern]++;
                Visit(k + 1, g);
                _perPattern[_g[g].Pattern]--;
                _depth = k;
            }
        }

        /// <summary>The number of generators chosen below the one being tried.</summary>
        private int _depth;

        private void Choose(int k, int g)
        {
            _chosen[k] = g;
            _echelonValid = Math.Min(_echelonValid, k);
        }

        /// <summary>v reduced exactly by the echelon rows of the first k chosen outputs (built as needed): zero exactly
        /// when v lies in their span.</summary>
        private Rational[] Residual(int k, Rational[] v)
        {
            for (; _echelonValid < k; _echelonValid++)
            {
                int t = _echelonValid;
                var row = Reduce(t, _g[_chosen[t]].Output.Select(Rational.FromInteger).ToArray());
                int pivot = Array.FindIndex(row, x => !x.IsZero);
                if (pivot < 0) throw new InvalidOperationException("the vertex enumeration chose dependent outputs: a defect");
                var inv = row[pivot].Reciprocal();
                for (int i = 0; i < row.Length; i++) if (!row[i].IsZero) row[i] *= inv;
                _echelon[t] = row;
                _pivot[t] = pivot;
            }
            return Reduce(k, v);
        }

        private Rational[] Reduce(int k, Rational[] v)
        {
            for (int t = 0; t < k; t++)
            {
                var f = v[_pivot[t]];
                if (f.IsZero) continue;
                var row = _echelon[t];
                for (int i = 0; i < v.Length; i++) if (!row[i].IsZero) v[i] -= f * row[i];
            }
            return v;
        }

        private bool InSpan(int k, Rational[] v) => Residual(k, v).All(x => x.IsZero);

        private bool InSpan(int k, int g) => InSpan(k, _g[g].Output.Select(Rational.FromInteger).ToArray());

        /// <summary>Proven dependence without arithmetic: the outputs of one pattern lie in the span of its points' lifted
        /// inputs (restricted to those points), of dimension <see cref="Generator.PatternRank"/>.</summary>
        /// <summary>Also: a generator whose ray is already chosen (its output is ± one already chosen), and k + 1 outputs
        /// supported on fewer than k + 1 points.</summary>
        private bool PatternFull(int g)
        {
            var gen = _g[g];
            if (_perPattern[gen.Pattern] >= gen.PatternRank) return true;
            ulong support = gen.Support;
            for (int t = 0; t < _depth; t++)
            {
                var other = _g[_chosen[t]];
                if (ReferenceEquals(other.Ray, gen.Ray)) return true;
                support |= other.Support;
            }
            return BitOperations.PopCount(support) < _depth + 1;
        }

        /// <summary>A row i outside _rows[k] with det(chosen[0..k] on _rows[k] ∪ {i}) ≠ 0 (so the k + 1 outputs are
        /// independent), or null when they are dependent.</summary>
        private int? FindIndependentRow(int k, int g)
        {
            Span<int> rows = stackalloc int[k + 1];
            Span<int> cols = stackalloc int[k + 1];
            _rows[k].CopyTo(rows);
            for (int t = 0; t <= k; t++) cols[t] = _chosen[t];
            for (int i = 0; i < _n; i++)
            {
                if (Contains(_rows[k], i)) continue;
                rows[k] = i;
                if (BoundedFloat.Determinant(Entry, rows, cols).Sign != 0) return i;
            }
            ExactDecisions++;
            if (InSpan(k, g)) return null;
            for (int i = 0; i < _n; i++)
            {
                if (Contains(_rows[k], i)) continue;
                rows[k] = i;
                if (!ExactDeterminant(rows, cols).IsZero) return i;
            }
            throw new InvalidOperationException("independent outputs without a nonzero bordered minor: a defect");
        }

        /// <summary>Is y in the span of the k chosen outputs? Proven "no" by a nonzero bordered determinant; "yes" only exactly.</summary>
        private bool LabelsInSpan(int k)
        {
            if (k == _n) return true;
            Span<int> rows = stackalloc int[k + 1];
            Span<int> cols = stackalloc int[k + 1];
            _rows[k].CopyTo(rows);
            for (int t = 0; t < k; t++) cols[t] = _chosen[t];
            cols[k] = -1;
            for (int i = 0; i < _n; i++)
            {
                if (Contains(_rows[k], i)) continue;
                rows[k] = i;
                if (BoundedFloat.Determinant(Entry, rows, cols).Sign != 0) return false;
            }
            ExactDecisions++;
            return InSpan(k, (Rational[])_labels.Clone());
        }

        /// <summary>S = chosen[0..N−2] with y ∉ span S: every extension g is a square basis; its determinant and Cramer's
        /// numerators are dot products of g with cofactor vectors of S and of S with one column replaced by y.</summary>
        private void ScanLast(int last)
        {
            int n = _n, k = n - 1;
            // cof[j][i]: cofactor (row i, last column) of [S_j | ·], where S_j is S with column j replaced by y (j = k: S itself).
            var cof = new BoundedFloat[k + 1][];
            Span<int> cols = stackalloc int[k];
            Span<int> rows = stackalloc int[k];
            for (int j = 0; j <= k; j++)
            {
                cof[j] = new BoundedFloat[n];
                for (int t = 0; t < k; t++) cols[t] = t == j ? -1 : _chosen[t];
                for (int i = 0; i < n; i++)
                {
                    for (int r = 0, q = 0; r < n; r++) if (r != i) rows[q++] = r;
                    var minor = BoundedFloat.Determinant(Entry, rows, cols);
                    cof[j][i] = ((i + k) & 1) == 0 ? minor : -minor;
                }
            }
            // Cramer numerator of the new column: det[S | y] (nonzero: y ∉ span S).
            var yNumerator = Dot(cof[k], a.LabelsFloat);
            _depth = k;
            for (int g = last + 1; g < _g.Count; g++)
            {
                if ((++Sets & 1023) == 0 && stop()) { _stopped = "the time limit ran out during the vertex enumeration"; return; }
                if (PatternFull(g)) continue;
                Choose(k, g);
                var output = _g[g].OutputFloat;
                int det = Dot(cof[k], output).Sign;
                if (det == 0)
                {
                    ExactDecisions++;
                    if (InSpan(k, g)) continue; // dependent
                    det = ExactFullDeterminant().Sign;
                }
                // λ_j ∝ det[S_j | g] for j < k, λ_k ∝ det[S | y]; all must have det's sign.
                bool undecided = false, negative = false;
                for (int j = 0; j <= k && !negative; j++)
                {
                    int s = j == k ? yNumerator.Sign : Dot(cof[j], output).Sign;
                    if (s == 0) undecided = true;
                    else if (s != det) negative = true;
                }
                if (negative) continue;
                if (undecided) ExactDecisions++;
                TryRecord(n);
                if (_stopped is not null) return;
            }
        }

        private static BoundedFloat Dot(BoundedFloat[] a, BoundedFloat[] b)
        {
            var s = BoundedFloat.Exact(0);
            for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
            return s;
        }

        /// <summary>Solves Σ μ_t output_t = ỹ exactly for the k chosen generators (independent, y in their span) and
        /// records every compatible grouping when all μ &gt; 0.</summary>
        private void TryRecord(int k)
        {
            var columns = new Rational[k][];
            for (int t = 0; t < k; t++) columns[t] = _g[_chosen[t]].Output.Select(Rational.FromInteger).ToArray();
            var mu = ExactLinearAlgebra.Solve(columns, a.Labels.Select(Rational.FromInteger).ToArray());
            if (mu is null) throw new InvalidOperationException("the vertex enumeration lost y ∈ span S: a defect");
            if (mu.Any(v => v.Sign <= 0)) return;
            Vertices++;
            var generators = _chosen[..k];
            var neuron = new int[k];
            Group(generators, mu, neuron, 0, 0);
        }

        private void Group(int[] generators, Rational[] mu, int[] neuron, int t, int groups)
        {
            if (_stopped is not null) return;
            if (t == generators.Length)
            {
                if (!admit()) { _stopped = "too many candidates"; return; }
                var c = new VertexCandidate(generators, mu, (int[])neuron.Clone(), []);
                Found.Add(new VertexCandidate(generators, mu, c.Neuron, Magnitudes(c)));
                return;
            }
            for (int grp = 0; grp <= groups; grp++)
            {
                bool ok = true;
                for (int u = 0; u < t && ok; u++)
                    if (neuron[u] == grp && !_g[generators[u]].CompatibleWith(_g[generators[t]])) ok = false;
                if (!ok) continue;
                neuron[t] = grp;
                Group(generators, mu, neuron, t + 1, grp == groups ? groups + 1 : groups);
            }
        }

        private Rational[] Magnitudes(VertexCandidate c)
        {
            var result = new List<Rational>();
            foreach (var group in Enumerable.Range(0, c.Generators.Length).GroupBy(t => c.Neuron[t]))
                foreach (var v in Weight(a, c, group))
                    if (!v.IsZero) result.Add(v.Abs());
            return result.ToArray();
        }

        private BigInteger ExactDeterminant(ReadOnlySpan<int> rows, ReadOnlySpan<int> cols)
        {
            var m = new BigInteger[rows.Length][];
            for (int r = 0; r < rows.Length; r++)
            {
                m[r] = new BigInteger[cols.Length];
                for (int c = 0; c < cols.Length; c++) m[r][c] = cols[c] < 0 ? a.Labels[rows[r]] : _g[cols[c]].Output[rows[r]];
            }
            return ExactLinearAlgebra.IntegerDeterminant(m);
        }

        /// <summary>det of the N chosen outputs.</summary>
        private BigInteger ExactFullDeterminant()
        {
            Span<int> rows = stackalloc int[_n];
            Span<int> cols = stackalloc int[_n];
            for (int i = 0; i < _n; i++) { rows[i] = i; cols[i] = _chosen[i]; }
            return ExactDeterminant(rows, cols);
        }

        private static bool Contains(int[] set, int v)
        {
            foreach (int s in set) if (s == v) return true;
            return false;
        }
    }
}
