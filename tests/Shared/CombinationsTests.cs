using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Shared;

public class CombinationsTests
{
    /// <summary>C(n, k) distinct increasing subsets in lexicographic order, for every 0 ≤ k ≤ n ≤ 7; none outside.</summary>
    [Fact]
    public void SubsetsAreTheBinomialManyIncreasingSetsInOrder()
    {
        for (int n = 0; n <= 7; n++)
            for (int k = -1; k <= n + 1; k++)
            {
                var all = Combinations.Subsets(n, k).ToList();
                long expected = k < 0 || k > n ? 0 : Binomial(n, k);
                Assert.Equal(expected, all.Count);
                Assert.All(all, s => Assert.True(s.Length == k && s.Zip(s.Skip(1)).All(t => t.First < t.Second) && s.All(i => i >= 0 && i < n)));
                var keys = all.Select(s => string.Join(",", s.Select(i => i.ToString("D2")))).ToList();
                Assert.Equal(keys.Distinct().Count(), keys.Count);
                Assert.Equal(keys.OrderBy(x => x, StringComparer.Ordinal), keys);
            }
    }

    private static long Binomial(int n, int k) => k == 0 ? 1 : Binomial(n - 1, k - 1) * n / k;
}
