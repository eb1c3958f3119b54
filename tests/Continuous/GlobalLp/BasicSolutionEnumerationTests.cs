using System.Diagnostics;
using Verifier.Continuous.GlobalLp;
using Verifier.Continuous.GlobalLp.Enumeration;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
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

    /// <summary>The last level's two sign paths — shared minors in plain doubles (<see cref="BasicSolutionEnumeration.SharedMinors"/>)
    /// and a <see cref="BoundedFloat"/> Laplace expansion per minor — visit the same sets and find the same candidates
    /// (generators, grouping and exact magnitudes, in the same order) on random and degenerate tiny data.</summary>
    [Fact]
    public void SharedMinorsAndBoundedFloatPathsFindTheSameCandidates()
    {
        var rng = new Random(7300);
        var shapes = new (int N, int D)[] { (3, 2), (4, 2), (3, 3) };
        int compared = 0;
        for (int c = 0; c < 30; c++)
        {
            var (n, d) = shapes[c % shapes.Length];
            var data = LpTinyData.Generate(rng, n, d, (LpTinyData.Kind)(c % LpTinyData.Kinds));
            if (data.Labels.ToArray().All(v => v.IsZero)) continue;
            var shared = BasicSolutionEnumeration.Enumerate(data, 60, BasicSolutionEnumeration.DefaultMaxCandidates, default, null, sharedMinors: true);
            var bounded = BasicSolutionEnumeration.Enumerate(data, 60, BasicSolutionEnumeration.DefaultMaxCandidates, default, null, sharedMinors: false);
            Assert.True(shared.Complete && bounded.Complete);
            Assert.True(shared.Arrangement!.ExactInDouble, $"case {c}: few-decimal data should take the shared path");
            Assert.Equal(bounded.Sets, shared.Sets);
            Assert.Equal(bounded.Vertices, shared.Vertices);
            Assert.Equal(bounded.Candidates.Count, shared.Candidates.Count);
            for (int t = 0; t < shared.Candidates.Count; t++)
            {
                var (x, y) = (shared.Candidates[t], bounded.Candidates[t]);
                Assert.Equal(y.Generators, x.Generators);
                Assert.Equal(y.Neuron, x.Neuron);
                Assert.Equal(y.Magnitudes, x.Magnitudes);
            }
            compared++;
        }
        Assert.True(compared >= 20, $"only {compared} cases compared");
    }

    /// <summary>Inputs and labels with nine decimals make the integer-scaled outputs exceed 2^53, so the last level takes
    /// the <see cref="BoundedFloat"/> path (and the oracle, limited to 2^52, cannot run): the minimum agrees with the
    /// branch and bound (<see cref="GlobalLpSolver"/>, independent code) wherever that certifies, at p = 0.5 and 0.7.</summary>
    [Fact]
    public void ManyDecimalDataTakeTheBoundedPathAndAgreeWithTheBranchAndBound()
    {
        var rng = new Random(7400);
        int bounded = 0, compared = 0;
        for (int c = 0; c < 20 && bounded < 3; c++)
        {
            const int n = 4; // with three points every output is supported on one or two points and may reduce below 2^53
            Rational Nine() => Rational.Create(rng.NextInt64(-999_999_999, 1_000_000_000), 1_000_000_000);
            var data = Dataset.Create(2, Enumerable.Range(0, 2 * n).Select(_ => Nine()).ToArray(), Enumerable.Range(0, n).Select(_ => Nine()).ToArray());
            var result = BasicSolutionEnumeration.Enumerate(data, 60);
            Assert.True(result.Complete, result.Incomplete);
            if (result.Arrangement!.ExactInDouble) continue;
            bounded++;
            foreach (double p in new[] { 0.5, 0.7 })
            {
                var bb = new GlobalLpSolver(20).Solve(data, p);
                if (!bb.Certified) continue;
                double best = result.Candidates.Min(x => x.Cost(p));
                Assert.True(Math.Abs(best - bb.UpperBound) <= 1e-8 * Math.Max(1, best), $"case {c}, p = {p}: enumeration {best}, branch and bound {bb.UpperBound}");
                compared++;
            }
        }
        output.WriteLine($"{bounded} datasets on the bounded path, {compared} certified comparisons");
        Assert.Equal(3, bounded);
        Assert.True(compared >= 3, $"only {compared} certified comparisons");
    }

    private sealed class Recorder(Action<EnumerationProgress> report) : IProgress<EnumerationProgress>
    {
        public void Report(EnumerationProgress value) => report(value);
    }
}
