using System.Globalization;
using System.Text;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;
using Xunit.Abstractions;

namespace Verifier.Tests.Exact;

/// <summary>The independent brute-force oracle: hand cases, self-consistency, and the comparison with the
/// product's default solver on degenerate and random tiny data.</summary>
public class IndependentBruteForceTests(ITestOutputHelper output)
{
    /// <summary>Runs the oracle and checks its own witness exactly: interpolation, architecture, counted objective.</summary>
    private static int Oracle(SparsestProblem problem)
    {
        var optimum = IndependentBruteForce.Solve(problem);
        var net = optimum.Witness;
        Assert.True(InterpolationCheck.Check(net, problem.Data).Interpolates, "the oracle's witness does not interpolate");
        Assert.Equal(problem.Skip, net.Skip is not null);
        Assert.Equal(optimum.Value, Count(net, problem.Objective));
        return optimum.Value;
    }

    private static int Count(ShallowReluNetwork net, SparsityObjective objective) =>
        objective == SparsityObjective.Neurons ? SparsityMeasures.ActiveNeurons(net) : SparsityMeasures.NonzeroParameters(net);

    private static Dataset Data(int d, long[] xs, long[] ys) =>
        Dataset.Create(d, xs.Select(v => (Rational)v).ToArray(), ys.Select(v => (Rational)v).ToArray());

    private static Dataset Xor => Data(2, [0, 0, 1, 0, 0, 1, 1, 1], [1, 0, 0, 1]);

    [Theory]
    [InlineData(false, SparsityObjective.Neurons)]
    [InlineData(false, SparsityObjective.Parameters)]
    [InlineData(true, SparsityObjective.Neurons)]
    [InlineData(true, SparsityObjective.Parameters)]
    public void AllZeroLabelsNeedNothing(bool skip, SparsityObjective objective) =>
        Assert.Equal(0, Oracle(new SparsestProblem(Data(3, [0, 0, 0, 1, 2, 0, -1, 1, 1], [0, 0, 0]), skip, objective)));

    /// <summary>XOR: one neuron s(t)_+ would need an affine t with t = 1 at (0,0) and (1,1) and t ≤ 0 at (1,0), (0,1),
    /// impossible since t(1,0) + t(0,1) = t(0,0) + t(1,1); two suffice: (1 − x1 − x2)_+ + (x1 + x2 − 1)_+.</summary>
    [Fact]
    public void XorNeedsTwoNeurons() => Assert.Equal(2, Oracle(new SparsestProblem(Xor, false, SparsityObjective.Neurons)));

    /// <summary>With the skip term XOR needs one neuron: y = 1 − x1 − x2 + 2(x1 + x2 − 1)_+ (not affine, so ≥ 1).</summary>
    [Fact]
    public void XorNeedsOneNeuronWithTheSkipTerm() => Assert.Equal(1, Oracle(new SparsestProblem(Xor, true, SparsityObjective.Neurons)));

    /// <summary>XOR parameters: the product's known value 5, e.g. (1)_+ − (x1 − x2)_+ − (x2 − x1)_+.</summary>
    [Fact]
    public void XorNeedsFiveParameters() => Assert.Equal(5, Oracle(new SparsestProblem(Xor, false, SparsityObjective.Parameters)));

    /// <summary>A single positive label: the bias-only neuron (5)_+ (one parameter, one neuron); zero with the skip term.</summary>
    [Theory]
    [InlineData(false, SparsityObjective.Neurons, 1)]
    [InlineData(false, SparsityObjective.Parameters, 1)]
    [InlineData(true, SparsityObjective.Parameters, 0)]
    public void OnePointNeedsOneBiasOnlyNeuron(bool skip, SparsityObjective objective, int expected) =>
        Assert.Equal(expected, Oracle(new SparsestProblem(Data(2, [1, 2], [5]), skip, objective)));

    /// <summary>Positive labels 1, 2, 3 at (0,0), (1,0), (0,1) are the affine 1 + x1 + 2 x2, positive on the data: one
    /// neuron with three nonzero products. Two products cannot do: the labels differ along both axes, so the network
    /// must read x1 and x2, and with only two products both go to weights — no bias anywhere, so f(0,0) = 0 ≠ 1.</summary>
    [Fact]
    public void PositiveAffineLabelsNeedOneFullNeuron()
    {
        var data = Data(2, [0, 0, 1, 0, 0, 1], [1, 2, 3]);
        Assert.Equal(1, Oracle(new SparsestProblem(data, false, SparsityObjective.Neurons)));
        Assert.Equal(3, Oracle(new SparsestProblem(data, false, SparsityObjective.Parameters)));
        Assert.Equal(0, Oracle(new SparsestProblem(data, true, SparsityObjective.Parameters)));
    }

    /// <summary>Data from one neuron (x1 + x2 − 1)_+ at five points: one neuron, three parameters (as the product).</summary>
    [Fact]
    public void DataFromOneNeuron()
    {
        var net = new ShallowReluNetwork(2, [new Neuron([1, 1], -1, 1)], null);
        var xs = new Rational[] { 0, 0, 1, 1, 2, 0, 0, 3, Rational.Create(1, 2), 2 };
        var data = Dataset.Create(2, xs, Enumerable.Range(0, 5).Select(i => net.EvaluateExact(xs.AsSpan(2 * i, 2))).ToArray());
        Assert.Equal(1, Oracle(new SparsestProblem(data, false, SparsityObjective.Neurons)));
        Assert.Equal(3, Oracle(new SparsestProblem(data, false, SparsityObjective.Parameters)));
    }

    /// <summary>Data from two neurons of different signs, (x1)_+ − (x2 − 1)_+ in d = 3 at six points. One neuron cannot
    /// give labels of both signs, so two neurons; x3 is unused, so at most 1 + 2 = 3 parameters.</summary>
    [Fact]
    public void DataFromTwoNeurons()
    {
        var net = new ShallowReluNetwork(3, [new Neuron([1, 0, 0], 0, 1), new Neuron([0, 1, 0], -1, -1)], null);
        var xs = new Rational[] { 1, 0, 0, 2, 1, 1, 0, 2, -1, 1, 3, 0, -1, -1, 2, 2, 2, 1 };
        var data = Dataset.Create(3, xs, Enumerable.Range(0, 6).Select(i => net.EvaluateExact(xs.AsSpan(3 * i, 3))).ToArray());
        Assert.Contains(data.Labels.ToArray(), v => v.Sign > 0);
        Assert.Contains(data.Labels.ToArray(), v => v.Sign < 0);
        Assert.Equal(2, Oracle(new SparsestProblem(data, false, SparsityObjective.Neurons)));
        int parameters = Oracle(new SparsestProblem(data, false, SparsityObjective.Parameters));
        Assert.InRange(parameters, 2, 3);
    }

    /// <summary>Affine labels need no neuron with the skip term.</summary>
    [Fact]
    public void AffineLabelsNeedNoNeuronWithTheSkipTerm()
    {
        var data = Data(2, [0, 0, 1, 0, 0, 1, 2, 3, -1, 2], [1, 3, 0, 2, -3]); // y = 2x1 − x2 + 1
        Assert.Equal(0, Oracle(new SparsestProblem(data, true, SparsityObjective.Neurons)));
        Assert.Equal(0, Oracle(new SparsestProblem(data, true, SparsityObjective.Parameters)));
        Assert.True(Oracle(new SparsestProblem(data, false, SparsityObjective.Neurons)) >= 2); // labels of both signs
    }

    /// <summary>The cut-guided search equals deciding every block subset by an LP (no pruning) on tiny data
    /// (60 datasets, or VERIFIER_BRUTEFORCE_CASES).</summary>
    [Fact]
    public void TheSearchAgreesWithUnprunedEnumeration()
    {
        int trials = int.TryParse(Environment.GetEnvironmentVariable("VERIFIER_BRUTEFORCE_CASES"), out var c) ? c : 60;
        var rng = new Random(3);
        for (int trial = 0; trial < trials; trial++)
        {
            var data = TinyData.Random(rng, n: rng.Next(2, 6), d: rng.Next(2, 4), degenerate: trial % 2 == 0);
            foreach (bool skip in new[] { false, true })
                foreach (var objective in new[] { SparsityObjective.Neurons, SparsityObjective.Parameters })
                {
                    if (objective == SparsityObjective.Parameters && data.Count > 4) continue; // too many subsets
                    var problem = new SparsestProblem(data, skip, objective);
                    int value;
                    try { value = Oracle(problem); }
                    catch (Exception e) { throw new InvalidOperationException($"skip={skip} {objective}\n{TinyData.Csv(data)}", e); }
                    Assert.Equal(value, IndependentBruteForce.ExhaustiveValue(problem, value));
                }
        }
    }

    /// <summary>A lower-bound check independent of every MIP: in 1-D with the free linear term the neuron optimum is
    /// the run count Σ⌈L/2⌉ of SPEC §2 (<see cref="Verifier.Exact.Univariate.UnivariateSparsest"/>). Bias-only neurons
    /// (free in 1-D) are constants, which the skip term absorbs, so the oracle's cost model is the 1-D one here.</summary>
    [Fact]
    public void AgreesWithTheRunCountInOneDimension()
    {
        var rng = new Random(12);
        for (int trial = 0; trial < 80; trial++)
        {
            int n = rng.Next(2, 7);
            var xs = Enumerable.Range(-4, 9).OrderBy(_ => rng.Next()).Take(n).Select(v => Rational.Create(v, 2)).ToArray();
            var ys = xs.Select(_ => (Rational)rng.Next(-2, 3)).ToArray();
            var problem = new SparsestProblem(Dataset.Univariate(xs, ys), Skip: true, SparsityObjective.Neurons);
            Assert.Equal(new Verifier.Exact.Univariate.UnivariateSparsest().Solve(problem).Objective, Oracle(problem));
        }
    }

    /// <summary>
    /// The oracle against <see cref="CombinatorialBendersSolver"/> on seeded tiny datasets (half of them degenerate),
    /// N = 3..6, d = 2 and 3, both objectives, with and without the skip term. Set VERIFIER_BRUTEFORCE_CASES for a
    /// larger run (default 24 datasets × 4 problems), VERIFIER_BRUTEFORCE_SEED for other data, VERIFIER_BRUTEFORCE_MAX_N
    /// for the largest N, and VERIFIER_BRUTEFORCE_DECIMALS=1 for general-position 3-decimal data instead.
    /// </summary>
    [Fact]
    public void AgreesWithTheBendersSolverOnTinyData()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("VERIFIER_BRUTEFORCE_CASES"), out var c) ? c : 24;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("VERIFIER_BRUTEFORCE_SEED"), out var s) ? s : 20261125;
        int maxN = int.TryParse(Environment.GetEnvironmentVariable("VERIFIER_BRUTEFORCE_MAX_N"), out var m) ? m : 6;
        bool decimals = Environment.GetEnvironmentVariable("VERIFIER_BRUTEFORCE_DECIMALS") == "1";
        var failures = new List<string>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        double oracleSeconds = 0, solverSeconds = 0, slowestOracle = 0;
        int compared = 0;
        for (int k = 0; k < cases; k++)
        {
            var rng = new Random(seed + k);
            int d = rng.Next(2, 4);
            var data = decimals ? TinyData.GeneralPosition(rng, n: rng.Next(3, maxN + 1), d)
                : TinyData.Random(rng, n: rng.Next(3, maxN + 1), d, degenerate: k % 2 == 0);
            foreach (bool skip in new[] { false, true })
                foreach (var objective in new[] { SparsityObjective.Neurons, SparsityObjective.Parameters })
                {
                    var problem = new SparsestProblem(data, skip, objective);
                    var t0 = watch.Elapsed.TotalSeconds;
                    int expected;
                    try { expected = Oracle(problem); }
                    catch (Exception e)
                    {
                        failures.Add($"seed {seed + k} (case {k}), skip={skip}, {objective}: the oracle failed: {e.Message}\n{TinyData.Csv(data)}");
                        continue;
                    }
                    var t1 = watch.Elapsed.TotalSeconds;
                    string? issue;
                    try { issue = Disagreement(problem, new CombinatorialBendersSolver(new MipOptions(TimeLimitSeconds: 60)).Solve(problem), expected); }
                    catch (Exception e) { issue = $"the solver threw {e.GetType().Name}: {e.Message}"; }
                    solverSeconds += watch.Elapsed.TotalSeconds - t1;
                    oracleSeconds += t1 - t0;
                    slowestOracle = Math.Max(slowestOracle, t1 - t0);
                    compared++;
                    if (issue is not null)
                        failures.Add($"seed {seed + k} (case {k}), skip={skip}, {objective}: {issue}\n{TinyData.Csv(data)}");
                }
        }
        output.WriteLine($"{compared} problems, oracle {oracleSeconds:F1} s (slowest {slowestOracle:F2} s), Benders {solverSeconds:F1} s");
        Assert.True(failures.Count == 0, $"{failures.Count} disagreements:\n" + string.Join("\n", failures.Take(20)));
    }

    /// <summary>Found by the large comparison (seeds 1392, 2000, 2176, 2728 of VERIFIER_BRUTEFORCE_SEED=1000): d = 3
    /// data on which one input coordinate is identically zero (X̄ lacks full column rank), each with the oracle's
    /// optimum with the skip term (neurons, parameters). Rows are "x1,x2,x3,y" separated by ';'.</summary>
    public static readonly TheoryData<string, int, int> RankDeficientSkipCases = new()
    {
        // x2 ≡ 0; points 2–4 lie on the line x3 = −x1 with labels −1, 1, −1 (not affine along it), so ≥ 1 neuron; one
        // product is too few: a one-product neuron (a x_j)_+ is linear on that line's points (x1 ≥ 0, x3 ≤ 0 there)
        // or zero on them, and a bias-only neuron is affine. Witness: −(3 − 6 x1)_+ plus an affine term.
        { "-2,0,0,-1;0,0,0,-1;1/2,0,-1/2,1;3/2,0,-3/2,-1", 1, 2 },
        { "0,-3/2,3/2,0;0,-1,1,1;0,0,-2,2;0,0,0,2;0,2,2,1", 1, 2 },
        { "0,-1,0,2;0,0,0,2;1/2,-1/2,0,1;2,-2,0,1", 1, 2 },
        { "0,-2,-2,-1;0,-1/2,-1/2,-2;0,0,1,-2;0,1/2,0,-2", 1, 1 },
        // Seeds 5708, 6924, 6954 of VERIFIER_BRUTEFORCE_SEED=5000.
        { "-2,0,-1,0;-1,0,1,0;0,0,-2,-2;0,0,0,-2;1/2,0,-1/2,2", 1, 2 },
        { "0,-1/2,-1/2,2;0,0,0,-1;0,1/2,1/2,-2;0,3/2,0,0", 1, 1 },
        { "0,-2,2,-1;0,-1,-1,2;0,0,0,1;0,2,-2,-1", 1, 1 },
    };

    private static Dataset Parse3(string rows)
    {
        var r = rows.Split(';').Select(line => line.Split(',').Select(Rational.Parse).ToArray()).ToArray();
        return Dataset.Create(3, r.SelectMany(v => v[..3]).ToArray(), r.Select(v => v[3]).ToArray());
    }

    [Theory]
    [MemberData(nameof(RankDeficientSkipCases))]
    public void OracleOptimaOnRankDeficientDataWithTheSkipTerm(string rows, int neurons, int parameters)
    {
        Assert.Equal(neurons, Oracle(new SparsestProblem(Parse3(rows), true, SparsityObjective.Neurons)));
        Assert.Equal(parameters, Oracle(new SparsestProblem(Parse3(rows), true, SparsityObjective.Parameters)));
    }

    /// <summary>Regression: on these datasets (a coordinate that vanishes on every point, with the skip term) the Benders
    /// solver used to throw ArgumentException "Only finite doubles are rational" from ConeSubproblem (a zero column
    /// scaled by its max-norm 0) instead of returning the optimum.</summary>
    [Theory]
    [MemberData(nameof(RankDeficientSkipCases))]
    public void BendersSolvesRankDeficientDataWithTheSkipTerm(string rows, int neurons, int parameters)
    {
        foreach (var (objective, expected) in new[] { (SparsityObjective.Neurons, neurons), (SparsityObjective.Parameters, parameters) })
        {
            var problem = new SparsestProblem(Parse3(rows), true, objective);
            Assert.Null(Disagreement(problem, new CombinatorialBendersSolver(new MipOptions(TimeLimitSeconds: 60)).Solve(problem), expected));
        }
    }

    private static string? Disagreement(SparsestProblem problem, SolveResult result, int expected)
    {
        if (result.Status != SolveStatus.Optimal) return $"status {result.Status}, oracle {expected}";
        if (result.Objective != expected) return $"solver {result.Objective}, oracle {expected}";
        if (result.Witness is null) return "no witness";
        if ((result.Witness.Skip is not null) != problem.Skip) return "witness architecture differs";
        var check = InterpolationCheck.Check(result.Witness, problem.Data);
        if (!check.Interpolates) return $"witness misses point {check.FirstMismatch}";
        int counted = Count(result.Witness, problem.Objective);
        return counted != result.Objective ? $"witness counts {counted}, solver reported {result.Objective}" : null;
    }
}

/// <summary>Generators of tiny datasets with small integer / half-integer inputs in [−2, 2] and labels in {−2..2}.</summary>
public static class TinyData
{
    /// <summary>n distinct points in d dimensions. Degenerate data draw from the origin, points on coordinate axes,
    /// multiples of a few directions (repeated directions, collinear points) and integer grid points; random data
    /// draw half-integer coordinates. Labels are integers in [−2, 2], zeros included.</summary>
    public static Dataset Random(Random rng, int n, int d, bool degenerate)
    {
        var points = new List<Rational[]>();
        var seen = new HashSet<string>();
        var directions = Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, d).Select(_ => (Rational)rng.Next(-1, 2)).ToArray())
            .Where(v => v.Any(x => !x.IsZero)).ToList();
        for (int attempts = 0; points.Count < n && attempts < 1000; attempts++)
        {
            Rational[] p;
            if (!degenerate) p = Enumerable.Range(0, d).Select(_ => Rational.Create(rng.Next(-4, 5), 2)).ToArray();
            else
            {
                int kind = rng.Next(5);
                p = new Rational[d];
                if (kind == 1) p[rng.Next(d)] = Rational.Create(rng.Next(-4, 5), 2);
                else if (kind == 2 && directions.Count > 0)
                {
                    var dir = directions[rng.Next(directions.Count)];
                    var t = Rational.Create(rng.Next(-4, 5), 2);
                    for (int j = 0; j < d; j++) p[j] = t * dir[j];
                }
                else if (kind >= 3) for (int j = 0; j < d; j++) p[j] = rng.Next(-2, 3);
            }
            if (seen.Add(string.Join(",", p))) points.Add(p);
        }
        var ys = points.Select(_ => (Rational)rng.Next(-2, 3)).ToArray();
        return Dataset.Create(d, points.SelectMany(p => p).ToArray(), ys);
    }

    /// <summary>n points with 3-decimal coordinates and labels in [−1, 1] (general position almost surely).</summary>
    public static Dataset GeneralPosition(Random rng, int n, int d) =>
        Dataset.Create(d, Enumerable.Range(0, n * d).Select(_ => Rational.Create(rng.Next(-1000, 1001), 1000)).ToArray(),
            Enumerable.Range(0, n).Select(_ => Rational.Create(rng.Next(-1000, 1001), 1000)).ToArray());

    /// <summary>The dataset as CSV text (header x1,…,xd,y), for failure messages.</summary>
    public static string Csv(Dataset data)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", Enumerable.Range(1, data.Dimension).Select(j => "x" + j.ToString(CultureInfo.InvariantCulture))) + ",y");
        for (int i = 0; i < data.Count; i++)
            sb.AppendLine(string.Join(",", Enumerable.Range(0, data.Dimension).Select(j => data.X(i, j).ToString())) + "," + data.Y(i));
        return sb.ToString();
    }
}
