using Verifier.Exact.Certificates;
using Verifier.Exact.Problems;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Exact;

public class UnivariateSparsestTests
{
    private static SolveResult Solve(Dataset d) => new UnivariateSparsest().Solve(SparsestProblem.WithDefaults(d));

    [Fact]
    public void RunsOfThePeakPlateauExample()
    {
        var s = UnivariateStructure.Analyze(TestData.PeakPlateau);
        Assert.Equal([new Run(1, 1, 1), new Run(2, 3, -1), new Run(4, 4, 1)], s.Runs);
        Assert.Equal(3, s.SparsestNeuronCount);
    }

    [Fact]
    public void ZeroCurvatureSplitsARun()
    {
        var s = UnivariateStructure.Analyze(TestData.ZeroCurvatureSplit);
        Assert.Equal([new Run(1, 2, 1), new Run(4, 5, 1)], s.Runs);
        Assert.Equal(2, Solve(TestData.ZeroCurvatureSplit).Objective);
    }

    [Theory]
    [InlineData("peak-plateau", 3)]
    [InlineData("pstar-switch", 2)]
    [InlineData("zero-curvature-split", 2)]
    public void WorkedExamplesHaveTheirKnownCounts(string name, int expected)
    {
        var data = name switch { "peak-plateau" => TestData.PeakPlateau, "pstar-switch" => TestData.PStarSwitch, _ => TestData.ZeroCurvatureSplit };
        var problem = SparsestProblem.WithDefaults(data);
        var result = new UnivariateSparsest().Solve(problem);
        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal(expected, result.Objective);
        Assert.Equal(expected, result.LowerBound);
        Assert.True(CertificateCheck.Verify(problem, result).Verified);
    }

    [Fact]
    public void PeakPlateauWitnessIsThePaperFunction()
    {
        var hinges = UnivariateSweep.HingeForm(Solve(TestData.PeakPlateau).Witness!);
        Assert.Equal(["-1", "1/2", "2"], hinges.Knots.Select(k => k.ToString()));
        Assert.Equal(["1", "-2", "1"], hinges.Changes.Select(c => c.ToString()));
        Assert.Equal(Rational.Zero, hinges.Alpha);
        Assert.Equal(Rational.Zero, hinges.Beta);
    }

    [Theory]
    [InlineData(new long[] { 4 }, new long[] { 7 })]
    [InlineData(new long[] { 0, 3 }, new long[] { 1, -5 })]
    [InlineData(new long[] { 0, 1, 2, 5 }, new long[] { 1, 3, 5, 11 })]
    [InlineData(new long[] { -3, 0, 2 }, new long[] { 2, 2, 2 })]
    public void FewPointsOrCollinearDataNeedNoNeuron(long[] xs, long[] ys)
    {
        var problem = SparsestProblem.WithDefaults(TestData.Univariate(xs, ys));
        var result = new UnivariateSparsest().Solve(problem);
        Assert.Equal(0, result.Objective);
        Assert.Empty(result.Witness!.Neurons);
        Assert.True(CertificateCheck.Verify(problem, result).Verified);
    }

    [Fact]
    public void RandomDataGiveVerifiedWitnessesWithAtMostNMinus2Knots()
    {
        var rng = new Random(3);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = rng.Next(1, 25);
            var xs = Enumerable.Range(0, 60).OrderBy(_ => rng.Next()).Take(n).Select(v => (Rational)v).ToArray();
            var ys = xs.Select(_ => Rational.Create(rng.Next(-4, 5), rng.Next(1, 4))).ToArray();
            var problem = SparsestProblem.WithDefaults(Dataset.Univariate(xs, ys));
            var result = new UnivariateSparsest().Solve(problem);
            var s = UnivariateStructure.Analyze(problem.Data);
            Assert.True(CertificateCheck.Verify(problem, result).Verified);
            Assert.Equal(s.Runs.Sum(r => (r.Length + 1) / 2), result.Objective);
            Assert.True(result.Objective <= Math.Max(0, problem.Data.Count - 2));
        }
    }

    [Fact]
    public void ACheckerCatchesAWrongClaim()
    {
        var problem = SparsestProblem.WithDefaults(TestData.PeakPlateau);
        var honest = new UnivariateSparsest().Solve(problem);
        var lying = honest with { Objective = 2 };
        Assert.False(CertificateCheck.Verify(problem, lying).Verified);
        var wrongNet = honest with { Witness = new ShallowReluNetwork(1, honest.Witness!.Neurons.Take(2).ToArray(), honest.Witness.Skip) };
        Assert.False(CertificateCheck.Verify(problem, wrongNet with { Objective = 2 }).Verified);
    }
}
