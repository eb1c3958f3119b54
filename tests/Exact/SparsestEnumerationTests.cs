using Verifier.Continuous.GlobalLp;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Verifier.Tests.Continuous.GlobalLp;
using Xunit;

namespace Verifier.Tests.Exact;

public class SparsestEnumerationTests
{
    private static (SparsestProblem Problem, int K0, ShallowReluNetwork Witness) Solved(Dataset data)
    {
        var problem = SparsestProblem.WithDefaults(data);
        var result = new CombinatorialBendersSolver(new MipOptions(60)).Solve(problem);
        Assert.Equal(SolveStatus.Optimal, result.Status);
        return (problem, result.Objective!.Value, result.Witness!);
    }

    /// <summary>N = 3 points in d = 2 (X̄ invertible): every subset is an activation pattern, so the sparsest
    /// interpolants with k₀ = 3 can be listed by brute force over (pattern, sign, support) choices, exactly, without
    /// patterns, cones or cuts from the library.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void ThreePlanarPointsAgreeWithBruteForce(int seed)
    {
        var data = BendersSolverTests.RandomMilliData(3, 2, 100 + seed);
        var (problem, k0, _) = Solved(data);
        Assert.Equal(3, k0); // the brute force below is written for k0 = N = 3
        var set = SparsestEnumeration.Enumerate(problem, k0, 60);
        Assert.True(set.Complete, set.Proof);
        var expected = BruteForceSparsest(data, k0);
        Assert.True(expected.Count > 1, $"only {expected.Count} sparsest network(s): the comparison would be weak");
        Assert.Equal(expected.Order(StringComparer.Ordinal), set.Networks.Select(SparsityMeasures.ProductKey).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(6, 7)]
    [InlineData(7, 8)]
    public void TheSolversWitnessIsAmongTheEnumeratedNetworks(int n, int seed)
    {
        var data = BendersSolverTests.RandomMilliData(n, 2, seed);
        var (problem, k0, witness) = Solved(data);
        var set = SparsestEnumeration.Enumerate(problem, k0, 60, threads: 2);
        Assert.True(set.Complete, set.Proof);
        var serial = SparsestEnumeration.Enumerate(problem, k0, 60, threads: 1);
        Assert.Equal(serial.Networks.Select(SparsityMeasures.ProductKey).Order(StringComparer.Ordinal), set.Networks.Select(SparsityMeasures.ProductKey).Order(StringComparer.Ordinal));
        Assert.Contains(SparsityMeasures.ProductKey(witness), set.Networks.Select(SparsityMeasures.ProductKey));
        Assert.Equal(set.Networks.Count, set.Networks.Select(SparsityMeasures.ProductKey).Distinct().Count());
        foreach (var net in set.Networks)
        {
            Assert.True(InterpolationCheck.Check(net, data).Interpolates);
            Assert.Equal(k0, SparsityMeasures.NonzeroParameters(net));
        }
    }

    /// <summary>Below Thm 4.1's proven lower end of p* every global minimiser is sparsest, so the independent vertex
    /// oracle's minimum there must be the cheapest enumerated sparsest network's value.</summary>
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void TheCheapestSparsestNetworkIsTheOraclesMinimumAtTinyP(int seed)
    {
        var data = BendersSolverTests.RandomMilliData(4, 2, seed);
        var (problem, k0, _) = Solved(data);
        var set = SparsestEnumeration.Enumerate(problem, k0, 60);
        Assert.True(set.Complete, set.Proof);
        double p = SparsestRegime.LowerEnd(BasicSolutionBounds.Of(data), k0, set.Networks).P / 2; // proven: every minimiser there is sparsest
        Assert.True(p > 0);
        var oracle = IndependentLpOracle.Solve(data, p).Minima[0];
        Assert.Equal(k0, oracle.MinParameters);
        double cheapest = set.Networks.Min(n => SparsityMeasures.PathNorm(n, p));
        Assert.Equal(oracle.Value, cheapest, 1e-9 * oracle.Value);
    }

    [Fact]
    public void RunningOutOfTimeIsIncomplete()
    {
        var data = BendersSolverTests.RandomMilliData(9, 2, 5);
        var (problem, k0, _) = Solved(data);
        var set = SparsestEnumeration.Enumerate(problem, k0, 1e-6);
        Assert.False(set.Complete);
        Assert.Contains("time limit", set.Proof);
    }

    [Fact]
    public void OnlyTheParametersObjectiveInTwoOrMoreDimensionsIsEnumerated()
    {
        var data = BendersSolverTests.RandomMilliData(4, 2, 1);
        Assert.Throws<ArgumentException>(() => SparsestEnumeration.Enumerate(new SparsestProblem(data, false, SparsityObjective.Neurons), 2, 10));
        Assert.Throws<ArgumentException>(() => SparsestEnumeration.Enumerate(new SparsestProblem(data, true, SparsityObjective.Parameters), 2, 10));
    }

    [Fact]
    public void AnOptimumBelowTheTrueOneIsADefect()
    {
        var data = BendersSolverTests.RandomMilliData(5, 2, 3);
        var (problem, k0, _) = Solved(data);
        Assert.Throws<InvalidOperationException>(() => SparsestEnumeration.Enumerate(problem, k0 - 1, 60));
    }

    /// <summary>Every choice of distinct (pattern, sign) families with supports of total size k₀, solved exactly: the
    /// product vectors s·z of each solution with all k₀ entries nonzero and every block in its pattern's closed cone.</summary>
    private static HashSet<string> BruteForceSparsest(Dataset data, int k0)
    {
        int n = data.Count, width = data.Dimension + 1;
        var xbar = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, width).Select(k => k < width - 1 ? data.X(i, k) : Rational.One).ToArray()).ToArray();
        var blocks = new List<(int Pattern, int Sign, int[] Support)>();
        for (int pattern = 1; pattern < 1 << n; pattern++)
            foreach (int sign in new[] { 1, -1 })
                for (int support = 1; support < 1 << width; support++)
                    blocks.Add((pattern, sign, Enumerable.Range(0, width).Where(k => (support >> k & 1) != 0).ToArray()));
        var found = new HashSet<string>();
        void Extend(int from, List<int> chosen, int cost)
        {
            if (cost == k0) { Try(chosen); return; }
            for (int b = from; b < blocks.Count; b++)
            {
                if (cost + blocks[b].Support.Length > k0) continue;
                if (chosen.Any(c => blocks[c].Pattern == blocks[b].Pattern && blocks[c].Sign == blocks[b].Sign)) continue;
                chosen.Add(b);
                Extend(b + 1, chosen, cost + blocks[b].Support.Length);
                chosen.RemoveAt(chosen.Count - 1);
            }
        }
        void Try(List<int> chosen)
        {
            var columns = chosen.SelectMany(c => blocks[c].Support.Select(k => Enumerable.Range(0, n)
                .Select(i => (blocks[c].Pattern >> i & 1) != 0 ? blocks[c].Sign * xbar[i][k] : Rational.Zero).ToArray())).ToArray();
            if (ExactLinearAlgebra.Rank(columns, n) < columns.Length) return;
            var z = ExactLinearAlgebra.Solve(columns, data.Labels.ToArray());
            if (z is null || z.Any(v => v.IsZero)) return;
            var vectors = new List<string>();
            int at = 0;
            foreach (int c in chosen)
            {
                var w = new Rational[width];
                foreach (int k in blocks[c].Support) w[k] = z[at++];
                for (int i = 0; i < n; i++)
                {
                    var dot = Enumerable.Range(0, width).Aggregate(Rational.Zero, (acc, k) => acc + xbar[i][k] * w[k]);
                    if ((blocks[c].Pattern >> i & 1) != 0 ? dot.Sign < 0 : dot.Sign > 0) return;
                }
                vectors.Add("(" + string.Join(",", w.Select(v => blocks[c].Sign * v)) + ")");
            }
            found.Add(string.Join(" ", vectors.Order(StringComparer.Ordinal)));
        }
        Extend(0, [], 0);
        return found;
    }
}
