using Verifier.Exact.Certificates;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Xunit;

namespace Verifier.Tests.Exact.Certificates;

/// <summary>
/// The exact re-check of a claimed lower bound as a hitting-set fact (<see cref="HittingSetCheck"/>): against brute force
/// on small random systems, on handmade systems with family and paid-group constraints, on the certificates of real
/// solves, and on mutated certificates. Every witness of a refutation is re-checked here, not trusted.
/// </summary>
public class HittingSetCheckTests
{
    private static readonly HittingSetLimits Unlimited = new(600);

    private static HittingSetCheck Check(int[] costs, int[] families, int[][] cuts, int? maxPaid = null) =>
        new(costs, families, cuts.Select(c => (IReadOnlyList<int>)c).ToList(), maxPaid);

    /// <summary>The test's own definition of a refuting selection: admissible, cost ≤ b, meeting every cut.</summary>
    private static void AssertRefutes(int[] selection, int budget, int[] costs, int[] families, int[][] cuts, int? maxPaid = null)
    {
        Assert.Equal(selection.Length, selection.Distinct().Count());
        Assert.True(selection.Sum(k => costs[k]) <= budget, $"witness costs {selection.Sum(k => costs[k])} > {budget}");
        Assert.Equal(selection.Length, selection.Select(k => families[k]).Distinct().Count()); // one group per family
        if (maxPaid is int p) Assert.True(selection.Count(k => costs[k] > 0) <= p);
        Assert.All(cuts, cut => Assert.True(cut.Intersect(selection).Any(), $"witness misses cut [{string.Join(",", cut)}]"));
    }

    /// <summary>The minimum cost of an admissible selection meeting every cut, by enumerating all subsets (null: none).</summary>
    private static int? BruteForceMinimum(int[] costs, int[] families, int[][] cuts, int? maxPaid)
    {
        int m = costs.Length;
        int? best = null;
        for (int set = 0; set < 1 << m; set++)
        {
            var chosen = Enumerable.Range(0, m).Where(k => (set >> k & 1) != 0).ToArray();
            if (chosen.Select(k => families[k]).Distinct().Count() != chosen.Length) continue;
            if (maxPaid is int p && chosen.Count(k => costs[k] > 0) > p) continue;
            if (!cuts.All(c => c.Any(k => (set >> k & 1) != 0))) continue;
            int cost = chosen.Sum(k => costs[k]);
            if (best is null || cost < best) best = cost;
        }
        return best;
    }

    [Fact]
    public void AHandmadeTriangleHasBoundTwo()
    {
        // Three unit groups, each pair forming a cut: one group misses a cut, two meet all. Group 3 (cost 2) is in no cut.
        int[] costs = [1, 1, 1, 2], families = [0, 1, 2, 3];
        int[][] cuts = [[0, 1], [1, 2], [0, 2]];
        var check = Check(costs, families, cuts);
        Assert.Equal(HittingSetVerdict.Confirmed, check.NoSelectionWithin(1, Unlimited).Verdict);
        var refuted = check.NoSelectionWithin(2, Unlimited);
        Assert.Equal(HittingSetVerdict.Refuted, refuted.Verdict);
        AssertRefutes(refuted.Selection!, 2, costs, families, cuts);
        var bound = check.CheckLowerBound(claimed: 3, trivial: 1, Unlimited);
        Assert.Equal(HittingSetVerdict.Refuted, bound.Verdict);
        Assert.Equal(2, bound.Confirmed); // the iterative deepening confirms the true bound
        AssertRefutes(bound.Witness!, 2, costs, families, cuts);
        Assert.Equal(HittingSetVerdict.Confirmed, check.CheckLowerBound(2, 1, Unlimited).Verdict);
    }

    [Fact]
    public void FamiliesAllowOneGroupEach()
    {
        // Cuts {0} and {1}: with 0 and 1 in one family no admissible selection meets both, so every bound holds.
        int[][] cuts = [[0], [1]];
        int[] costs = [1, 1];
        Assert.Equal(HittingSetVerdict.Confirmed, Check(costs, [7, 7], cuts).CheckLowerBound(1000, 1, Unlimited).Verdict);
        var separate = Check(costs, [7, 8], cuts).CheckLowerBound(3, 1, Unlimited);
        Assert.Equal(HittingSetVerdict.Refuted, separate.Verdict);
        Assert.Equal([0, 1], separate.Witness!);
        Assert.Equal(2, separate.Confirmed);
    }

    [Fact]
    public void ThePaidGroupLimitCountsOnlyPaidGroups()
    {
        // Three disjoint cuts of unit groups need three paid groups; a free group (cost 0) meets the third cut instead.
        int[][] cuts = [[0], [1], [2, 3]];
        int[] costs = [1, 1, 1, 0], families = [0, 1, 2, 3];
        Assert.Equal(HittingSetVerdict.Refuted, Check(costs, families, cuts, maxPaid: 2).NoSelectionWithin(2, Unlimited).Verdict);
        var onlyPaid = Check([1, 1, 1, 1], families, cuts, maxPaid: 2);
        Assert.Equal(HittingSetVerdict.Confirmed, onlyPaid.NoSelectionWithin(100, Unlimited).Verdict);
        Assert.Equal(HittingSetVerdict.Refuted, Check([1, 1, 1, 1], families, cuts, maxPaid: 3).NoSelectionWithin(3, Unlimited).Verdict);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TheCheckAgreesWithBruteForceOnRandomSystems(int threads)
    {
        var rng = new Random(17 + threads);
        var limits = Unlimited with { Threads = threads };
        for (int trial = 0; trial < 300; trial++)
        {
            int m = rng.Next(1, 11);
            var costs = Enumerable.Range(0, m).Select(_ => rng.Next(0, 4)).ToArray();
            var families = Enumerable.Range(0, m).Select(_ => rng.Next(0, Math.Max(1, m * 2 / 3))).ToArray();
            var cuts = Enumerable.Range(0, rng.Next(0, 9))
                .Select(_ => Enumerable.Range(0, m).Where(_ => rng.Next(3) == 0).ToArray()).ToArray();
            int? maxPaid = rng.Next(3) == 0 ? rng.Next(0, 4) : null;
            var check = Check(costs, families, cuts, maxPaid);
            var minimum = BruteForceMinimum(costs, families, cuts, maxPaid);
            string label = $"trial {trial}: costs [{string.Join(",", costs)}] families [{string.Join(",", families)}] cuts " +
                           string.Join(" ", cuts.Select(c => $"[{string.Join(",", c)}]")) + $" P {maxPaid}";
            if (minimum is not int min)
            {
                Assert.True(HittingSetVerdict.Confirmed == check.NoSelectionWithin(3 * m, limits).Verdict, label);
                continue;
            }
            if (min > 0) Assert.True(HittingSetVerdict.Confirmed == check.NoSelectionWithin(min - 1, limits).Verdict, label);
            var refuted = check.NoSelectionWithin(min, limits);
            Assert.True(HittingSetVerdict.Refuted == refuted.Verdict, label);
            AssertRefutes(refuted.Selection!, min, costs, families, cuts, maxPaid);
            var bound = check.CheckLowerBound(min + 2, 0, limits);
            Assert.True(HittingSetVerdict.Refuted == bound.Verdict && bound.Confirmed == min, label);
        }
    }

    [Fact]
    public void ARunOutOfBudgetIsUndecidedAndKeepsTheTrivialBound()
    {
        // 12 disjoint cuts of 3 unit groups each, claimed bound 12: true, but not within 5 nodes.
        var cuts = Enumerable.Range(0, 12).Select(j => new[] { 3 * j, 3 * j + 1, 3 * j + 2 }).ToArray();
        var costs = Enumerable.Repeat(1, 36).ToArray();
        var check = Check(costs, Enumerable.Range(0, 36).ToArray(), cuts);
        var tight = check.CheckLowerBound(12, 1, new HittingSetLimits(600, MaxNodes: 5));
        Assert.Equal(HittingSetVerdict.Undecided, tight.Verdict);
        Assert.InRange(tight.Confirmed, 1, 11);
        Assert.Null(tight.Witness);
        var noTime = check.CheckLowerBound(12, 1, new HittingSetLimits(0));
        Assert.Equal(HittingSetVerdict.Undecided, noTime.Verdict);
        Assert.Equal(1, noTime.Confirmed);
        Assert.Equal(HittingSetVerdict.Confirmed, check.CheckLowerBound(12, 1, Unlimited).Verdict);
    }

    [Fact]
    public void AGroupIndexOutsideTheGroupsIsRejected()
    {
        Assert.Throws<ArgumentException>(() => Check([1, 1], [0, 1], [[0, 2]]));
        Assert.Throws<ArgumentException>(() => Check([1, 1], [0, 1], [[-1]]));
        Assert.Throws<ArgumentException>(() => Check([1, -1], [0, 1], [[0]]));
    }

    [Fact]
    public void ACutNamingAMissingGroupFailsItsExactCheck()
    {
        var problem = new SparsestProblem(BendersSolverTests.Xor, false, SparsityObjective.Neurons);
        var (_, certificate) = BendersSolverTests.Solve(problem);
        var cut = certificate.Cuts[0];
        Assert.True(cut.Verify(certificate.Y, certificate.Groups, certificate.SkipColumns));
        foreach (int missing in new[] { certificate.Groups.Count, certificate.Groups.Count + 5, -1 })
        {
            var forged = cut with { Groups = [.. cut.Groups, missing] }; // otherwise still a valid (weaker) cut
            Assert.False(forged.Verify(certificate.Y, certificate.Groups, certificate.SkipColumns));
            Assert.False((certificate with { Cuts = [.. certificate.Cuts.Skip(1), forged] }).VerifyCuts());
        }
    }

    /// <summary>Real certificates whose bounds are above the trivial one (the conformance cases re-check theirs too).</summary>
    public static IEnumerable<object[]> RealCases() =>
    [
        [BendersSolverTests.Xor, SparsityObjective.Parameters],
        [BendersSolverTests.RandomMilliData(7, 2, 4), SparsityObjective.Parameters],
        [BendersSolverTests.RandomMilliData(9, 2, 5), SparsityObjective.Neurons],
    ];

    [Theory]
    [MemberData(nameof(RealCases))]
    public void RemovingCutsRefutesTheBoundExactlyWhenASelectionMeetsTheRest(Dataset data, SparsityObjective objective)
    {
        var (result, certificate) = BendersSolverTests.Solve(new SparsestProblem(data, false, objective));
        Assert.Equal(SolveStatus.Optimal, result.Status);
        int bound = result.LowerBound;
        Assert.True(bound > certificate.TrivialLowerBound);
        Assert.Equal(bound, certificate.ClaimedLowerBound);
        var full = certificate.CheckLowerBound(Unlimited);
        Assert.Equal(HittingSetVerdict.Confirmed, full.Verdict);
        Assert.Equal(bound, full.Confirmed);
        // The default depth-first master rests on its own exhaustion; the re-check above is this test's.
        Assert.DoesNotContain("hitting-set", result.Proof);

        // Dropping the first k cuts can only make the question easier, and with every cut gone the empty selection meets
        // the rest; the smallest k that refutes the bound gives a witness that meets every remaining cut and must miss cut
        // k − 1 (with that cut present, the bound held).
        HittingSetOutcome Without(int k) => (certificate with { Cuts = certificate.Cuts.Skip(k).ToList() })
            .HittingSet().NoSelectionWithin(bound - 1, Unlimited);
        int lo = 0, hi = certificate.Cuts.Count; // Without(lo) confirmed, Without(hi) refuted
        Assert.Equal(HittingSetVerdict.Refuted, Without(hi).Verdict);
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (Without(mid).Verdict == HittingSetVerdict.Refuted) hi = mid; else lo = mid;
        }
        var witness = Without(hi).Selection!;
        var costs = certificate.Groups.Select(g => g.Cost).ToArray();
        var families = certificate.Groups.Select(g => g.Family).ToArray();
        var remaining = certificate.Cuts.Skip(hi).Select(c => c.Groups).ToArray();
        AssertRefutes(witness, bound - 1, costs, families, remaining, certificate.MaxPaidGroups);
        Assert.False(certificate.Cuts[hi - 1].Groups.Intersect(witness).Any(), "the witness meets the cut whose removal refuted the bound");
    }

    [Theory]
    [MemberData(nameof(RealCases))]
    public void AlteringTheGroupsOfACutIsCaughtByOneOfTheTwoChecks(Dataset data, SparsityObjective objective)
    {
        var (result, certificate) = BendersSolverTests.Solve(new SparsestProblem(data, false, objective));
        int bound = result.LowerBound;
        var costs = certificate.Groups.Select(g => g.Cost).ToArray();
        var families = certificate.Groups.Select(g => g.Family).ToArray();

        // A group dropped from a cut makes the cut stronger, so the hitting-set bound cannot fall (mathematically so:
        // it stays confirmed), but the cut then fails its exact re-check: the dropped group has a generator with π·g > 0.
        int longest = Enumerable.Range(0, certificate.Cuts.Count).MaxBy(j => certificate.Cuts[j].Groups.Length);
        var dropped = certificate with { Cuts = certificate.Cuts.Select((c, j) => j == longest ? c with { Groups = c.Groups[1..] } : c).ToList() };
        Assert.Equal(HittingSetVerdict.Confirmed, dropped.CheckLowerBound(Unlimited).Verdict);
        Assert.False(dropped.VerifyCuts());

        // A cheap group added to every cut keeps every cut valid (a superset of a valid cut is valid), and then that one
        // group meets them all: the bound is refuted, with a witness this test re-checks.
        int cheap = Enumerable.Range(0, costs.Length).Where(k => costs[k] > 0).MinBy(k => costs[k]);
        Assert.True(costs[cheap] < bound);
        var widened = certificate with
        {
            Cuts = certificate.Cuts.Select(c => c with { Groups = c.Groups.Contains(cheap) ? c.Groups : [.. c.Groups, cheap] }).ToList(),
        };
        Assert.True(widened.VerifyCuts());
        var check = widened.CheckLowerBound(Unlimited);
        Assert.Equal(HittingSetVerdict.Refuted, check.Verdict);
        AssertRefutes(check.Witness!, bound - 1, costs, families, widened.Cuts.Select(c => c.Groups).ToArray(), widened.MaxPaidGroups);
        Assert.True(check.Confirmed <= costs[cheap]);
    }

    [Fact]
    public void TheSolverReportsARefutedOrUndecidedClaimAsNoProof()
    {
        var problem = new SparsestProblem(BendersSolverTests.Xor, false, SparsityObjective.Parameters);
        var (result, certificate) = BendersSolverTests.Solve(problem);
        Assert.Equal(5, result.LowerBound);
        var honest = CombinatorialBendersSolver.CheckClaimedBound(certificate, 60, 1, default)!;
        Assert.Equal(HittingSetVerdict.Confirmed, honest.Verdict);
        Assert.Contains("lower bound 5 re-checked as a hitting-set fact", CombinatorialBendersSolver.BoundCheckProof(honest, certificate));

        // A claim above the optimum (5 nonzeros reach y): refuted, and the largest bound confirmed is the true one.
        var inflated = certificate with { ClaimedLowerBound = 7 };
        var refuted = CombinatorialBendersSolver.CheckClaimedBound(inflated, 60, 2, default)!;
        Assert.Equal(HittingSetVerdict.Refuted, refuted.Verdict);
        Assert.Equal(5, refuted.Confirmed);
        string proof = CombinatorialBendersSolver.BoundCheckProof(refuted, inflated);
        Assert.Contains("REFUTED", proof);
        Assert.Contains("optimality not claimed", proof);

        var undecided = CombinatorialBendersSolver.CheckClaimedBound(certificate, 0, 1, default)!;
        Assert.Equal(HittingSetVerdict.Undecided, undecided.Verdict);
        Assert.Equal(certificate.TrivialLowerBound, undecided.Confirmed);
        Assert.Contains("ran out of its budget", CombinatorialBendersSolver.BoundCheckProof(undecided, certificate));
        // Behind the depth-first master (its own exhaustive integer proof) an undecided re-check says so and leaves
        // the search's bound standing; a refutation never does.
        string stands = CombinatorialBendersSolver.BoundCheckProof(undecided, certificate, searchStands: true);
        Assert.Contains("rests on the depth-first search's exhaustion", stands);
        Assert.DoesNotContain("optimality not claimed", stands);
        Assert.Null(CombinatorialBendersSolver.CheckClaimedBound(certificate with { ClaimedLowerBound = 1 }, 60, 1, default));
    }

    /// <summary>The depth-first master's own bound is re-checked inside the solve only when asked (it is already an
    /// exact integer exhaustion); asked, the confirmed re-check is in the proof and the statistics.</summary>
    [Fact]
    public void TheDepthFirstMastersBoundIsReCheckedInsideTheSolveOnlyWhenAsked()
    {
        var problem = new SparsestProblem(BendersSolverTests.Xor, false, SparsityObjective.Parameters);
        var plain = new CombinatorialBendersSolver(new MipOptions(60, Master: "dfs")).Solve(problem);
        var asked = new CombinatorialBendersSolver(new MipOptions(60, Master: "dfs", RecheckSearchBound: true)).Solve(problem);
        Assert.Equal(SolveStatus.Optimal, plain.Status);
        Assert.Equal(SolveStatus.Optimal, asked.Status);
        Assert.DoesNotContain("hitting-set", plain.Proof);
        Assert.Null(plain.Statistics!.BoundCheckNodes);
        Assert.Contains($"lower bound {asked.LowerBound} re-checked as a hitting-set fact", asked.Proof);
        Assert.NotNull(asked.Statistics!.BoundCheckNodes);
        // A 0/1 master's floating bound is always re-checked.
        var scip = new CombinatorialBendersSolver(new MipOptions(60, Master: "scip")).Solve(problem);
        Assert.Contains("re-checked as a hitting-set fact", scip.Proof);
    }
}
