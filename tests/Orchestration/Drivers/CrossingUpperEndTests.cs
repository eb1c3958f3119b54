using Verifier.Continuous.GlobalLp;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Orchestration.Drivers;
using Verifier.Proofs.Results;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Tests.Continuous.GlobalLp;
using Verifier.Tests.Exact;
using Xunit;

namespace Verifier.Tests.Orchestration.Drivers;

public class CrossingUpperEndTests
{
    private static (SparsestSet Set, int K0) AllSparsest(Dataset data)
    {
        var problem = SparsestProblem.WithDefaults(data);
        var optimum = new CombinatorialBendersSolver(new MipOptions(60)).Solve(problem);
        Assert.Equal(SolveStatus.Optimal, optimum.Status);
        var set = SparsestEnumeration.Enumerate(problem, optimum.Objective!.Value, 60);
        Assert.True(set.Complete, set.Proof);
        return (set, optimum.Objective.Value);
    }

    /// <summary>The pinned dataset of the Thm 4.1 property: the certified minimiser has 1 nonzero (sparsest) at p = 0.2
    /// and 2 at p = 0.3, so p* ∈ (0.2, 0.3]; the crossing from the p = 0.3 minimiser must land in that interval, and the
    /// independent oracle must find no sparsest minimiser there.</summary>
    [Fact]
    public void TheBracketedDatasetCrossesBetweenPoint2AndPoint3()
    {
        var data = Thm4_1_SmallPRecoversSparsest.BracketedData.ToDataset();
        var (set, k0) = AllSparsest(data);
        var nonSparsest = new GlobalLpSolver(20).Solve(data, 0.3);
        Assert.True(nonSparsest.Certified, $"{nonSparsest.Status} {nonSparsest.LowerBound} {nonSparsest.UpperBound}");
        var crossing = CrossingUpperEnd.Find(set, [nonSparsest.Network!]);
        Assert.NotNull(crossing);
        Assert.InRange(crossing!.P, 0.2, 0.3);
        Assert.True(crossing.P > 0.2, $"{crossing.P}");
        Assert.True(AssertConfirmedByOracle(data, set, crossing, "bracketed"), "no p above the crossing separated the costs");
    }

    /// <summary>Random tiny planar data: every crossing found from the networks of uncertified-or-certified solves at
    /// p = 0.9 is confirmed by the oracle (no sparsest minimiser at that p), and at least one is found.</summary>
    [Fact]
    public void EveryCrossingOnRandomDataIsConfirmedByTheOracle()
    {
        int found = 0, separated = 0;
        for (int seed = 1; seed <= 8; seed++)
        {
            var data = BendersSolverTests.RandomMilliData(4, 2, 40 + seed);
            var (set, k0) = AllSparsest(data);
            var candidates = new[] { 0.5, 0.9 }.Select(p => new GlobalLpSolver(1).Solve(data, p).Network).OfType<ShallowReluNetwork>().ToList();
            if (CrossingUpperEnd.Find(set, candidates) is not { } crossing) continue;
            found++;
            if (AssertConfirmedByOracle(data, set, crossing, $"seed {seed}")) separated++;
        }
        Assert.True(found > 0 && separated > 0, $"{found} crossing(s), {separated} checked above the crossing: the check would be vacuous");
    }

    /// <summary>The independent vertex oracle (all basic solutions, exact) agrees: at the crossing no sparsest vertex is
    /// cheaper than the crossing network (the two costs are equal there to about 1e-15, below the oracle's tie
    /// resolution 1e-12, so only "not cheaper" is checkable); and a little above it, where the network is cheaper than
    /// every enumerated sparsest one by a resolvable margin, every minimiser the oracle finds is non-sparsest (returns
    /// whether such a p was found and checked).</summary>
    private static bool AssertConfirmedByOracle(Dataset data, SparsestSet set, CrossingUpper crossing, string label)
    {
        double cost = SparsityMeasures.PathNorm(crossing.Network, crossing.P);
        var at = IndependentLpOracle.Solve(data, crossing.P).Minima[0];
        Assert.True(at.Value <= cost * (1 + 1e-12), $"{label}: the oracle's minimum is above the crossing network");
        foreach (var (value, parameters) in at.NearCandidates.Where(c => c.Parameters == set.Optimum))
            Assert.True(value >= cost * (1 - 1e-12), $"{label}: a sparsest vertex cheaper than the crossing network at p = {crossing.P}");
        foreach (double delta in new[] { 0.01, 0.03 })
        {
            double p = crossing.P + delta;
            if (p >= 1) break;
            double sparsest = set.Networks.Min(n => SparsityMeasures.PathNorm(n, p));
            if (!(SparsityMeasures.PathNorm(crossing.Network, p) < sparsest * (1 - 1e-9))) continue;
            var above = IndependentLpOracle.Solve(data, p).Minima[0];
            Assert.True(above.MinParameters > set.Optimum, $"{label}: a sparsest minimiser at p = {p}, above the crossing {crossing.P}");
            return true;
        }
        return false;
    }

    [Fact]
    public void NonInterpolatingSparsestOrIncompleteInputsProveNothing()
    {
        var data = Thm4_1_SmallPRecoversSparsest.BracketedData.ToDataset();
        var (set, _) = AllSparsest(data);
        var z = new GlobalLpSolver(20).Solve(data, 0.3).Network!;
        var broken = new ShallowReluNetwork(z.InputDim, z.Neurons.Select(n => n with { V = n.V * 2 }).ToList(), z.Skip);
        Assert.NotNull(CrossingUpperEnd.Find(set, [z]));
        Assert.Null(CrossingUpperEnd.Find(set, [broken]));
        Assert.Null(CrossingUpperEnd.Find(set, set.Networks));
        Assert.Null(CrossingUpperEnd.Find(set with { Complete = false }, [z]));
        // A free linear term is not objective (8): such a network proves nothing, even where it interpolates.
        var withSkip = new ShallowReluNetwork(z.InputDim, z.Neurons, new LinearSkip([0, 0], 0));
        Assert.Null(CrossingUpperEnd.Find(set, [withSkip]));
    }
}
