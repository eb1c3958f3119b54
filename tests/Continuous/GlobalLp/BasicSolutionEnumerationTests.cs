using System.Diagnostics;
using Verifier.Continuous.GlobalLp.Enumeration;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Xunit;
using Xunit.Abstractions;

namespace Verifier.Tests.Continuous.GlobalLp;

/// <summary>The product's exhaustive vertex enumeration (<see cref="BasicSolutionEnumeration"/>) against the independent
/// oracle of the tests (<see cref="IndependentLpOracle"/>, no shared code): the same minimum value and the same range
/// of parameter counts of the minimisers, on random and degenerate tiny data; every candidate interpolates exactly.
/// VERIFIER_LONG=1 runs ten times as many cases.</summary>
public class BasicSolutionEnumerationTests(ITestOutputHelper output)
{
    /// <summary>The p at which the enumeration and <c>lp</c> are compared with the oracle: small, middle, large.</summary>
    internal static readonly double[] Ps = [0.05, 0.3, 0.7];
    private static int Cases => Environment.GetEnvironmentVariable("VERIFIER_LONG") == "1" ? 400 : 40;

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 3)]
    public void AgreesWithTheIndependentOracle(int n, int d)
    {
        var rng = new Random(7000 + 10 * n + d);
        var clock = Stopwatch.StartNew();
        int compared = 0;
        for (int c = 0; c < Cases; c++)
        {
            var kind = (LpTinyData.Kind)(c % LpTinyData.Kinds);
            var data = LpTinyData.Generate(rng, n, d, kind);
            if (data.Labels.ToArray().All(v => v.IsZero)) continue;
            var result = BasicSolutionEnumeration.Enumerate(data, 60);
            Assert.True(result.Complete, result.Incomplete);
            var oracle = IndependentLpOracle.Solve(data, Ps);
            foreach (var m in oracle.Minima)
            {
                double best = result.Candidates.Min(x => x.Cost(m.P));
                Assert.True(Math.Abs(best - m.Value) <= 1e-9 * Math.Max(1, m.Value), $"case {c} ({kind}), p = {m.P}: enumeration {best}, oracle {m.Value}");
                var near = result.Candidates.Where(x => x.Cost(m.P) <= best * (1 + 1e-9)).Select(x => x.Parameters).ToList();
                Assert.Equal(m.ParametersWithin(1e-9), (near.Min(), near.Max()));
            }
            foreach (var cand in result.Candidates.Take(50))
            {
                var net = result.Network(cand);
                Assert.True(InterpolationCheck.Check(net, data).Interpolates, $"case {c}: a candidate does not interpolate");
                Assert.Equal(cand.Parameters, SparsityMeasures.NonzeroParameters(net));
            }
            compared++;
        }
        output.WriteLine($"N = {n}, d = {d}: {compared} cases in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(compared >= Cases / 2);
    }

    /// <summary>Progress of a run of a few seconds (N = 4, d = 3): reports come from the calling thread about once a
    /// second, the share of the work grows within [0, 1], the candidate counts grow and never exceed the final count,
    /// and the result is the same as without progress.</summary>
    [Fact]
    public void ProgressIsReportedFromTheCallingThreadAndGrows()
    {
        var data = LpTinyData.Generate(new Random(9143), 4, 3, LpTinyData.Kind.Random);
        var reports = new List<(EnumerationProgress Report, int Thread)>();
        var progress = new Recorder(r => reports.Add((r, Environment.CurrentManagedThreadId)));
        var clock = Stopwatch.StartNew();
        var result = BasicSolutionEnumeration.Enumerate(data, 120, progress: progress);
        double seconds = clock.Elapsed.TotalSeconds;
        Assert.True(result.Complete, result.Incomplete);
        output.WriteLine($"{result.Candidates.Count} candidates in {seconds:F1} s, {reports.Count} reports");
        if (seconds >= 1.5) Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.Equal(Environment.CurrentManagedThreadId, r.Thread));
        for (int i = 0; i < reports.Count; i++)
        {
            var r = reports[i].Report;
            Assert.InRange(r.Share, 0, 1);
            Assert.InRange(r.Candidates, 0, result.Candidates.Count);
            Assert.Equal(result.Generators, r.Generators);
            if (i > 0)
            {
                Assert.True(r.Share >= reports[i - 1].Report.Share);
                Assert.True(r.Candidates >= reports[i - 1].Report.Candidates);
                Assert.True(r.Seconds > reports[i - 1].Report.Seconds);
            }
        }
        var silent = BasicSolutionEnumeration.Enumerate(data, 120);
        Assert.Equal(silent.Candidates.Count, result.Candidates.Count);
        Assert.Equal(silent.Sets, result.Sets);
    }

    private sealed class Recorder(Action<EnumerationProgress> report) : IProgress<EnumerationProgress>
    {
        public void Report(EnumerationProgress value) => report(value);
    }
}
