using Verifier.Continuous.Univariate;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Continuous;

public class UnivariateLpTests
{
    private static MinVpSolution Lp(Dataset d, double p) => MinVpDynamicProgram.Solve(UnivariateStructure.Analyze(d), p);

    [Theory]
    [InlineData(0.5, 3)]
    [InlineData(0.1, 2)]
    [InlineData(0.9, 3)]
    public void PStarSwitchChangesCountAcrossTheThreshold(double p, int knots)
    {
        var s = Lp(TestData.PStarSwitch, p);
        Assert.Equal(knots, s.Partition.KnotCount);
        Assert.True(s.IsUnique);
        Assert.True(InterpolationCheck.Check(s.Partition.ToNetwork(), TestData.PStarSwitch).Interpolates);
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(0.9)]
    [InlineData(0.01)]
    public void PeakPlateauMinimiserIsThePaperNetworkForEveryP(double p)
    {
        var s = Lp(TestData.PeakPlateau, p);
        var h = UnivariateSweep.HingeForm(s.Partition.ToNetwork());
        Assert.Equal(["-1", "1/2", "2"], h.Knots.Select(k => k.ToString()));
        Assert.Equal(["1", "-2", "1"], h.Changes.Select(c => c.ToString()));
        Assert.Equal(2 + Math.Pow(2, p), s.Value, 12);
        Assert.True(s.IsUnique);
    }

    [Fact]
    public void EqualMultisetsAreReportedAsTies()
    {
        // slopes 0,1,2,3: Δ = (1,1,1); {1,1}{1} and {1}{1,1} both cost 2^p + 1 (footnote 5).
        var s = Lp(TestData.Univariate([0, 1, 2, 3, 4], [0, 0, 1, 3, 6]), 0.5);
        Assert.False(s.IsUnique);
        Assert.Equal(2, s.OptimalPartitions);
        Assert.Equal((2, 2), (s.MinKnots, s.MaxKnots));
        Assert.Equal(2, s.Partition.KnotCount);
    }

    [Fact]
    public void DynamicProgrammeEqualsBruteForceOverAllBlockPartitions()
    {
        var rng = new Random(17);
        for (int trial = 0; trial < 150; trial++)
        {
            int len = rng.Next(1, 11);
            // One convex run: increasing slopes with random positive increments.
            var slopes = new List<Rational> { Rational.Zero };
            for (int i = 0; i <= len; i++) slopes.Add(slopes[^1] + Rational.Create(rng.Next(1, 300), rng.Next(1, 4)));
            var xs = new Rational[slopes.Count + 1];
            var ys = new Rational[slopes.Count + 1];
            for (int i = 1; i < xs.Length; i++) { xs[i] = i; ys[i] = ys[i - 1] + slopes[i - 1]; }
            var structure = UnivariateStructure.Analyze(Dataset.Univariate(xs, ys));
            double p = rng.NextDouble() * 0.98 + 0.01;
            var dp = MinVpDynamicProgram.Solve(structure, p);
            double brute = structure.Runs.Sum(run => BruteForce(structure, run, p));
            Assert.Equal(brute, dp.Value, 9);
            Assert.Equal(dp.Value, dp.Partition.Vp(p), 9);
        }
    }

    private static double BruteForce(UnivariateStructure s, Run run, double p)
    {
        double best = double.PositiveInfinity;
        void Go(int i, double cost)
        {
            if (i > run.Last) { best = Math.Min(best, cost); return; }
            Go(i + 1, cost + Math.Pow(Math.Abs(s.SlopeChanges[i].ToDouble()), p));
            if (i + 1 <= run.Last) Go(i + 2, cost + Math.Pow(Math.Abs((s.SlopeChanges[i] + s.SlopeChanges[i + 1]).ToDouble()), p));
        }
        Go(run.First, 0);
        return best;
    }

    [Fact]
    public void PStarOfTheSwitchExampleIsTheRootOf2x101PowPEquals2Plus200PowP()
    {
        var r = UnivariatePStar.Compute(UnivariateStructure.Analyze(TestData.PStarSwitch));
        Assert.Equal(0.18071736370581726, r.PStar, 9);
        Assert.True(r.Lower <= r.PStar && r.PStar <= r.Upper && r.Upper - r.Lower < 1e-9);
        Assert.Equal(2, r.SparsestNeurons);
        Assert.True(r.Exact);
    }

    [Fact]
    public void ShortRunsGivePStarOne()
    {
        Assert.Equal(1, UnivariatePStar.Compute(UnivariateStructure.Analyze(TestData.PeakPlateau)).PStar);
        Assert.Equal(1, UnivariatePStar.Compute(UnivariateStructure.Analyze(TestData.Univariate([0, 1, 2, 3, 4], [0, 0, 1, 3, 6]))).PStar);
    }

    [Fact]
    public void PStarSeparatesSparsestFromNonSparsestMinimisers()
    {
        var rng = new Random(23);
        int crossings = 0;
        for (int trial = 0; trial < 60; trial++)
        {
            int n = rng.Next(6, 14);
            var slopes = new List<Rational> { Rational.Zero };
            for (int i = 0; i < n - 1; i++) slopes.Add(slopes[^1] + (rng.Next(3) == 0 ? rng.Next(1, 3) : rng.Next(50, 200)));
            var xs = new Rational[n];
            var ys = new Rational[n];
            for (int i = 1; i < n; i++) { xs[i] = i; ys[i] = ys[i - 1] + slopes[i - 1]; }
            var s = UnivariateStructure.Analyze(Dataset.Univariate(xs, ys));
            var r = UnivariatePStar.Compute(s);
            Assert.Equal(s.SparsestNeuronCount, MinVpDynamicProgram.Solve(s, Math.Max(1e-6, r.Lower * 0.999)).MinKnots);
            if (r.PStar < 1)
            {
                crossings++;
                var above = MinVpDynamicProgram.Solve(s, Math.Min(0.999999, r.Upper + 1e-7));
                Assert.True(above.MinKnots > s.SparsestNeuronCount);
            }
        }
        Assert.True(crossings > 5); // the generator does produce switching data
    }
}
