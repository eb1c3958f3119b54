using System.Diagnostics;
using Verifier.Continuous.GlobalLp;
using Verifier.Orchestration.Drivers;
using Verifier.Shared.Checks;
using Verifier.Shared.Networks;
using Xunit;
using Xunit.Abstractions;

namespace Verifier.Tests.Continuous.GlobalLp;

/// <summary>
/// The <c>lp</c> command's solver (<see cref="SeededGlobalLp"/>: the proven ℓ^0 optimum, then every basic solution,
/// one enumeration shared by all p as the corpus shares it) against the independent oracle
/// (<see cref="IndependentLpOracle"/>, no shared code) at the largest sizes both reach: N = 5 in d = 2 and N = 4 in
/// d = 3 (issue 15, point 4). For each p ∈ {0.05, 0.3, 0.7}: <c>lp</c> certifies, its value equals the oracle's
/// minimum, its network interpolates exactly with a parameter count that the oracle finds among the minimisers and
/// at least the proven ℓ^0 optimum. One case per shape by default (about a minute and 10 s in Release);
/// VERIFIER_LONG=1 runs 12, VERIFIER_LP_LIMIT_CASES=n runs n.
/// </summary>
public class LpAtTheEnumerationLimitTests(ITestOutputHelper output)
{
    private static double[] Ps => BasicSolutionEnumerationTests.Ps;

    private static int Cases =>
        int.TryParse(Environment.GetEnvironmentVariable("VERIFIER_LP_LIMIT_CASES"), out int n) && n > 0 ? n
        : Environment.GetEnvironmentVariable("VERIFIER_LONG") == "1" ? 12 : 1;

    [Theory]
    [InlineData(5, 2)]
    [InlineData(4, 3)]
    public void LpAgreesWithTheIndependentOracle(int n, int d)
    {
        var rng = new Random(9100 + 10 * n + d);
        int compared = 0;
        for (int c = 0; compared < Cases && c < 10 * Cases + 20; c++)
        {
            // Random data first (the kind of the benchmark), then the degenerate kinds in turn.
            var kind = (LpTinyData.Kind)(c % LpTinyData.Kinds);
            var data = LpTinyData.Generate(rng, n, d, kind);
            if (data.Count < n || data.Labels.ToArray().All(v => v.IsZero)) continue; // too small, or y = 0: tested elsewhere
            var clock = Stopwatch.StartNew();
            var enumeration = SeededGlobalLp.EnumerateWithin(data, 240);
            Assert.True(enumeration is not null, $"case {c} ({kind}): the enumeration did not finish within 240 s");
            double enumerated = clock.Elapsed.TotalSeconds;
            var oracle = IndependentLpOracle.Solve(data, Ps);
            double oracleSeconds = clock.Elapsed.TotalSeconds - enumerated;
            foreach (var m in oracle.Minima)
            {
                var s = SeededGlobalLp.Solve(data, m.P, 300, enumeration: enumeration);
                string where = $"case {c} ({kind}), p = {m.P}";
                Assert.True(s.Lp.Certified, $"{where}: not certified ({s.Lp.LpStatus}, gap {s.Lp.Gap})");
                Assert.Equal(GlobalLpMethod.VertexEnumeration, s.Lp.Method);
                Assert.True(Math.Abs(s.Lp.UpperBound - m.Value) <= 1e-9 * Math.Max(1, m.Value),
                    $"{where}: lp {s.Lp.UpperBound}, oracle {m.Value}");
                var net = s.Lp.Network!;
                Assert.True(InterpolationCheck.Check(net, data).Interpolates, $"{where}: the network does not interpolate");
                int parameters = SparsityMeasures.NonzeroParameters(net);
                var (min, max) = m.ParametersWithin(1e-9);
                Assert.True(parameters >= min && parameters <= max, $"{where}: {parameters} parameters, oracle's minimisers {min}..{max}");
                Assert.True(s.Sparsest is int k0 && parameters >= k0, $"{where}: {parameters} parameters below the ℓ^0 optimum {s.Sparsest}");
            }
            output.WriteLine($"case {c} ({kind}): {enumeration!.Candidates.Count} candidates in {enumerated:F1} s, " +
                $"oracle {oracle.Vertices} vertices in {oracleSeconds:F1} s, all {Ps.Length} p agree");
            compared++;
        }
        Assert.Equal(Cases, compared);
    }
}
