using Verifier.Continuous.GlobalLp;
using Verifier.Reformulation;
using Verifier.Shared.Data;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Continuous.GlobalLp;

/// <summary><see cref="NodeLp.ExactLagrangianBound"/>: the same multipliers as the floating bound, evaluated exactly —
/// never below the floating bound by more than t^p's rounding, never above the true minimum, and on the wide boxes
/// of small p well above the floating bound, whose rounding margin grows with the cancelling terms.</summary>
public class ExactLagrangianTests
{
    [Theory]
    [InlineData(0.05, 1)]
    [InlineData(0.05, 2)]
    [InlineData(0.3, 3)]
    [InlineData(0.7, 4)]
    public void TheExactEvaluationIsAtLeastTheFloatingOneAndAValidBound(double p, int seed)
    {
        var rng = new Random(seed);
        var data = Dataset.Create(2, Enumerable.Range(0, 6).Select(_ => Rational.Create(rng.Next(-1000, 1001), 1000)).ToArray(),
            Enumerable.Range(0, 3).Select(_ => Rational.Create(rng.Next(-1000, 1001), 1000)).ToArray());
        var poly = BlockModel.Build(data);
        var minimum = new GlobalLpSolver(2).Solve(poly, p); // its value is an exact interpolant's: ≥ the minimum
        var lp = new NodeLp(poly);
        int nv = poly.Variables;
        // A wide box, as at the root for small p: secant slopes of t^p on [0, U].
        double u = Math.Min(1e9, Math.Pow(minimum.UpperBound * 1.5, 1 / p));
        var lo = new double[nv];
        var hi = Enumerable.Repeat(u, nv).ToArray();
        double slope = Math.Pow(u, p - 1);
        Assert.NotNull(lp.Solve(lo, hi, Enumerable.Repeat(1.0, nv).ToArray()));
        var floating = lp.Lagrangian(lo, hi, slope, p).Bound;
        double exact = lp.ExactLagrangianBound(lo, hi, slope, p);
        Assert.True(exact >= floating - 1e-12 * Math.Max(1, Math.Abs(floating)), $"exact {exact} below floating {floating}");
        Assert.True(exact > 0, $"exact bound {exact}: the test would not see a method that returns 0");
        Assert.True(exact <= minimum.UpperBound * (1 + 1e-12), $"exact {exact} above an interpolant's value {minimum.UpperBound}");
    }
}
