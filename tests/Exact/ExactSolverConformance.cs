using Verifier.Exact.Certificates;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Exact.Univariate;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Exact;

/// <summary>
/// The contract of every exact solver (<see cref="IExactSolver"/>), run against each one on shared cases with known
/// optima, degenerate ones included: the outcome goes through the one status decision (<see cref="SparsestVerdict"/>),
/// the network is verified exactly, the count is the known optimum, and "optimal" comes with an equal lower bound.
/// A solver that cannot prove a case (the pattern baseline in 1-D) must still return a verified network of the optimal
/// count or better bounds than the truth allows — never an impossible bound.
/// </summary>
public abstract class ExactSolverConformance
{
    /// <summary>A case: data, architecture, objective, and the proven optimum (hand-checked or from the independent oracle).</summary>
    public sealed record Case(string Name, Dataset Data, bool Skip, SparsityObjective Objective, int Optimum)
    {
        public override string ToString() => Name;
    }

    private static Rational[] R(params object[] v) => v.Select(o => o is Rational r ? r : Rational.FromInteger(Convert.ToInt64(o))).ToArray();

    /// <summary>Every shared case; each solver runs those of <see cref="Applies"/>.</summary>
    public static readonly Case[] Cases =
    [
        new("1-D peak-plateau (SPEC §2), free linear term: 3 neurons", TestData.PeakPlateau, true, SparsityObjective.Neurons, 3),
        new("1-D zero-curvature split: 2 neurons", TestData.ZeroCurvatureSplit, true, SparsityObjective.Neurons, 2),
        new("1-D affine labels: 0 neurons", Dataset.Univariate(R(0, 1, 2, 5), R(1, 3, 5, 11)), true, SparsityObjective.Neurons, 0),
        new("1-D two points: 0 neurons", Dataset.Univariate(R(0, 1), R(4, -2)), true, SparsityObjective.Neurons, 0),
        new("1-D zero labels, no linear term: 0", Dataset.Univariate(R(0, 1, 2), R(0, 0, 0)), false, SparsityObjective.Neurons, 0),
        new("2-D XOR, neurons: 2", Dataset.Create(2, R(0, 0, 1, 0, 0, 1, 1, 1), R(1, 0, 0, 1)), false, SparsityObjective.Neurons, 2),
        new("2-D XOR, parameters: 5", Dataset.Create(2, R(0, 0, 1, 0, 0, 1, 1, 1), R(1, 0, 0, 1)), false, SparsityObjective.Parameters, 5),
        new("2-D one planted neuron (x1 + x2 − 1)_+: 1 neuron", OneNeuronData(), false, SparsityObjective.Neurons, 1),
        new("2-D one planted neuron (x1 + x2 − 1)_+: 3 parameters", OneNeuronData(), false, SparsityObjective.Parameters, 3),
        new("2-D affine labels with the linear term: 0", Dataset.Create(2, R(0, 0, 1, 0, 0, 1, 2, 3), R(1, 3, 0, 2)), true, SparsityObjective.Neurons, 0),
        new("3-D, a coordinate vanishing everywhere, linear term, neurons: 1", VanishingCoordinate(), true, SparsityObjective.Neurons, 1),
        new("3-D, a coordinate vanishing everywhere, linear term, parameters: 2", VanishingCoordinate(), true, SparsityObjective.Parameters, 2),
        new("2-D collinear inputs (repeated direction), neurons: 1", Dataset.Create(2, R(0, 0, 1, 1, 2, 2, 3, 3), R(0, 0, 1, 2)), false, SparsityObjective.Neurons, 1),
    ];

    private static Dataset OneNeuronData()
    {
        var net = new ShallowReluNetwork(2, [new Neuron([1, 1], -1, 1)], null);
        var xs = new Rational[] { 0, 0, 1, 1, 2, 0, 0, 3, Rational.Create(1, 2), 2 };
        return Dataset.Create(2, xs, Enumerable.Range(0, 5).Select(i => net.EvaluateExact(xs.AsSpan(2 * i, 2))).ToArray());
    }

    /// <summary>x2 ≡ 0; optima from the independent brute force (see BendersSolverTests).</summary>
    private static Dataset VanishingCoordinate() =>
        Dataset.Create(3, [-2, 0, 0, 0, 0, 0, Rational.Create(1, 2), 0, Rational.Create(-1, 2), Rational.Create(3, 2), 0, Rational.Create(-3, 2)],
            [-1, -1, 1, -1]);

    protected abstract IExactSolver Create();

    /// <summary>Which cases this solver handles; it must refuse the others with <see cref="ArgumentException"/>.</summary>
    protected abstract bool Applies(Case c);

    /// <summary>Whether this solver must prove the optimum of an applicable case (baselines may only bound it).</summary>
    protected virtual bool MustProve(Case c) => true;

    public static IEnumerable<object[]> AllCases() => Cases.Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(AllCases))]
    public void SolvesTheSharedCaseWithAVerifiedCertificate(Case c)
    {
        var problem = new SparsestProblem(c.Data, c.Skip, c.Objective);
        if (!Applies(c))
        {
            // Outside its scope a solver refuses the problem clearly instead of answering something else.
            Assert.Throws<ArgumentException>(() => Create().Solve(problem));
            return;
        }
        var result = Create().Solve(problem);
        var verdict = SparsestVerdict.Decide(problem, result); // throws on a solver defect
        Assert.NotNull(verdict.Network);
        Assert.True(verdict.Verified, $"{c}: {verdict.Check.Problem}");
        Assert.True(verdict.LowerBound <= c.Optimum, $"{c}: lower bound {verdict.LowerBound} above the optimum");
        if (MustProve(c))
        {
            Assert.Equal(SolveStatus.Optimal, verdict.Status);
            Assert.Equal(c.Optimum, verdict.Count);
            Assert.Equal(c.Optimum, verdict.LowerBound);
        }
        else Assert.True(verdict.Count >= c.Optimum, $"{c}: count {verdict.Count} below the proven optimum");
        if (result.Cuts is { } cuts)
        {
            Assert.True(cuts.VerifyCuts(), $"{c}: a cut fails its exact re-check");
            // The reported bound as a combinatorial fact over the cuts, re-checked here apart from the solver's own run.
            if (verdict.LowerBound > cuts.TrivialLowerBound)
            {
                Assert.Equal(verdict.LowerBound, cuts.ClaimedLowerBound);
                var bound = cuts.CheckLowerBound(new HittingSetLimits(600));
                Assert.True(HittingSetVerdict.Confirmed == bound.Verdict, $"{c}: the hitting-set check answers {bound.Verdict}");
                Assert.Contains($"lower bound {verdict.LowerBound} re-checked as a hitting-set fact", verdict.Proof);
            }
        }
    }
}

public sealed class UnivariateSparsestConformance : ExactSolverConformance
{
    protected override IExactSolver Create() => new UnivariateSparsest();
    protected override bool Applies(Case c) => c.Data.Dimension == 1 && c.Skip;
}

public sealed class BendersDepthFirstConformance : ExactSolverConformance
{
    protected override IExactSolver Create() => new CombinatorialBendersSolver(new MipOptions(60, Master: "dfs", RecheckSearchBound: true));
    protected override bool Applies(Case c) => true;
}

public sealed class BendersParallelDepthFirstConformance : ExactSolverConformance
{
    protected override IExactSolver Create() => new CombinatorialBendersSolver(new MipOptions(60, Threads: 2, Master: "dfs", RecheckSearchBound: true));
    protected override bool Applies(Case c) => true;
}

public sealed class BendersCpSatConformance : ExactSolverConformance
{
    protected override IExactSolver Create() => new CombinatorialBendersSolver(new MipOptions(60, Master: "cpsat"));
    protected override bool Applies(Case c) => true;
}

public sealed class BendersScipConformance : ExactSolverConformance
{
    protected override IExactSolver Create() => new CombinatorialBendersSolver(new MipOptions(60, Master: "scip"));
    protected override bool Applies(Case c) => true;
}

/// <summary>The Lemma 4.1 indicator baseline: it never proves 1-D optima (its count differs from the paper's there)
/// and has no free linear term in its cone rows' proof, so it only has to prove the d ≥ 2 cases.</summary>
public sealed class PatternMipConformance : ExactSolverConformance
{
    protected override IExactSolver Create() => new PatternMip(new MipOptions(60));
    protected override bool Applies(Case c) => true;
    protected override bool MustProve(Case c) => c.Data.Dimension > 1;
}
