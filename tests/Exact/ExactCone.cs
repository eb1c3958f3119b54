using System.Numerics;
using Verifier.Exact.Problems;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Tests.Exact;

/// <summary>
/// Exact cone membership: is y = Σ λ_j g_j for some λ ≥ 0? Phase 1 of the simplex method in rational arithmetic
/// with Bland's rule (finite). The answer carries its own certificate, re-checked exactly before returning: λ ≥ 0
/// with G λ = y, or a Farkas vector u with uᵀg_j ≥ 0 for all j and uᵀy &lt; 0.
/// </summary>
public static class ExactCone
{
    public sealed record Verdict(Rational[]? Lambda, Rational[]? Farkas);

    public static Verdict Decide(IReadOnlyList<Rational[]> generators, Rational[] y)
    {
        int m = y.Length, n = generators.Count;
        var flip = y.Select(v => v.Sign < 0 ? -1 : 1).ToArray();
        // Tableau rows: [A | I | b] with rows flipped so b ≥ 0; columns 0..n−1 structural, n..n+m−1 artificial.
        int width = n + m + 1;
        var t = new Rational[m][];
        for (int i = 0; i < m; i++)
        {
            t[i] = new Rational[width];
            for (int j = 0; j < n; j++) t[i][j] = flip[i] * generators[j][i];
            t[i][n + i] = Rational.One;
            t[i][width - 1] = flip[i] * y[i];
        }
        var basis = Enumerable.Range(n, m).ToArray();
        // Reduced costs of min Σ artificials: r_j = c_j − Σ_i t_ij (all basic costs are 1).
        var r = new Rational[width];
        for (int j = 0; j < width; j++)
        {
            Rational s = j >= n && j < n + m ? Rational.One : Rational.Zero;
            for (int i = 0; i < m; i++) s -= t[i][j];
            r[j] = s; // r[width − 1] = −(objective value)
        }
        while (true)
        {
            int enter = -1;
            for (int j = 0; j < n + m; j++) if (r[j].Sign < 0) { enter = j; break; }
            if (enter < 0) break;
            int leave = -1;
            Rational bestRatio = default;
            for (int i = 0; i < m; i++)
            {
                if (t[i][enter].Sign <= 0) continue;
                var ratio = t[i][width - 1] / t[i][enter];
                if (leave < 0 || ratio < bestRatio || (ratio == bestRatio && basis[i] < basis[leave])) { leave = i; bestRatio = ratio; }
            }
            if (leave < 0) throw new InvalidOperationException("phase 1 is bounded below by 0; an unbounded ray is a bug");
            Pivot(t, r, leave, enter);
            basis[leave] = enter;
        }
        if (r[width - 1].IsZero)
        {
            var lambda = new Rational[n];
            for (int i = 0; i < m; i++) if (basis[i] < n) lambda[basis[i]] = t[i][width - 1];
            for (int i = 0; i < m; i++)
            {
                Rational s = Rational.Zero;
                for (int j = 0; j < n; j++) s += lambda[j] * generators[j][i];
                if (s != y[i] || lambda.Any(v => v.Sign < 0)) throw new InvalidOperationException("simplex returned a wrong λ");
            }
            return new Verdict(lambda, null);
        }
        // Dual of phase 1: π_i = 1 − r_{n+i}, with πᵀA ≤ 0 and πᵀb > 0; u = −π, un-flipped.
        var u = new Rational[m];
        for (int i = 0; i < m; i++) u[i] = flip[i] * -(Rational.One - r[n + i]);
        if (IndependentBruteForce.Dot(u, y).Sign >= 0 || generators.Any(g => IndependentBruteForce.Dot(u, g).Sign < 0))
            throw new InvalidOperationException("simplex returned a wrong Farkas vector");
        return new Verdict(null, u);
    }

    private static void Pivot(Rational[][] t, Rational[] r, int row, int col)
    {
        int width = r.Length;
        var inv = t[row][col].Reciprocal();
        for (int k = 0; k < width; k++) if (!t[row][k].IsZero) t[row][k] *= inv;
        for (int i = 0; i < t.Length; i++)
        {
            if (i == row || t[i][col].IsZero) continue;
            var f = t[i][col];
            for (int k = 0; k < width; k++) if (!t[row][k].IsZero) t[i][k] -= f * t[row][k];
        }
        if (!r[col].IsZero)
        {
            var f = r[col];
            for (int k = 0; k < width; k++) if (!t[row][k].IsZero) r[k] -= f * t[row][k];
        }
    }
}
