using System.Numerics;
using Verifier.Shared.Numbers;

namespace Verifier.Tests.Continuous.GlobalLp;

// Part of the independent ℓ^p oracle (IndependentLpOracle.cs; own code, sharing none with src/Continuous or src/Reformulation):
// exact linear algebra — Gaussian elimination over Rational, Bareiss over BigInteger.
public static partial class IndependentLpOracle
{
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
