using Verifier.Shared.Data;
using Verifier.Shared.Numbers;

namespace Verifier.Tests.Continuous.GlobalLp;

/// <summary>
/// A second, more naive exhaustive method for the ℓ^p minimum (paper (8)), built differently from
/// <see cref="IndependentLpOracle"/> to cross-check it on N ≤ 3: the basic solutions of the Lemma 4.1 reformulation,
/// enumerated block by block in exact rationals, with no rays, no floating-point filter and no grouping logic.
/// </summary>
/// <remarks>
/// Blocks are all pairs (D, s) with D ⊆ [N] nonempty (realisable or not: for z in the cone (2D − I)X̄z ≥ 0 the block's
/// output s·D X̄ z is s (X̄z)_+ either way, so extra sets only add feasible points) and s = ±1; block b holds
/// z_b ∈ R^{d+1}. The feasible set P = {cone constraints, Σ_b s_b D_b X̄ z_b = y} meets each orthant in a polyhedron
/// without lines on which Σ‖z_b‖_p^p is concave, so the minimum is attained at a vertex. At a vertex z, with
/// T_b = supp z_b and I_b the rows with x̄_i·z_b = 0, the only direction keeping every active constraint active is 0:
/// the output map is injective on ⊕_b L_b, L_b = {δ : supp δ ⊆ T_b, x̄_i·δ = 0 (i ∈ I_b)}, and z is the unique
/// solution there. The search chooses, for distinct blocks, a subspace L_b (given by T_b and independent rows I_b,
/// deduplicated), requires injectivity (Σ dim L_b ≤ N), solves Σ_b s_b D_b X̄ z_b = y exactly and keeps the solution
/// if every z_b satisfies its cone constraints. Each kept point is feasible and every vertex is kept.
/// Cost: C(#subspaces, ≤ N) exact solves — fine for N ≤ 2 and small N = 3, too slow beyond.
/// </remarks>
public static class BlockVertexEnumeration
{
    private sealed record Atom(int D, int S, int Dim, Rational[][] Basis, Rational[][] Outputs);

    /// <summary>For each p: the minimum value and the parameter-count range of the basic solutions attaining it
    /// (relative 1e-12). One enumeration serves every p.</summary>
    public static (double Value, int MinParameters, int MaxParameters)[] Minima(Dataset data, params double[] ps)
    {
        int n = data.Count, m = data.Dimension + 1;
        if (n > 3) throw new ArgumentException("the block enumeration is for N ≤ 3");
        var x = new Rational[n][];
        for (int i = 0; i < n; i++)
        {
            x[i] = new Rational[m];
            for (int j = 0; j < m - 1; j++) x[i][j] = data.X(i, j);
            x[i][m - 1] = Rational.One;
        }
        var y = Enumerable.Range(0, n).Select(data.Y).ToArray();
        if (y.All(v => v.IsZero)) return ps.Select(_ => (0.0, 0, 0)).ToArray();

        var subspaces = Subspaces(x, n, m);
        var atoms = new List<Atom>();
        for (int dSet = 1; dSet < 1 << n; dSet++)
            foreach (int s in new[] { 1, -1 })
                foreach (var basis in subspaces)
                {
                    var outputs = basis.Select(b => Enumerable.Range(0, n)
                        .Select(i => (dSet >> i & 1) == 1 ? s * Dot(x[i], b) : Rational.Zero).ToArray()).ToArray();
                    if (Solve(outputs, new Rational[n], out _) is null) continue; // not injective on L
                    atoms.Add(new Atom(dSet, s, basis.Length, basis, outputs));
                }

        var results = new List<(double[] Values, int Parameters)>();
        var chosen = new List<Atom>();
        Search(0, n);
        if (results.Count == 0) throw new InvalidOperationException("no basic solution found: the enumeration is wrong");
        return ps.Select((_, q) =>
        {
            double min = results.Min(r => r.Values[q]);
            var ties = results.Where(r => r.Values[q] <= min * (1 + 1e-12)).ToList();
            return (min, ties.Min(r => r.Parameters), ties.Max(r => r.Parameters));
        }).ToArray();

        void Search(int from, int budget)
        {
            for (int a = from; a < atoms.Count; a++)
            {
                var atom = atoms[a];
                if (atom.Dim > budget || chosen.Any(c => c.D == atom.D && c.S == atom.S)) continue;
                chosen.Add(atom);
                var columns = chosen.SelectMany(c => c.Outputs).ToList();
                var coefficients = Solve(columns, y, out bool consistent);
                if (coefficients is not null) // injective on ⊕ L_b
                {
                    if (consistent) Evaluate(coefficients);
                    Search(a + 1, budget - atom.Dim);
                }
                chosen.RemoveAt(chosen.Count - 1);
            }
        }

        void Evaluate(Rational[] coefficients)
        {
            var values = new double[ps.Length];
            int parameters = 0, offset = 0;
            foreach (var atom in chosen)
            {
                var z = new Rational[m];
                for (int c = 0; c < atom.Dim; c++, offset++)
                    for (int j = 0; j < m; j++) z[j] += coefficients[offset] * atom.Basis[c][j];
                for (int i = 0; i < n; i++)
                {
                    var t = Dot(x[i], z);
                    if ((atom.D >> i & 1) == 1 ? t.Sign < 0 : t.Sign > 0) return; // outside the block's cone
                }
                foreach (var v in z.Where(v => !v.IsZero))
                {
                    for (int q = 0; q < ps.Length; q++) values[q] += Math.Exp(ps[q] * v.LogAbs());
                    parameters++;
                }
            }
            results.Add((values, parameters));
        }
    }

    /// <summary>The distinct subspaces {δ : supp δ ⊆ T, x̄_i·δ = 0 (i ∈ I)} of positive dimension, for every nonempty
    /// T ⊆ [d+1] and every I ⊆ [N] (as a canonical reduced-echelon basis).</summary>
    private static List<Rational[][]> Subspaces(Rational[][] x, int n, int m)
    {
        var seen = new HashSet<string>();
        var result = new List<Rational[][]>();
        for (int t = 1; t < 1 << m; t++)
            for (int rows = 0; rows < 1 << n; rows++)
            {
                var cols = Enumerable.Range(0, m).Where(j => (t >> j & 1) == 1).ToArray();
                var a = Enumerable.Range(0, n).Where(i => (rows >> i & 1) == 1)
                    .Select(i => cols.Select(j => x[i][j]).ToArray()).ToArray();
                var basis = NullSpace(a, cols.Length).Select(v =>
                {
                    var full = new Rational[m];
                    for (int c = 0; c < cols.Length; c++) full[cols[c]] = v[c];
                    return full;
                }).ToArray();
                if (basis.Length == 0) continue;
                if (seen.Add(string.Join(";", basis.Select(b => string.Join(",", b))))) result.Add(basis);
            }
        return result;
    }

    /// <summary>A basis of {v : a v = 0} from the reduced row echelon form (one vector per free column).</summary>
    private static List<Rational[]> NullSpace(Rational[][] a, int width)
    {
        var r = a.Select(row => (Rational[])row.Clone()).ToArray();
        var pivots = new List<int>();
        int row = 0;
        for (int c = 0; c < width && row < r.Length; c++)
        {
            int p = row;
            while (p < r.Length && r[p][c].IsZero) p++;
            if (p == r.Length) continue;
            (r[row], r[p]) = (r[p], r[row]);
            var inv = r[row][c].Reciprocal();
            for (int j = 0; j < width; j++) r[row][j] *= inv;
            for (int i = 0; i < r.Length; i++)
            {
                if (i == row || r[i][c].IsZero) continue;
                var f = r[i][c];
                for (int j = 0; j < width; j++) r[i][j] -= f * r[row][j];
            }
            pivots.Add(c);
            row++;
        }
        var basis = new List<Rational[]>();
        for (int free = 0; free < width; free++)
        {
            if (pivots.Contains(free)) continue;
            var v = new Rational[width];
            v[free] = Rational.One;
            for (int k = 0; k < pivots.Count; k++) v[pivots[k]] = -r[k][free];
            basis.Add(v);
        }
        return basis;
    }

    private static Rational Dot(Rational[] a, Rational[] b)
    {
        var s = Rational.Zero;
        for (int j = 0; j < a.Length; j++) s += a[j] * b[j];
        return s;
    }

    /// <summary>Σ_c μ_c columns[c] = rhs by reduced row echelon form of [columns | rhs] (own code, not the oracle's):
    /// null when the columns are dependent; <paramref name="consistent"/> says whether rhs lies in their span.</summary>
    private static Rational[]? Solve(IReadOnlyList<Rational[]> columns, Rational[] rhs, out bool consistent)
    {
        int n = rhs.Length, k = columns.Count;
        var a = Enumerable.Range(0, n).Select(i => columns.Select(c => c[i]).Append(rhs[i]).ToArray()).ToArray();
        consistent = false;
        for (int c = 0; c < k; c++)
        {
            int p = c;
            while (p < n && a[p][c].IsZero) p++;
            if (p == n) return null;
            (a[c], a[p]) = (a[p], a[c]);
            var inv = a[c][c].Reciprocal();
            for (int j = 0; j <= k; j++) a[c][j] *= inv;
            for (int i = 0; i < n; i++)
            {
                if (i == c || a[i][c].IsZero) continue;
                var f = a[i][c];
                for (int j = 0; j <= k; j++) a[i][j] -= f * a[c][j];
            }
        }
        consistent = Enumerable.Range(k, n - k).All(i => a[i][k].IsZero);
        return Enumerable.Range(0, k).Select(c => a[c][k]).ToArray();
    }
}
