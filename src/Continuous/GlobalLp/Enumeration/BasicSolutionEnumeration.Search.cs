using System.Numerics;
using Verifier.Shared.Numbers;

namespace Verifier.Continuous.GlobalLp.Enumeration;

public static partial class BasicSolutionEnumeration
{
    /// <summary>The depth-first search over the sets whose first (smallest) generator is <paramref name="first"/>;
    /// <paramref name="admit"/> is asked before each candidate is kept (the shared cap on candidates).</summary>
    private sealed partial class Search(ArrangementGenerators a, Func<bool> stop, int first, Func<bool> admit, bool sharedMinors)
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
        /// <summary>The shared minor tables of the last level (built at its first use, released when the search ends),
        /// used when the constructor's sharedMinors is set (every entry an exact double, <see cref="SharedMinors.Applies"/>).</summary>
        private SharedMinors? _shared;
        private BoundedFloat[][]? _cof;
        private double[][]? _columns;
        public long Sets, Vertices, ExactDecisions;
        private string? _stopped;
        public string? Stopped => _stopped;

        public void Run()
        {
            try { RunSearch(); }
            finally { _shared = null; _cof = null; _columns = null; }
        }

        private void RunSearch()
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
            var cof = _cof ??= Enumerable.Range(0, n).Select(_ => new BoundedFloat[n]).ToArray();
            if (sharedMinors)
            {
                var columns = _columns ??= new double[k][];
                for (int t = 0; t < k; t++) columns[t] = _g[_chosen[t]].OutputValues;
                (_shared ??= new SharedMinors(n)).Cofactors(columns, a.LabelValues, cof);
            }
            else BoundedCofactors(k, cof);
            // Cramer numerator of the new column: det[S | y] (nonzero: y ∉ span S).
            var yNumerator = Dot(cof[k], -1);
            if (yNumerator.ProvenSign == 0) throw new InvalidOperationException("y ∉ span S, yet det[S | y] = 0: a defect");
            _depth = k;
            for (int g = last + 1; g < _g.Count; g++)
            {
                if ((++Sets & 1023) == 0 && stop()) { _stopped = "the time limit ran out during the vertex enumeration"; return; }
                if (PatternFull(g)) continue;
                Choose(k, g);
                int? proven = Dot(cof[k], g).ProvenSign;
                if (proven == 0) continue; // exactly zero: g ∈ span S (S is independent)
                int det;
                if (proven is int sign) det = sign;
                else
                {
                    ExactDecisions++;
                    if (InSpan(k, g)) continue; // dependent
                    det = ExactFullDeterminant().Sign;
                }
                // λ_j ∝ det[S_j | g] for j < k, λ_k ∝ det[S | y]; all must have det's sign (a λ_j proven 0 is not positive).
                bool undecided = false, negative = false;
                for (int j = 0; j <= k && !negative; j++)
                {
                    int? s = (j == k ? yNumerator : Dot(cof[j], g)).ProvenSign;
                    if (s is null) undecided = true;
                    else if (s != det) negative = true;
                }
                if (negative) continue;
                if (undecided) ExactDecisions++;
                TryRecord(n);
                if (_stopped is not null) return;
            }
        }

        /// <summary>cof·(output of generator g), or cof·ỹ for g = −1, with its error bound.</summary>
        private BoundedFloat Dot(BoundedFloat[] cof, int g)
        {
            if (sharedMinors) return SharedMinors.Dot(cof, g < 0 ? a.LabelValues : _g[g].OutputValues);
            var b = g < 0 ? a.LabelsFloat : _g[g].OutputFloat;
            var s = BoundedFloat.Exact(0);
            for (int i = 0; i < cof.Length; i++) s += cof[i] * b[i];
            return s;
        }

        /// <summary>The cofactor vectors by a <see cref="BoundedFloat"/> Laplace expansion per minor (when the entries are
        /// not all exact doubles, or N exceeds <see cref="SharedMinors.MaxPoints"/>).</summary>
        private void BoundedCofactors(int k, BoundedFloat[][] cof)
        {
            Span<int> cols = stackalloc int[k];
            Span<int> rows = stackalloc int[k];
            for (int j = 0; j <= k; j++)
            {
                for (int t = 0; t < k; t++) cols[t] = t == j ? -1 : _chosen[t];
                for (int i = 0; i < _n; i++)
                {
                    for (int r = 0, q = 0; r < _n; r++) if (r != i) rows[q++] = r;
                    var minor = BoundedFloat.Determinant(Entry, rows, cols);
                    cof[j][i] = ((i + k) & 1) == 0 ? minor : -minor;
                }
            }
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
