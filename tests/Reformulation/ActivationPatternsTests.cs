using Verifier.Reformulation;
using Verifier.Shared.Data;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Reformulation;

public class ActivationPatternsTests
{
    private static Dataset Points(int d, params long[] coordsAndLabels)
    {
        int n = coordsAndLabels.Length / (d + 1);
        var xs = new List<Rational>();
        var ys = new List<Rational>();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++) xs.Add(coordsAndLabels[i * (d + 1) + j]);
            ys.Add(coordsAndLabels[i * (d + 1) + d]);
        }
        return Dataset.Create(d, xs.ToArray(), ys.ToArray());
    }

    private static void AssertWitnessesExact(Dataset data, ActivationPatterns p)
    {
        var rows = LiftedInputs.Of(data);
        Assert.Equal(p.Patterns.Count, p.Patterns.Select(q => q.Mask).Distinct().Count());
        foreach (var q in p.Patterns)
            for (int i = 0; i < data.Count; i++)
                Assert.Equal(q.Contains(i) ? 1 : -1, LiftedInputs.Dot(rows[i], q.Witness).Sign);
    }

    [Fact]
    public void AtMostDPlusOnePointsInGeneralPositionGiveAllSubsets()
    {
        var data = Points(2, 0, 0, 1, 1, 0, 2, 0, 1, 3);
        var p = ActivationPatterns.Enumerate(data);
        Assert.Equal(8, p.Patterns.Count); // 2^3
        Assert.True(p.Complete);
        AssertWitnessesExact(data, p);
    }

    [Fact]
    public void GeneralPositionMeetsCoversBound()
    {
        var rng = new Random(2);
        for (int trial = 0; trial < 5; trial++)
        {
            int n = rng.Next(4, 9), d = rng.Next(1, 4);
            var data = Dataset.Create(d,
                Enumerable.Range(0, n * d).Select(_ => Rational.Create(rng.Next(-997, 998), 331)).ToArray(),
                Enumerable.Range(0, n).Select(_ => (Rational)rng.Next(-3, 4)).ToArray());
            var p = ActivationPatterns.Enumerate(data);
            Assert.Equal(ArrangementRegions.CoverBound(n, d), p.Patterns.Count);
            Assert.True(p.Complete);
            AssertWitnessesExact(data, p);
        }
    }

    [Fact]
    public void CollinearPointsInThePlaneHaveFewerPatterns()
    {
        // Four points on a line in R^2 behave like four points in R^1: 2N = 8 patterns, below Cover's 2(1+3+3) = 14.
        var data = Points(2, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4);
        var p = ActivationPatterns.Enumerate(data);
        Assert.Equal(8, p.Patterns.Count);
        Assert.Equal(8, p.ExpectedCount);
        Assert.True(p.CoverBound > p.Patterns.Count);
        AssertWitnessesExact(data, p);
    }

    [Fact]
    public void ThreePointsOnALineThroughAFourthPointCountExactly()
    {
        // Square corners and centre: the diagonals put three points on each of two lines (not general position).
        var data = Dataset.Create(2,
            [0, 0, 1, 0, 0, 1, 1, 1, Rational.Create(1, 2), Rational.Create(1, 2)], [1, 2, 3, 4, 5]);
        var p = ActivationPatterns.Enumerate(data);
        Assert.Equal(18, p.Patterns.Count);
        Assert.Equal(p.ExpectedCount, p.Patterns.Count);
        Assert.Equal(22, p.CoverBound);
        AssertWitnessesExact(data, p);
    }

    [Fact]
    public void UnivariatePatternsAreTheTwoNThresholdSets()
    {
        var p = ActivationPatterns.Enumerate(TestData.PeakPlateau);
        Assert.Equal(12, p.Patterns.Count); // 2N for distinct points on a line
        Assert.True(p.Complete);
        Assert.Equal(12, p.Patterns.Count);
        Assert.True(p.RegionEdges >= 11, $"{p.RegionEdges} region edges"); // a connected graph on 12 regions
    }

    [Theory]
    [InlineData(5, 2, 22)]
    [InlineData(8, 2, 58)]
    [InlineData(16, 3, 1152)]
    [InlineData(3, 5, 8)] // N ≤ d + 1: all 2^N subsets
    public void CoverBoundFormula(int n, int d, long expected) => Assert.Equal(expected, ArrangementRegions.CoverBound(n, d));

}
