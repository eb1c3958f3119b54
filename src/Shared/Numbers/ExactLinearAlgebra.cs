using System.Numerics;

namespace Verifier.Shared.Numbers;

/// <summary>
/// Small dense linear algebra over <see cref="Rational"/>: rank, null vectors, and consistent solves, by
/// Gaussian elimination. Used to certify (patterns, rays, basic solutions), so everything is exact.
/// </summary>
public static class ExactLinearAlgebra
{
    /// <summary>The exact dot product Σ_k a_k b_k (zero terms skipped).</summary>
    public static Rational Dot(ReadOnlySpan<Rational> a, ReadOnlySpan<Rational> b)
    {
        Rational s = Rational.Zero;
        for (int k = 0; k < a.Length; k++) if (!a[k].IsZero && !b[k].IsZero) s += a[k] * b[k];
        return s;
    }

    /// <summary>Fraction-free (Bareiss) determinant of a square integer matrix, exact, in O(n³) operations on integers no
    /// larger than its minors. The matrix is copied, not modified.</summary>
    public static BigInteger IntegerDeterminant(BigInteger[][] matrix)
    {
        int size = matrix.Length;
        if (size == 0) return BigInteger.One;
        var m = matrix.Select(r => (BigInteger[])r.Clone()).ToArray();
        int sign = 1;
        var previous = BigInteger.One;
        for (int k = 0; k < size - 1; k++)
        {
            if (m[k][k].IsZero)
            {
                int swap = Array.FindIndex(m, k + 1, r => !r[k].IsZero);
                if (swap < 0) return BigInteger.Zero;
                (m[k], m[swap]) = (m[swap], m[k]);
                sign = -sign;
            }
            for (int i = k + 1; i < size; i++)
                for (int j = k + 1; j < size; j++)
                    m[i][j] = (m[i][j] * m[k][k] - m[i][k] * m[k][j]) / previous;
            previous = m[k][k];
        }
        return sign * m[size - 1][size - 1];
    }

    /// <summary>Reduced row echelon form in place; returns the pivot column of each nonzero row.</summary>
    public static List<int> RowReduce(Rational[][] rows, int columns)
    {
        var pivots = new List<int>();
        int r = 0;
        for (int c = 0; c < columns && r < rows.Length; c++)
        {
            int pivot = -1;
            for (int i = r; i < rows.Length; i++) if (!rows[i][c].IsZero) { pivot = i; break; }
            if (pivot < 0) continue;
            (rows[r], rows[pivot]) = (rows[pivot], rows[r]);
            var inv = rows[r][c].Reciprocal();
            for (int k = c; k < columns; k++) rows[r][k] *= inv;
            for (int i = 0; i < rows.Length; i++)
            {
                if (i == r || rows[i][c].IsZero) continue;
                var f = rows[i][c];
                for (int k = c; k < columns; k++) rows[i][k] -= f * rows[r][k];
            }
            pivots.Add(c);
            r++;
        }
        return pivots;
    }

    public static int Rank(IEnumerable<Rational[]> vectors, int columns)
    {
        var rows = vectors.Select(v => (Rational[])v.Clone()).ToArray();
        return RowReduce(rows, columns).Count;
    }

    /// <summary>A basis of the null space {z : A z = 0} of the given rows (each of length <paramref name="columns"/>).</summary>
    public static List<Rational[]> NullSpace(IEnumerable<Rational[]> rowsIn, int columns)
    {
        var rows = rowsIn.Select(v => (Rational[])v.Clone()).ToArray();
        var pivots = RowReduce(rows, columns);
        var basis = new List<Rational[]>();
        var isPivot = new bool[columns];
        foreach (var p in pivots) isPivot[p] = true;
        for (int free = 0; free < columns; free++)
        {
            if (isPivot[free]) continue;
            var z = new Rational[columns];
            z[free] = Rational.One;
            for (int r = 0; r < pivots.Count; r++) z[pivots[r]] = -rows[r][free];
            basis.Add(z);
        }
        return basis;
    }

    /// <summary>A solution of A x = b (free variables set to zero), or null when the system is inconsistent.
    /// A is given by its columns (each of length m).</summary>
    public static Rational[]? Solve(IReadOnlyList<Rational[]> columnsOfA, IReadOnlyList<Rational> b) =>
        Solve(columnsOfA, b, null);

    /// <summary>A solution of A x = b in which every free variable takes its value from <paramref name="freeValues"/>
    /// (zero when null), or null when the system is inconsistent. A is given by its columns (each of length m).</summary>
    public static Rational[]? Solve(IReadOnlyList<Rational[]> columnsOfA, IReadOnlyList<Rational> b, IReadOnlyList<Rational>? freeValues)
    {
        int m = b.Count, n = columnsOfA.Count;
        var rows = new Rational[m][];
        for (int i = 0; i < m; i++)
        {
            rows[i] = new Rational[n + 1];
            for (int j = 0; j < n; j++) rows[i][j] = columnsOfA[j][i];
            rows[i][n] = b[i];
        }
        var pivots = RowReduce(rows, n + 1);
        if (pivots.Count > 0 && pivots[^1] == n) return null; // a row 0 = nonzero
        var x = new Rational[n];
        var isPivot = new bool[n];
        foreach (var p in pivots) isPivot[p] = true;
        if (freeValues is not null)
            for (int j = 0; j < n; j++) if (!isPivot[j]) x[j] = freeValues[j];
        for (int r = 0; r < pivots.Count; r++)
        {
            Rational v = rows[r][n];
            if (freeValues is not null)
                for (int j = pivots[r] + 1; j < n; j++)
                    if (!isPivot[j] && !rows[r][j].IsZero && !x[j].IsZero) v -= rows[r][j] * x[j];
            x[pivots[r]] = v;
        }
        return x;
    }

    /// <summary>Incremental rank: keeps an echelon basis and says whether a new vector is independent.</summary>
    public sealed class RankTracker(int columns)
    {
        private readonly List<(int Pivot, Rational[] Row)> _basis = [];
        public int Rank => _basis.Count;

        /// <summary>Adds v if independent of the current basis; returns whether it was.</summary>
        public bool TryAdd(ReadOnlySpan<Rational> v)
        {
            var w = v.ToArray();
            foreach (var (pivot, row) in _basis)
            {
                if (w[pivot].IsZero) continue;
                var f = w[pivot];
                for (int k = 0; k < columns; k++) if (!row[k].IsZero) w[k] -= f * row[k];
            }
            int p = Array.FindIndex(w, x => !x.IsZero);
            if (p < 0) return false;
            var inv = w[p].Reciprocal();
            for (int k = 0; k < columns; k++) w[k] *= inv;
            // Keep the basis reduced at the new pivot so later reductions stay one pass.
            for (int b = 0; b < _basis.Count; b++)
            {
                var (pb, rb) = _basis[b];
                if (rb[p].IsZero) continue;
                var f = rb[p];
                for (int k = 0; k < columns; k++) rb[k] -= f * w[k];
            }
            _basis.Add((p, w));
            return true;
        }

        public RankTracker Clone()
        {
            var t = new RankTracker(columns);
            foreach (var (p, r) in _basis) t._basis.Add((p, (Rational[])r.Clone()));
            return t;
        }
    }
}
