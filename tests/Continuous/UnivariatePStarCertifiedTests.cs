using System.Numerics;
using Verifier.Continuous.Univariate;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Data;
using Verifier.Shared.Numbers;
using Xunit;
using Xunit.Abstractions;

namespace Verifier.Tests.Continuous;

/// <summary>The 1-D p* bracket is certified: it contains p* as computed by an independent high-precision oracle,
/// and exact rational ties are reported exactly.</summary>
public class UnivariatePStarCertifiedTests(ITestOutputHelper output)
{
    private static Dataset FromSlopeChanges(params Rational[] deltas)
    {
        // x = 0, 1, …; slope 0 on [0, 1], then the slope changes at x = 1, 2, …
        int n = deltas.Length + 2;
        var xs = new Rational[n];
        var ys = new Rational[n];
        Rational slope = 0;
        for (int i = 1; i < n; i++)
        {
            xs[i] = i;
            if (i >= 2) slope += deltas[i - 2];
            ys[i] = ys[i - 1] + slope;
        }
        return Dataset.Univariate(xs, ys);
    }

    [Fact]
    public void TheIssueExampleHasPStarExactlyOneHalf()
    {
        // (0,0), (1,0), (2,1), (3,10), (4,27), (5,45): Δ = (1, 8, 8, 1); 2·9^p = 2 + 16^p at p = 1/2.
        var data = TestData.Univariate([0, 1, 2, 3, 4, 5], [0, 0, 1, 10, 27, 45]);
        var r = UnivariatePStar.Compute(UnivariateStructure.Analyze(data));
        Assert.True(r.Exact);
        Assert.Equal(Rational.Create(1, 2), r.ExactValue);
        Assert.Equal(0.5, r.PStar);
        Assert.True(r.Lower <= 0.5 && 0.5 <= r.Upper);
        Assert.Equal(0.5, r.Lower);
        Assert.Equal(0.5, r.Upper);
        Assert.NotNull(r.LimitingRun);
    }

    [Theory]
    [InlineData("1", "15", "21", "4")]  // 4 + 6 = 1 + 6 + 2 + ... : ties at 1/2 found by exhaustive search
    [InlineData("1", "24", "12", "4")]
    [InlineData("1/4", "2", "2", "1/4")] // (1, 8, 8, 1)/4: rational magnitudes, roots of numerator and denominator
    [InlineData("9/16", "9/2", "9/2", "9/16")]
    public void OtherRationalTiesAreExact(string a, string b, string c, string d)
    {
        var data = FromSlopeChanges(Rational.Parse(a), Rational.Parse(b), Rational.Parse(c), Rational.Parse(d));
        var r = UnivariatePStar.Compute(UnivariateStructure.Analyze(data));
        Assert.Equal(Rational.Create(1, 2), r.ExactValue);
        Assert.True(r.Exact && r.Lower == 0.5 && r.Upper == 0.5);
    }

    [Fact]
    public void ATieWithACommonIrrationalFactorIsStillBracketed()
    {
        // Δ = 27·(1, 8, 8, 1): every cost is 27^p times the one of (1, 8, 8, 1), so the curves still meet at
        // p = 1/2, but each cost there is irrational (27^(1/2) = 3√3). The exact tie check does not factor out
        // common irrational factors, so only the certified bracket around 1/2 is expected.
        var r = UnivariatePStar.Compute(UnivariateStructure.Analyze(FromSlopeChanges(27, 216, 216, 27)));
        Assert.True(r.Lower <= 0.5 && 0.5 <= r.Upper, $"[{r.Lower:R}, {r.Upper:R}]");
        Assert.True(r.Exact && r.Upper - r.Lower <= 1e-9);
        Assert.True(r.ExactValue is null || r.ExactValue == Rational.Create(1, 2));
    }

    [Fact]
    public void TheSwitchExampleBracketContainsTheHighPrecisionRoot()
    {
        var data = TestData.PStarSwitch;
        var r = UnivariatePStar.Compute(UnivariateStructure.Analyze(data));
        var oracle = HighPrecisionPStarOracle.PStar(data.XUnivariate.ToArray(), data.Labels.ToArray());
        Assert.True(r.Exact);
        Assert.Null(r.ExactValue);
        AssertContains(r, oracle, "pstar-switch");
    }

    [Fact]
    public void RunsWithEqualMagnitudesDoNotCountAsCrossings()
    {
        // Δ = (1, 1, 1, 1): {2}{2} costs 2·2^p, {1}{2}{1} costs 2 + 2^p; they meet only at p = 1 (where every
        // partition costs V_1), so p* = 1. Δ = (2, 1, 1, 2): also p* = 1.
        foreach (var deltas in new[] { new Rational[] { 1, 1, 1, 1 }, [2, 1, 1, 2], [3, 3, 3, 3, 3] })
        {
            var r = UnivariatePStar.Compute(UnivariateStructure.Analyze(FromSlopeChanges(deltas)));
            Assert.Equal(1, r.PStar);
            Assert.Equal(1, r.Lower);
            Assert.Equal(Rational.One, r.ExactValue);
            Assert.Null(r.LimitingRun);
        }
    }

    private static void AssertContains(PStarResult r, BigInteger oracle, string what)
    {
        // Compare exactly in fixed point; the oracle is accurate far below this tolerance (2^-80 ≈ 8e-25).
        BigInteger tolerance = BigInteger.One << (HighPrecisionPStarOracle.Bits - 80);
        BigInteger lower = HighPrecisionPStarOracle.FromRational(Rational.FromDouble(r.Lower));
        BigInteger upper = HighPrecisionPStarOracle.FromRational(Rational.FromDouble(r.Upper));
        Assert.True(lower <= oracle + tolerance, $"{what}: lower {r.Lower:R} above p* ≈ {Show(oracle)}");
        Assert.True(upper >= oracle - tolerance, $"{what}: upper {r.Upper:R} below p* ≈ {Show(oracle)}");
    }

    private static string Show(BigInteger fixedPoint) =>
        Math.ScaleB((double)(fixedPoint >> (HighPrecisionPStarOracle.Bits - 60)), -60).ToString("R");

    /// <summary>Random data with long same-curvature runs mixing small and large slope changes (so p* &lt; 1 often),
    /// rational slope changes, several runs, and scaled copies of the exact tie (1, 8, 8, 1).</summary>
    private static (Rational[] Xs, Rational[] Ys) RandomData(Random rng)
    {
        var deltas = new List<Rational>();
        int runs = rng.Next(1, 3);
        for (int run = 0; run < runs; run++)
        {
            int sign = rng.Next(2) == 0 ? 1 : -1;
            if (rng.Next(6) == 0)
            {
                Rational c = Rational.Create(rng.Next(1, 5) * rng.Next(1, 5), rng.Next(1, 4) * rng.Next(1, 4));
                c *= c; // a perfect square keeps the tie at p = 1/2 exactly
                foreach (var x in new Rational[] { 1, 8, 8, 1 }) deltas.Add(sign * c * x);
            }
            else
            {
                int length = rng.Next(4, 8);
                for (int i = 0; i < length; i++)
                {
                    Rational d = rng.Next(3) == 0 ? rng.Next(1, 4) : rng.Next(5, 200);
                    if (rng.Next(4) == 0) d /= rng.Next(2, 5);
                    deltas.Add(sign * d);
                }
            }
            if (run + 1 < runs) deltas.Add(0); // a collinear triple ends the run
        }
        int n = deltas.Count + 2;
        var xs = new Rational[n];
        var ys = new Rational[n];
        Rational slope = rng.Next(-3, 4);
        bool unevenGaps = rng.Next(3) == 0;
        for (int i = 1; i < n; i++)
        {
            if (i >= 2) slope += deltas[i - 2];
            Rational gap = unevenGaps ? Rational.Create(rng.Next(1, 4), 2) : 1;
            // Δ is a change of slope per unit of x only when gaps are 1; with other gaps the data are still
            // a fresh dataset (slope changes become rational), which is all the property needs.
            xs[i] = xs[i - 1] + gap;
            ys[i] = ys[i - 1] + slope * gap;
        }
        return (xs, ys);
    }

    [Fact]
    public void CertifiedBracketContainsTheIndependentHighPrecisionPStar()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("VERIFIER_PSTAR_ORACLE_CASES"), out var c) ? c : 40;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("VERIFIER_PSTAR_ORACLE_SEED"), out var s) ? s : 20261203;
        var rng = new Random(seed);
        int below1 = 0, exact = 0, ties = 0;
        for (int trial = 0; trial < cases; trial++)
        {
            var (xs, ys) = RandomData(rng);
            var r = UnivariatePStar.Compute(UnivariateStructure.Analyze(Dataset.Univariate(xs, ys)));
            var oracle = HighPrecisionPStarOracle.PStar(xs, ys);
            AssertContains(r, oracle, $"seed {seed} trial {trial}");
            Assert.True(r.Lower <= r.Upper);
            if (r.Exact && r.ExactValue is null) Assert.True(r.Upper - r.Lower <= 1e-9);
            if (oracle < HighPrecisionPStarOracle.One - (HighPrecisionPStarOracle.One >> 40))
            {
                below1++;
                if (r.Exact) exact++;
                if (r.ExactValue is not null) ties++;
            }
        }
        output.WriteLine($"{cases} datasets: {below1} with p* < 1, {exact} of them exact, {ties} exact rational ties");
        Assert.True(below1 >= cases / 4, "the generator should produce switching data");
        Assert.True(exact >= below1 * 9 / 10, $"only {exact} of {below1} brackets are exact");
    }
}
