using Verifier.Continuous.GlobalLp;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Continuous.GlobalLp;

public class GlobalLpSolverTests
{
    private static Dataset Data(int d, string rows) =>
        Dataset.Create(d,
            rows.Split(';').SelectMany(r => r.Split(',').Take(d)).Select(Rational.Parse).ToArray(),
            rows.Split(';').Select(r => Rational.Parse(r.Split(',')[d])).ToArray());

    /// <summary>Random inputs and labels with 3 decimals in [−1, 1] (fixed seed).</summary>
    private static Dataset RandomThreeDecimal(int n, int d, int seed)
    {
        var rng = new Random(seed);
        Rational Milli() => Rational.Create(rng.Next(-1000, 1001), 1000);
        var x = Enumerable.Range(0, n * d).Select(_ => Milli()).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => Milli()).ToArray();
        return Dataset.Create(d, x, y);
    }

    private static GlobalLpResult Solve(Dataset data, double p) => new GlobalLpSolver(60).Solve(data, p);

    private static int SparsestParameters(Dataset data)
    {
        var r = new CombinatorialBendersSolver(new MipOptions(60)).Solve(SparsestProblem.WithDefaults(data));
        Assert.Equal(SolveStatus.Optimal, r.Status);
        return r.Objective!.Value;
    }

    /// <summary>
    /// One point (x, y), y ≠ 0: a neuron with x̄·w = |y| costs Σ_k |w_k|^p ≥ (Σ_k |w_k|)^p ≥ (|y| / max_k |x̄_k|)^p
    /// (subadditivity of t^p, then Hölder), attained by putting all weight on the largest |x̄_k|; several neurons
    /// only cost more (subadditivity again). So the optimum is (|y| / max(|x_1|, …, |x_d|, 1))^p.
    /// </summary>
    [Theory]
    [InlineData("0.5,-2,3", 0.5)]
    [InlineData("0.5,-2,3", 0.2)]
    [InlineData("0.25,0.5,-0.3", 0.7)]
    [InlineData("-0.051,0.315,0.333", 0.05)]
    public void SinglePointOptimumIsTheLargestCoordinateAlone(string row, double p)
    {
        var data = Data(2, row);
        var parts = row.Split(',').Select(double.Parse).ToArray();
        double expected = Math.Pow(Math.Abs(parts[2]) / new[] { Math.Abs(parts[0]), Math.Abs(parts[1]), 1 }.Max(), p);
        var r = Solve(data, p);
        Assert.True(r.Certified, $"gap {r.Gap}");
        Assert.Equal(expected, r.UpperBound, 1e-12);
        Assert.True(r.LowerBound <= expected * (1 + 1e-12));
        Assert.Equal(1, SparsityMeasures.NonzeroParameters(r.Network!));
    }

    /// <summary>Thm 4.1 (SPEC §5 item 9): at p = 0.05 the certified ℓ^p minimiser has exactly the ℓ^0 (parameters)
    /// minimum of the exact mixed-integer solver, on three tiny datasets in d = 2.</summary>
    [Theory]
    [InlineData("1,0,1;2,1,2;3,0,3")]
    [InlineData("0,0,0.5;1,0,0.5;0,1,0.5")]
    [InlineData("0,0,0;1,0,1;0,1,0;1,1,1")]
    public void Thm4_1_SmallPMinimiserIsSparsest(string rows)
    {
        var data = Data(2, rows);
        var r = Solve(data, 0.05);
        Assert.True(r.Certified, $"gap {r.Gap}");
        Assert.Equal(SparsestParameters(data), SparsityMeasures.NonzeroParameters(r.Network!));
    }

    /// <summary>The bounds are sound on random data: the certified lower bound never exceeds the ℓ^p value of an
    /// independent exact interpolant (the Benders sparsest network, a point of the same polyhedron), and the
    /// returned network is an exact basic solution that interpolates.</summary>
    [Theory]
    [InlineData(3, 2, 11, 0.5)]
    [InlineData(3, 2, 12, 0.7)]
    [InlineData(4, 2, 13, 0.6)]
    [InlineData(3, 3, 14, 0.5)]
    public void CertifiedBoundsOnRandomThreeDecimalData(int n, int d, int seed, double p)
    {
        var data = RandomThreeDecimal(n, d, seed);
        var r = Solve(data, p);
        Assert.True(r.Certified, $"gap {r.Gap}");
        Assert.True(r.Basic);
        Assert.True(InterpolationCheck.Check(r.Network!, data).Interpolates);
        Assert.Equal(SparsityMeasures.PathNorm(r.Network!, p), r.UpperBound, 1e-9);
        var sparsest = new CombinatorialBendersSolver(new MipOptions(60)).Solve(SparsestProblem.WithDefaults(data)).Witness!;
        Assert.True(r.LowerBound <= SparsityMeasures.PathNorm(sparsest, p) * (1 + 1e-9));
    }

    /// <summary>Both minimisers are points of the same polyhedron, so each certified minimiser's value is at most the
    /// other's network evaluated at its own exponent.</summary>
    [Fact]
    public void EachMinimiserIsNoWorseThanTheOthersNetwork()
    {
        var data = RandomThreeDecimal(3, 2, 21);
        var a = Solve(data, 0.4);
        var b = Solve(data, 0.8);
        Assert.True(a.Certified, $"gap {a.Gap}");
        Assert.True(b.Certified, $"gap {b.Gap}");
        Assert.True(a.UpperBound <= SparsityMeasures.PathNorm(b.Network!, 0.4) * (1 + 1e-9));
        Assert.True(b.UpperBound <= SparsityMeasures.PathNorm(a.Network!, 0.8) * (1 + 1e-9));
    }

    [Fact]
    public void ZeroLabelsAreInterpolatedByTheEmptyNetworkAtCostZero()
    {
        var data = Data(2, "1,2,0;0.5,-1,0");
        var r = new GlobalLpSolver(10).Solve(data, 0.5);
        Assert.True(r.Certified);
        Assert.Equal(0, r.UpperBound);
        Assert.Empty(r.Network!.Neurons);
        Assert.True(InterpolationCheck.Check(r.Network, data).Interpolates);
    }

    [Fact]
    public void ExponentOutsideTheOpenUnitIntervalIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Solve(Data(2, "0,0,1"), 1.0));
}
