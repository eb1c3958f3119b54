using FsCheck;
using FsCheck.Fluent;
using Verifier.Continuous.GlobalLp;
using Verifier.Continuous.GlobalLp.Enumeration;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Proofs.Generators;
using Verifier.Proofs.Running;
using Verifier.Shared.Checks;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Proofs.Results;

/// <summary>
/// Theorem 4.1. For every dataset there is a data-dependent p* &gt; 0 such that, for every p &lt; p*, every global
/// minimiser of the ℓ^p path norm Σ_k ‖v_k·(w_k, b_k)‖_p^p among interpolants (problem (8)) is also a solution of
/// the ℓ^0 problem (9), i.e. it has the fewest nonzero parameters of any interpolant. (The objective is concave on
/// each orthant over a polyhedron, so minimisers are basic solutions; the paper gives no way to compute p*.)
/// A fixed p can be above p* for some data, so the theorem is checked against a certified p* of each dataset:
/// (a) on random planar data (three-decimal coordinates and labels, N ≤ 4; N ≤ 5 with <c>VERIFIER_LONG=1</c>) every basic
/// solution is enumerated exactly (<see cref="BasicSolutionEnumeration"/>), which gives the certified global minimiser at
/// every p (<see cref="EnumeratedMinimum"/>) and a certified bracket of p* (<see cref="EnumeratedPStar"/>); at
/// p ∈ {0.05, 0.1, 0.3} (and 0.9, to reach above p*): the least candidate count is the exact ℓ^0 optimum k₀ (<see cref="CombinatorialBendersSolver"/>),
/// p* &gt; 0 (the theorem's existence claim), the minimiser interpolates exactly with ≥ k₀ nonzeros and exactly k₀ when p is
/// at or below the proven lower end of p*, no sparsest interpolant found by the exact side (<see cref="SparsestEnumeration"/>)
/// is cheaper than the certified minimum, and Thm 4.1's computable lower end (<see cref="SparsestRegime.LowerEnd"/>) does not exceed a
/// witnessed upper end; (b) the same on a seeded batch, which must certify at least <see cref="MinimumCertifiedShare"/> of
/// its solves (issue 15; the share is reported); (c) the branch and bound (<see cref="GlobalLpSolver"/>, seeded with the
/// exact ℓ^0 network) on tiny one-decimal data: whenever it certifies, its minimiser interpolates, has ≥ the ℓ^0 optimum's
/// count, and no sparsest network is below its certified lower bound; (d) pinned datasets it certifies with the ℓ^0
/// optimum's count; (e) a pinned dataset with p* ∈ (0.2, 0.3] by two branch-and-bound solves.
/// Measured on the batch (2026-12-04, at p ∈ {0.05, 0.1, 0.3}): 36 of 36 solves certified on 12 datasets, in 4 s (N ≤ 4)
/// and 182 s with VERIFIER_LONG=1 (N ≤ 5); every such p was at or below the dataset's proven lower end of p*, hence
/// p = 0.9 and 24 datasets now. Not reached: issue 15 asks for N up to 8; the
/// enumeration grows like C(#generators, N − 1) and the branch and bound is weak at small p beyond N = 4
/// (docs/lp-benchmark.md).
/// </summary>
/// <remarks>A branch-and-bound solve that ends without a certificate (time limit, or a GLOP vertex that could not be
/// rebuilt exactly, which the solver reports as uncertified with lower bound 0) is not a counterexample to the theorem;
/// it only has to keep its bounds ordered. An enumeration that does not finish counts against the certified share.</remarks>
public static class Thm4_1_SmallPRecoversSparsest
{
    /// <summary>The exponents of the random properties (issue 15).</summary>
    public static readonly double[] Ps = [0.05, 0.1, 0.3];

    /// <summary>The exponents of the enumerated properties: <see cref="Ps"/> and 0.9, where random data are often above
    /// p*, so the non-sparsest side (a minimiser with more than k₀ nonzeros only above the proven lower end) is exercised
    /// too (one enumeration serves every p).</summary>
    public static readonly double[] EnumeratedPs = [.. Ps, 0.9];

    /// <summary>Least share of certified solves in the seeded batch (b) (issue 15): below it the property would be close to vacuous.</summary>
    public const double MinimumCertifiedShare = 0.95;

    /// <summary>Largest N of the enumerated properties: 4 by default, 5 with <c>VERIFIER_LONG=1</c> (about 30 s per dataset).</summary>
    public static int EnumeratedMaxPoints => Environment.GetEnvironmentVariable("VERIFIER_LONG") == "1" ? 5 : 4;

    /// <summary>Time limit of each vertex enumeration (seconds).</summary>
    public const double EnumerationTimeLimit = 120;

    /// <summary>Datasets in the seeded batch (b), each solved at every p of <see cref="EnumeratedPs"/> (24, so one
    /// dataset not certified, e.g. a Benders solve timing out on a loaded machine, still leaves 95.8 %).</summary>
    public const int BatchDatasets = 24;

    /// <summary>Time limit of each global ℓ^p solve on random data (seconds); pinned cases get <see cref="PinnedLpTimeLimit"/>.</summary>
    public const double LpTimeLimit = 2;

    public const double PinnedLpTimeLimit = 20;

    public static ProofResult Result { get; } = new(nameof(Thm4_1_SmallPRecoversSparsest),
        "There is p* > 0 such that every global ℓ^p minimiser (8) with p < p* is an ℓ^0 solution (9).",
        [
            new("EnumeratedMinimiserIsSparsestBelowTheCertifiedPStar",
                "on random three-decimal d = 2 data (N ≤ 4; 5 with VERIFIER_LONG=1), from every basic solution: the least count is the exact ℓ^0 optimum k0, the certified p* bracket has a positive lower end, and at p ∈ {0.05, 0.1, 0.3, 0.9} the certified minimiser interpolates with ≥ k0 nonzeros, has exactly k0 at or below that lower end unless a sparsest network ties it within the certified cost enclosures (a minimiser with more is a failure only when it provably costs more than a sparsest one), and is no costlier than any sparsest network",
                4, RandomEnumerated, MaxCases: 200),
            new("RandomBatchIsCertifiedAndSparsestBelowPStar",
                $"a seeded batch of {BatchDatasets} random three-decimal planar datasets at p ∈ {{0.05, 0.1, 0.3, 0.9}}: every solve valid as above, and at least {MinimumCertifiedShare:P0} of them certified",
                1, Batch, Pinned: true),
            new("CertifiedMinimiserAgreesWithTheExactL0Optimum",
                "on tiny d = 2 data (N ≤ 4, general position), a certified global ℓ^p minimiser at p ∈ {0.05, 0.1, 0.3} interpolates exactly, has ≥ the ℓ^0 optimum's nonzeros, and the ℓ^0 optimum's ℓ^p value is ≥ the certified lower bound",
                5, Random, MaxCases: 30),
            new("PinnedTinyDatasetsAreCertifiedAndSparsest",
                "pinned: four 3-point planar datasets at p = 0.3 and one at p = 0.1 are all certified, interpolate exactly and have the ℓ^0 optimum's count",
                1, Pinned, Pinned: true),
            new("PinnedDatasetHasPStarBetweenPoint2AndPoint3",
                "pinned: rows (−0.3, 0.1; 0), (0.1, 1.2; −1): certified minimiser has 2 nonzeros at p = 0.3 but the ℓ^0 optimum's 1 at p = 0.2",
                1, Bracketed, Pinned: true),
        ]);

    private static Property Random() =>
        Prop.ForAll(MultivariateGenerators.Arb(MultivariateGenerators.TinyPlanarGeneralPosition(4)),
            FsCheck.Fluent.Arb.From(Gen.Elements(Ps)), (sample, p) =>
        {
            var outcome = Solve(sample, p, LpTimeLimit);
            bool ok = outcome is not { Valid: false };
            return ok.Classify(outcome is { Certified: true }, "certified").Classify(outcome is { Sparsest: true }, "sparsest");
        });

    private static Property RandomEnumerated() =>
        Prop.ForAll(MultivariateGenerators.Arb(MultivariateGenerators.RandomPlanarData(EnumeratedMaxPoints)), sample =>
        {
            var outcome = Enumerated(sample, EnumeratedPs);
            return outcome.Violation is null ? true.Classify(outcome.Certified, "certified").Classify(outcome.AboveLowerEnd > 0, "some p above the proven lower end of p*")
                : false.Label(outcome.Violation);
        });

    /// <summary>The seeded batch (b): datasets as <see cref="MultivariateGenerators.RandomPlanarData"/> draws them (N from 2
    /// to <see cref="EnumeratedMaxPoints"/> in turn), from a fixed seed; fails on any violation or when fewer than
    /// <see cref="MinimumCertifiedShare"/> of the solves are certified. The counts are collected, so a passing run
    /// reports them.</summary>
    private static Property Batch() =>
        Prop.ForAll(FsCheck.Fluent.Arb.From(Gen.Constant(0)), _ =>
        {
            int solves = 0, certified = 0, sparsest = 0, above = 0;
            foreach (var sample in BatchSamples())
            {
                var outcome = Enumerated(sample, EnumeratedPs);
                if (outcome.Violation is { } v) return false.Label($"{v}: {sample}");
                solves += EnumeratedPs.Length;
                if (outcome.Certified) { certified += EnumeratedPs.Length; sparsest += outcome.Sparsest; above += outcome.AboveLowerEnd; }
            }
            double share = (double)certified / solves;
            string summary = $"{certified}/{solves} solves certified ({share:P0}; at least {MinimumCertifiedShare:P0} required); {sparsest} sparsest, {above} at p above the proven lower end of p*";
            return (share >= MinimumCertifiedShare).Label(summary).Collect(summary);
        });

    /// <summary>The batch's datasets: <see cref="BatchDatasets"/> random three-decimal planar datasets (as
    /// <see cref="MultivariateGenerators.RandomPlanarData"/>), N cycling through 2 .. <see cref="EnumeratedMaxPoints"/>,
    /// from a fixed seed.</summary>
    public static IReadOnlyList<MultivariateSample> BatchSamples()
    {
        var rng = new System.Random(20261204);
        Rational Thousandth() => Rational.Create(rng.Next(-1000, 1001), 1000);
        var samples = new List<MultivariateSample>();
        while (samples.Count < BatchDatasets)
        {
            int n = 2 + samples.Count % (EnumeratedMaxPoints - 1);
            var xs = Enumerable.Range(0, n).Select(_ => new[] { Thousandth(), Thousandth() }).ToArray();
            var ys = Enumerable.Range(0, n).Select(_ => Thousandth()).ToList();
            if (xs.Select(r => r[0] + "," + r[1]).Distinct().Count() == n && ys.Any(v => !v.IsZero))
                samples.Add(new MultivariateSample(2, xs, ys));
        }
        return samples;
    }

    /// <summary>What the enumeration shows on one dataset: <see cref="Violation"/> names a broken claim (null: none);
    /// <see cref="Certified"/>: the enumeration finished (every solve at every p certified); <see cref="Sparsest"/> and
    /// <see cref="AboveLowerEnd"/> count the exponents whose minimiser has k₀ nonzeros and that lie above the proven lower
    /// end of p*.</summary>
    public sealed record EnumeratedOutcome(string? Violation, bool Certified, int Sparsest, int AboveLowerEnd, double PStarLower, double PStarUpper);

    /// <summary>Checks Thm 4.1 on one dataset at <paramref name="ps"/> from every basic solution (see the class summary, (a)).</summary>
    public static EnumeratedOutcome Enumerated(MultivariateSample sample, IReadOnlyList<double> ps)
    {
        var data = sample.ToDataset();
        if (data.Labels.ToArray().All(v => v.IsZero)) return new(null, true, ps.Count, 0, 1, 1); // the empty network, for every p
        var problem = SparsestProblem.WithDefaults(data);
        var optimum = new CombinatorialBendersSolver(new MipOptions(30)).Solve(problem);
        if (optimum is not { Status: SolveStatus.Optimal, Objective: int k0, Witness: { } witness }) return new(null, false, 0, 0, 0, 1);
        var enumeration = BasicSolutionEnumeration.Enumerate(data, EnumerationTimeLimit);
        if (!enumeration.Complete) return new(null, false, 0, 0, 0, 1);
        int least = enumeration.Candidates.Min(c => c.Parameters);
        if (least != k0) return Fail($"the least candidate count {least} is not the exact ℓ^0 optimum {k0}");
        var bracket = EnumeratedPStar.Certify(enumeration, k0);
        if (!(bracket.Lower > 0)) return Fail($"p* is not proven positive: bracket [{bracket.Lower}, {bracket.Upper}]");
        var all = SparsestEnumeration.Enumerate(problem, k0, 30);
        var sparsestNetworks = all.Networks.Append(witness).ToList();
        double theorem = SparsestRegime.LowerEnd(BasicSolutionBounds.Of(data), k0, sparsestNetworks).P;
        if (bracket.UpperCandidate is not null && theorem >= bracket.Upper)
            return Fail($"Thm 4.1's proven lower end {theorem} is not below the witnessed upper end {bracket.Upper}");
        int sparsest = 0, above = 0;
        foreach (double p in ps)
        {
            var r = EnumeratedMinimum.Solve(enumeration, data, p); // throws if the returned candidate does not interpolate
            int count = SparsityMeasures.NonzeroParameters(r.Network!);
            if (!(r.Certified && r.LowerBound <= r.UpperBound)) return Fail($"at p = {p}: not certified or bounds out of order [{r.LowerBound}, {r.UpperBound}]");
            if (!InterpolationCheck.Check(r.Network!, data).Interpolates) return Fail($"at p = {p}: the minimiser does not interpolate");
            if (count < k0) return Fail($"at p = {p}: the minimiser has {count} nonzeros, fewer than the ℓ^0 optimum {k0}");
            // Certified enclosures only, so every failure below is itself a proof.
            double cheapestSparsestHi = sparsestNetworks.Min(n => SparsestRegime.PathNormBounds(n, p).Hi);
            if (p <= bracket.Lower && count != k0 && SparsestRegime.PathNormBounds(r.Network!, p).Lo > cheapestSparsestHi)
                return Fail($"at p = {p} ≤ the proven lower end {bracket.Lower} of p*, the returned minimiser has {count} nonzeros, not k0 = {k0}, and provably costs more than a sparsest network");
            if (cheapestSparsestHi < r.LowerBound)
                return Fail($"at p = {p}: a sparsest network provably costs at most {cheapestSparsestHi}, below the certified minimum {r.LowerBound}");
            if (count == k0) sparsest++;
            if (p > bracket.Lower) above++;
        }
        return new(null, true, sparsest, above, bracket.Lower, bracket.Upper);

        EnumeratedOutcome Fail(string why) => new(why, true, 0, 0, 0, 1);
    }

    /// <summary>Tiny planar datasets that the branch and bound certifies (found by the random property), with their p.</summary>
    public static IReadOnlyList<(MultivariateSample Sample, double P)> PinnedCases { get; } =
    [
        (Planar((3, 2, -6, 10, -2), (6, 5, 1, 1, -1), (-3, 10, 3, 5, 3)), 0.3),
        (Planar((-1, 1, 7, 10, -1), (6, 5, 0, 1, 1), (-13, 10, 7, 10, 2)), 0.3),
        (Planar((9, 5, -6, 5, -1), (4, 5, 1, 10, -1), (-4, 5, 9, 10, -3)), 0.3),
        (Planar((-2, 5, -9, 10, -1), (4, 5, 17, 10, 1), (-1, 5, 7, 10, -2)), 0.3),
        (Planar((-7, 10, -7, 5, -2), (-1, 1, 7, 10, -2), (3, 2, -8, 5, -2)), 0.1),
    ];

    private static Property Pinned() =>
        Prop.ForAll(FsCheck.Fluent.Arb.From(Gen.Constant(PinnedCases.Select(c => c.Sample).ToArray())), _ =>
            PinnedCases.All(c => Solve(c.Sample, c.P, PinnedLpTimeLimit) is { Valid: true, Certified: true, Sparsest: true }));

    /// <summary>Two points whose certified ℓ^p minimiser switches from 2 nonzeros (p = 0.3) to the sparsest 1 (p = 0.2).</summary>
    public static MultivariateSample BracketedData { get; } = Planar((-3, 10, 1, 10, 0), (1, 10, 6, 5, -1));

    private static Property Bracketed() =>
        Prop.ForAll(MultivariateGenerators.Arb(Gen.Constant(BracketedData)), sample =>
            Solve(sample, 0.3, PinnedLpTimeLimit) is { Valid: true, Certified: true, Sparsest: false, Count: 2, L0: 1 }
            && Solve(sample, 0.2, PinnedLpTimeLimit) is { Valid: true, Certified: true, Sparsest: true, Count: 1 });

    /// <summary>A planar dataset from (x₁ numerator, denominator, x₂ numerator, denominator, label) rows.</summary>
    private static MultivariateSample Planar(params (int A, int Da, int B, int Db, int Y)[] rows) =>
        new(2, rows.Select(r => new[] { Rational.Create(r.A, r.Da), Rational.Create(r.B, r.Db) }).ToList(),
            rows.Select(r => (Rational)r.Y).ToList());

    /// <summary>What one solve shows: <see cref="Valid"/> false is a violation (an uncertified solve is valid when its
    /// bounds are ordered; a certified one must interpolate, have ≥ the ℓ^0 optimum's count, and its certified lower
    /// bound must not exceed the ℓ^p value of any sparsest network); <see cref="Count"/> and <see cref="L0"/> are the
    /// nonzero counts of the ℓ^p minimiser and of the exact ℓ^0 optimum. <see cref="AboveCrossing"/>: every sparsest
    /// interpolant was enumerated exactly and the network the solve returned provably costs less than each of them at p,
    /// so p ≥ p* is proven (no minimiser at p is sparsest) whether or not the solve was certified.</summary>
    public sealed record Outcome(bool Valid, bool Certified, bool Sparsest, int Count, int L0, bool AboveCrossing = false)
    {
        /// <summary>The theorem's claim at p is settled: a certified minimiser (sparsest or not), or p ≥ p* proven.</summary>
        public bool Decided => Certified || AboveCrossing;
    }

    /// <summary>Solves (9) exactly and enumerates every sparsest interpolant, then (8) at p seeded with the cheapest
    /// sparsest networks there, and compares them.</summary>
    public static Outcome Solve(MultivariateSample sample, double p, double lpTimeLimit)
    {
        var data = sample.ToDataset();
        var problem = SparsestProblem.WithDefaults(data);
        var optimum = new CombinatorialBendersSolver(new MipOptions(30)).Solve(problem);
        var all = optimum is { Status: SolveStatus.Optimal, Objective: int k0 } && k0 > 0 ? SparsestEnumeration.Enumerate(problem, k0, 30) : null;
        var sparsestNetworks = (all?.Networks ?? []).Concat(optimum.Witness is { } w ? [w] : []).ToList();
        var seeds = SparsityMeasures.CheapestAt(sparsestNetworks, p, 3);
        var lp = new GlobalLpSolver(lpTimeLimit).Solve(data, p, seeds: seeds);
        bool above = all is { Complete: true } && lp.Network is { } z && InterpolationCheck.Check(z, data).Interpolates
            && new CertifiedCostCurve(z).ProvenCheaperThanAll(all.Networks.Select(n => new CertifiedCostCurve(n)).ToList(), p);
        if (!lp.Certified) return new Outcome(lp.LowerBound <= lp.UpperBound * (1 + GlobalLpSolver.RelativeGap), false, false, -1, -1, above);
        var network = lp.Network!;
        if (optimum is not { Status: SolveStatus.Optimal, Objective: { } l0, Witness: { } sparsest }) return new Outcome(false, true, false, -1, -1);
        int count = SparsityMeasures.NonzeroParameters(network);
        double sparsestValue = sparsestNetworks.Min(n => SparsityMeasures.PathNorm(n, p));
        bool valid = InterpolationCheck.Check(network, data).Interpolates && InterpolationCheck.Check(sparsest, data).Interpolates
            && count >= l0 && sparsestValue >= lp.LowerBound * (1 - 1e-9);
        return new Outcome(valid, true, count == l0, count, l0, above);
    }
}
