using Verifier.Shared.Numbers;

namespace Verifier.Reformulation;

/// <summary>
/// Exact counts of the regions of the central hyperplane arrangement {u : x̄_i·u = 0} in R^{d+1}, whose regions
/// are exactly the activation patterns (every pattern is attained on an open region, because x̄_i·e_{d+1} = 1 &gt; 0
/// lets any boundary point be pushed into the open region on the ≥ side).
/// </summary>
public static class ArrangementRegions
{
    /// <summary>
    /// Zaslavsky's theorem: r = Σ_{S ⊆ H} (−1)^{|S| − rank S}. Subsets are enumerated depth-first; once S has
    /// the full rank R of all normals, S together with its supersets among later normals contributes
    /// (−1)^{|S|−R} if there are no later normals and 0 otherwise, so only subsets of rank &lt; R are visited.
    /// Linearly independent normals (R = N) give every sign vector, 2^N regions, without the enumeration.
    /// <paramref name="cancellation"/> is checked throughout (the sum has up to 2^N terms).
    /// </summary>
    public static long Count(Rational[][] normals, int dimension, CancellationToken cancellation = default)
    {
        int n = normals.Length;
        int fullRank = ExactLinearAlgebra.Rank(normals, dimension);
        if (fullRank == n && n < 63) return 1L << n;
        long total = 1; // S = ∅: rank 0
        void Visit(int next, int size, ExactLinearAlgebra.RankTracker tracker)
        {
            for (int i = next; i < n; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                var t = tracker.Clone();
                t.TryAdd(normals[i]);
                int s = size + 1;
                int sign = ((s - t.Rank) & 1) == 0 ? 1 : -1;
                if (t.Rank == fullRank)
                {
                    if (i == n - 1) total += sign;
                    continue;
                }
                total += sign;
                Visit(i + 1, s, t);
            }
        }
        if (fullRank > 0) Visit(0, 0, new ExactLinearAlgebra.RankTracker(dimension));
        return total;
    }

    /// <summary>Cover's bound 2 Σ_{k=0}^{d} C(N−1, k) on the number of patterns of N points in R^d, with equality in
    /// general position.</summary>
    public static long CoverBound(int n, int d)
    {
        long sum = 0, binom = 1; // C(N−1, 0)
        for (int k = 0; k <= d && k <= n - 1; k++)
        {
            sum += binom;
            binom = binom * (n - 1 - k) / (k + 1);
        }
        return 2 * sum;
    }
}
