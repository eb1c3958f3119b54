using Verifier.Exact.Certificates;
using Verifier.Exact.Mip;
using Verifier.Reformulation;
using Verifier.Exact.Problems;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Exact;

public class BendersSolverTests
{
    internal static (SolveResult Result, BendersCertificate Certificate) Solve(SparsestProblem problem, double seconds = 60)
    {
        var result = new CombinatorialBendersSolver(new MipOptions(seconds)).Solve(problem);
        return (result, result.Cuts!);
    }

    /// <summary>n points in d dimensions with coordinates and labels uniform on the multiples of 1/1000 in [−1, 1].</summary>
    internal static Dataset RandomMilliData(int n, int d, int seed)
    {
        var rng = new Random(seed);
        return Dataset.Create(d,
            Enumerable.Range(0, n * d).Select(_ => Rational.Create(rng.Next(-1000, 1001), 1000)).ToArray(),
            Enumerable.Range(0, n).Select(_ => Rational.Create(rng.Next(-1000, 1001), 1000)).ToArray());
    }

    internal static Dataset Xor => Dataset.Create(2, [0, 0, 1, 0, 0, 1, 1, 1], [1, 0, 0, 1]);

    [Theory]
    [InlineData(SparsityObjective.Neurons, 2)]
    [InlineData(SparsityObjective.Parameters, 5)]
    public void XorLikeDataHaveKnownOptimaWithVerifiedCertificates(SparsityObjective objective, int expected)
    {
        var problem = new SparsestProblem(Xor, Skip: false, objective);
        var (result, certificate) = Solve(problem);
        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal(expected, result.Objective);
        Assert.Equal(expected, result.LowerBound);
        Assert.True(CertificateCheck.Verify(problem, result).Verified);
        Assert.True(certificate.VerifyCuts());
    }

    [Fact]
    public void OneNeuronSufficesForDataFromOneNeuron()
    {
        // y = (x1 + x2 − 1)_+ at five points: one neuron, three parameters.
        var net = new ShallowReluNetwork(2, [new Neuron([1, 1], -1, 1)], null);
        var xs = new Rational[] { 0, 0, 1, 1, 2, 0, 0, 3, Rational.Create(1, 2), 2 };
        var data = Dataset.Create(2, xs, Enumerable.Range(0, 5).Select(i => net.EvaluateExact(xs.AsSpan(2 * i, 2))).ToArray());
        Assert.Equal(1, Solve(new SparsestProblem(data, false, SparsityObjective.Neurons)).Result.Objective);
        Assert.Equal(3, Solve(new SparsestProblem(data, false, SparsityObjective.Parameters)).Result.Objective);
    }

    [Fact]
    public void LinearDataNeedNoNeuronWithTheSkipTerm()
    {
        var data = Dataset.Create(2, [0, 0, 1, 0, 0, 1, 2, 3], [1, 3, 0, 2]); // y = 2x1 − x2 + 1
        var (result, _) = Solve(new SparsestProblem(data, Skip: true, SparsityObjective.Neurons));
        Assert.Equal(0, result.Objective);
        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.True(CertificateCheck.Verify(new SparsestProblem(data, true, SparsityObjective.Neurons), result).Verified);
    }

    [Theory]
    [InlineData(SparsityObjective.Neurons, 1)]
    [InlineData(SparsityObjective.Parameters, 2)]
    public void ACoordinateThatVanishesOnEveryPointIsHandledWithTheSkipTerm(SparsityObjective objective, int expected)
    {
        // x2 ≡ 0, so X̄ has a zero column and the skip term a zero column; this used to throw from the sub-problem
        // ("Only finite doubles are rational"). Optima from the independent brute force (tests/Exact/IndependentBruteForce):
        // labels −1, 1, −1 on the line x3 = −x1 are not affine there, and −(3 − 6x1)_+ plus an affine term fits.
        var data = Dataset.Create(3, [-2, 0, 0, 0, 0, 0, Rational.Create(1, 2), 0, Rational.Create(-1, 2), Rational.Create(3, 2), 0, Rational.Create(-3, 2)],
            [-1, -1, 1, -1]);
        var problem = new SparsestProblem(data, Skip: true, objective);
        var (result, certificate) = Solve(problem);
        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal(expected, result.Objective);
        Assert.True(CertificateCheck.Verify(problem, result).Verified);
        Assert.True(certificate.VerifyCuts());
    }

    [Fact]
    public void AgreesWithTheUnivariateSolverInOneDimension()
    {
        // Two independent methods (SPEC §5, claim 10): the run count Σ⌈L/2⌉ and the cut-based MIP with the free
        // linear term. The larger sweep over 200 datasets is the proofs-as-tests property Claim10.
        var rng = new Random(8);
        for (int trial = 0; trial < 15; trial++)
        {
            int n = rng.Next(2, 9);
            var xs = Enumerable.Range(-6, 13).OrderBy(_ => rng.Next()).Take(n).Select(v => (Rational)v).ToArray();
            var ys = xs.Select(_ => Rational.Create(rng.Next(-5, 6), rng.Next(1, 3))).ToArray();
            var problem = new SparsestProblem(Dataset.Univariate(xs, ys), Skip: true, SparsityObjective.Neurons);
            var univariate = new UnivariateSparsest().Solve(problem);
            var (mip, certificate) = Solve(problem);
            Assert.Equal(SolveStatus.Optimal, mip.Status);
            Assert.Equal(univariate.Objective, mip.Objective);
            Assert.True(CertificateCheck.Verify(problem, mip).Verified);
            Assert.True(certificate.VerifyCuts());
        }
    }

    [Fact]
    public void ATinyTimeLimitNeverClaimsOptimality()
    {
        var data = Dataset.Create(2,
            Enumerable.Range(0, 16).Select(i => Rational.Create((i * 37 % 23) - 11, 7)).ToArray(),
            Enumerable.Range(0, 8).Select(i => Rational.Create((i * 13 % 7) - 3, 2)).ToArray());
        var problem = new SparsestProblem(data, false, SparsityObjective.Parameters);
        var (result, certificate) = Solve(problem, seconds: 0.005);
        Assert.NotEqual(SolveStatus.Optimal, result.Status);
        Assert.True(result.LowerBound <= (result.Objective ?? int.MaxValue));
        if (result.Witness is not null) Assert.True(CertificateCheck.Verify(problem, result).Verified);
        Assert.True(certificate.VerifyCuts());
    }

    [Fact]
    public void TheParallelSearchStopsAtItsTimeLimitWithHonestBounds()
    {
        // N = 11 in d = 2 (parameters) takes seconds; with two workers and 0.3 s the search normally stops early. Whatever
        // it reaches, the status must match the bounds, and the bound, witness and cuts must be checkable.
        var data = RandomMilliData(11, 2, 3);
        var problem = new SparsestProblem(data, false, SparsityObjective.Parameters);
        var solver = new CombinatorialBendersSolver(new MipOptions(0.3, Threads: 2, Master: "dfs"));
        var result = solver.Solve(problem);
        if (result.Status == SolveStatus.Optimal) Assert.Equal(result.Objective, result.LowerBound);
        else Assert.True(result.LowerBound < (result.Objective ?? int.MaxValue));
        if (result.Witness is not null) Assert.True(CertificateCheck.Verify(problem, result).Verified);
        Assert.True(result.Cuts!.VerifyCuts());
    }

    [Fact]
    public void TheTimeLimitAlsoBoundsThePatternEnumeration()
    {
        // N = 12 ≤ d + 1 in d = 40: all 2^12 patterns exist, far more exact witnesses than 50 ms allow.
        var rng = new Random(5);
        var data = Dataset.Create(40,
            Enumerable.Range(0, 12 * 40).Select(_ => Rational.Create(rng.Next(-1000, 1001), 1000)).ToArray(),
            Enumerable.Range(0, 12).Select(_ => Rational.Create(rng.Next(-1000, 1001), 1000)).ToArray());
        var problem = new SparsestProblem(data, false, SparsityObjective.Parameters);
        var (result, _) = Solve(problem, seconds: 0.05);
        // Only what holds however fast the machine is: the limit runs out in the enumeration (the usual case) or, on
        // a machine fast enough to finish it, later; never an optimum in 50 ms. Either way a verified network comes
        // back (the projection interpolant when the search never started) with a lower bound of at most 1.
        Assert.NotEqual(SolveStatus.Optimal, result.Status);
        Assert.Equal(SolveStatus.Feasible, result.Status);
        Assert.True(result.LowerBound <= 1);
        Assert.True(CertificateCheck.Verify(problem, result).Verified);
    }

    /// <summary>In 1-D without the skip term a constant neuron is free (the bias is not counted), so constant
    /// labels need no neuron at all: a time limit that runs out at once must not claim a lower bound of 1.</summary>
    [Fact]
    public void AnImmediateTimeoutOnConstantOneDimensionalLabelsClaimsNoPositiveBound()
    {
        var problem = new SparsestProblem(Dataset.Univariate([0, 1, 2], [5, 5, 5]), Skip: false, SparsityObjective.Neurons);
        var (result, _) = Solve(problem, seconds: 1e-9);
        Assert.Equal(0, result.LowerBound);
        Assert.True(CertificateCheck.Verify(problem, result).Verified);
        Assert.Equal(0, result.Objective);
    }

    [Fact]
    public void TheCertificateCheckRejectsALowerBoundAboveTheWitness()
    {
        var problem = new SparsestProblem(Xor, Skip: false, SparsityObjective.Neurons);
        var (result, _) = Solve(problem);
        var forged = result with { Status = SolveStatus.Feasible, LowerBound = result.Objective!.Value + 1 };
        var verdict = CertificateCheck.Verify(problem, forged);
        Assert.False(verdict.Verified);
        Assert.Contains("exceeds", verdict.Problem);
    }

    /// <summary>Support masks cover all d + 1 coordinates: with d = 40 the data live only on coordinate 35, which an
    /// int mask (1 &lt;&lt; 35 == 1 &lt;&lt; 3) used to confuse with coordinate 3. One neuron relu(x_35), one parameter.</summary>
    [Theory]
    [InlineData(SparsityObjective.Neurons)]
    [InlineData(SparsityObjective.Parameters)]
    public void CoordinatesBeyondThirtyOneAreTheirOwnSupports(SparsityObjective objective)
    {
        const int d = 40;
        var xs = new Rational[2 * d];
        xs[35] = Rational.One;
        xs[d + 35] = Rational.Create(2, 1);
        var problem = new SparsestProblem(Dataset.Create(d, xs, [Rational.One, Rational.Create(2, 1)]), Skip: false, objective);
        var (result, certificate) = Solve(problem);
        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal(1, result.Objective);
        Assert.True(CertificateCheck.Verify(problem, result).Verified);
        Assert.True(certificate.VerifyCuts());
        var neuron = Assert.Single(result.Witness!.Neurons);
        Assert.False(neuron.W[35].IsZero);
        Assert.True(neuron.W.Select((w, k) => k == 35 || w.IsZero).All(ok => ok) && neuron.B.IsZero);
    }

    /// <summary>The parameters objective enumerates every independent column set of X̄ as a support, which is
    /// hopeless for N = 10 points in d = 50 (Σ_{k ≤ 10} C(51, k) sets): the time limit must stop that step too. The
    /// answer is honest — `feasible` with lower bound 1 and the exactly verified projection interpolant, never
    /// `optimal`. The work is astronomically larger than the 1 s budget, so the outcome does not depend on the
    /// machine (a slow enumeration runs out one step earlier, with the same answer).</summary>
    [Fact]
    public void TheTimeLimitAlsoBoundsTheBlockConstruction()
    {
        var rng = new Random(5);
        const int n = 10, d = 50;
        var xs = Enumerable.Range(0, n * d).Select(_ => Rational.Create(rng.Next(-1000, 1001), 1000)).ToArray();
        var ys = Enumerable.Range(0, n).Select(_ => Rational.Create(rng.Next(1, 1001), 1000)).ToArray();
        var problem = new SparsestProblem(Dataset.Create(d, xs, ys), Skip: false, SparsityObjective.Parameters);
        var result = new CombinatorialBendersSolver(new MipOptions(1)).Solve(problem);
        Assert.Equal(SolveStatus.Feasible, result.Status);
        Assert.Equal(1, result.LowerBound);
        Assert.Contains("projection interpolant", result.Proof);
        Assert.True(CertificateCheck.Verify(problem, result).Verified);
        Assert.True(SparsityMeasures.ActiveNeurons(result.Witness!) <= n);
    }

    [Fact]
    public void InputDimensionAboveSixtyThreeIsRejectedClearly()
    {
        var problem = new SparsestProblem(Dataset.Create(64, Enumerable.Repeat(Rational.One, 64).ToArray(), [Rational.One]),
            Skip: false, SparsityObjective.Neurons);
        var e = Assert.Throws<DataFormatException>(() => Solve(problem));
        Assert.Contains("d ≤ 63", e.Message);
    }

    [Fact]
    public void EqualInputsWithDifferentLabelsAreRejectedBeforeSolving() =>
        Assert.Throws<NoInterpolantException>(() => Dataset.Create(2, [0, 0, 1, 1, 0, 0], [1, 2, 3]));
}

public class FormulationAgreementTests
{
    /// <summary>Solves with the Benders solver and asserts: optimal, the witness verified exactly, every cut re-checked.</summary>
    private static SolveResult SolveOptimalAndChecked(SparsestProblem problem, MipOptions options, string label)
    {
        var solver = new CombinatorialBendersSolver(options);
        var result = solver.Solve(problem);
        Assert.True(result.Cuts!.VerifyCuts(), label);
        Assert.True(CertificateCheck.Verify(problem, result).Verified, label);
        Assert.Equal(SolveStatus.Optimal, result.Status);
        return result;
    }

    /// <summary>Two formulations and two solvers (exact-cut Benders with its default depth-first master; Lemma 4.1 with
    /// indicators in SCIP) must agree on tiny data in d = 2 and 3.</summary>
    [Theory]
    [InlineData(4, 2, 1, SparsityObjective.Neurons)]
    [InlineData(5, 2, 2, SparsityObjective.Neurons)]
    [InlineData(4, 3, 3, SparsityObjective.Neurons)]
    [InlineData(4, 2, 4, SparsityObjective.Parameters)]
    [InlineData(3, 3, 5, SparsityObjective.Parameters)]
    public void BendersAndPatternMipAgree(int n, int d, int seed, SparsityObjective objective)
    {
        var data = BendersSolverTests.RandomMilliData(n, d, seed);
        var problem = new SparsestProblem(data, Skip: false, objective);
        var benders = new CombinatorialBendersSolver(new MipOptions(60)).Solve(problem);
        var pattern = new PatternMip(new MipOptions(60)).Solve(problem);
        Assert.Equal(SolveStatus.Optimal, benders.Status);
        Assert.Equal(SolveStatus.Optimal, pattern.Status);
        Assert.Equal(benders.Objective, pattern.Objective);
        Assert.True(CertificateCheck.Verify(problem, benders).Verified);
        Assert.True(CertificateCheck.Verify(problem, pattern).Verified);
    }

    /// <summary>The depth-first master and the CP-SAT master use the same groups and sub-problem but different searches:
    /// both must prove the same optimum, and every cut of each run must pass the exact re-check.</summary>
    [Theory]
    [InlineData(7, 2, 11, SparsityObjective.Parameters)]
    [InlineData(8, 2, 12, SparsityObjective.Neurons)]
    [InlineData(5, 3, 13, SparsityObjective.Parameters)]
    [InlineData(7, 3, 14, SparsityObjective.Neurons)]
    public void DepthFirstAndCpSatMastersAgree(int n, int d, int seed, SparsityObjective objective)
    {
        var data = BendersSolverTests.RandomMilliData(n, d, seed);
        var problem = new SparsestProblem(data, Skip: false, objective);
        var results = new[] { "dfs", "cpsat" }.Select(master => SolveOptimalAndChecked(problem, new MipOptions(60, Master: master), master)).ToArray();
        Assert.Equal(results[1].Objective, results[0].Objective);
        Assert.Contains("depth-first master", results[0].Proof);
        Assert.DoesNotContain("depth-first master", results[1].Proof);
    }

    /// <summary>The parallel depth-first master (workers sharing the cut pool) must prove the same optimum as the
    /// sequential one, with every cut re-checked exactly; with the skip term and without, where the optimum is below the
    /// incumbent search's answer (found by a worker: N = 9 neurons, seed 22; seed 34 with the skip term) or equal to it.</summary>
    [Theory]
    [InlineData(8, 2, 21, SparsityObjective.Parameters, false)]
    [InlineData(9, 2, 22, SparsityObjective.Neurons, false)]
    [InlineData(8, 2, 34, SparsityObjective.Parameters, true)]
    [InlineData(8, 2, 43, SparsityObjective.Parameters, true)]
    [InlineData(6, 3, 13, SparsityObjective.Parameters, false)]
    public void ParallelAndSequentialDepthFirstMastersAgree(int n, int d, int seed, SparsityObjective objective, bool skip)
    {
        var data = BendersSolverTests.RandomMilliData(n, d, seed);
        var problem = new SparsestProblem(data, skip, objective);
        var results = new[] { 1, 2, 3 }.Select(threads =>
            SolveOptimalAndChecked(problem, new MipOptions(60, Threads: threads, Master: "dfs"), $"{threads} threads")).ToArray();
        Assert.All(results, r => Assert.Equal(results[0].Objective, r.Objective));
    }

    /// <summary>The propagation pass has a vector path for masks of one 512-bit block and a word-by-word path for the
    /// rest; forced onto the word-by-word path, the depth-first search must visit exactly the same nodes.</summary>
    [Theory]
    [InlineData(8, 2, 31, SparsityObjective.Parameters)]
    [InlineData(6, 3, 32, SparsityObjective.Parameters)]
    [InlineData(11, 2, 33, SparsityObjective.Neurons)]
    public void BothPropagationPathsVisitTheSameNodes(int n, int d, int seed, SparsityObjective objective)
    {
        var problem = new SparsestProblem(BendersSolverTests.RandomMilliData(n, d, seed), Skip: false, objective);
        SolveResult Run(bool wordByWord)
        {
            FarkasBranchingSearch.ForceWordByWordPropagation = wordByWord; // thread-static: one thread, this test only
            try { return new CombinatorialBendersSolver(new MipOptions(60, Threads: 1, Master: "dfs")).Solve(problem); }
            finally { FarkasBranchingSearch.ForceWordByWordPropagation = false; }
        }
        var vector = Run(false);
        var words = Run(true);
        // Each instance has at most 512 groups, so without the switch the one-block vector pass runs (where the
        // hardware has 512-bit vectors; elsewhere both runs take the word-by-word pass).
        Assert.True(vector.Statistics!.Groups <= 512, $"{vector.Statistics!.Groups} groups");
        Assert.Equal(SolveStatus.Optimal, vector.Status);
        Assert.Equal(vector.Status, words.Status);
        Assert.Equal(vector.Objective, words.Objective);
        Assert.True(vector.Statistics!.Nodes > 10);
        Assert.Equal(vector.Statistics!.Nodes, words.Statistics!.Nodes);
        Assert.Equal(vector.Statistics!.Cuts, words.Statistics!.Cuts);
    }
}
