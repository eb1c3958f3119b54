namespace Verifier.Shared.Numbers;

/// <summary>Enumeration of index subsets.</summary>
public static class Combinations
{
    /// <summary>C(n, k), the number of k-subsets of n elements, in floating point (0 when k &lt; 0 or k &gt; n).</summary>
    public static double Count(int n, int k)
    {
        if (k < 0 || k > n) return 0;
        double c = 1;
        for (int i = 0; i < k; i++) c = c * (n - i) / (i + 1);
        return c;
    }

    /// <summary>The k-subsets of {0, …, n − 1} (none when k &lt; 0 or k &gt; n) as increasing index arrays, in lexicographic order (a fresh array each).</summary>
    public static IEnumerable<int[]> Subsets(int n, int k)
    {
        if (k < 0 || k > n) yield break; // no such subsets (and the index arithmetic below needs k ≤ n)
        var idx = new int[k];
        for (int i = 0; i < k; i++) idx[i] = i;
        while (true)
        {
            yield return (int[])idx.Clone();
            int j = k - 1;
            while (j >= 0 && idx[j] == n - k + j) j--;
            if (j < 0) yield break;
            idx[j]++;
            for (int i = j + 1; i < k; i++) idx[i] = idx[i - 1] + 1;
        }
    }
}
