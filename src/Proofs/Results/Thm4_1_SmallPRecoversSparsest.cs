using FsCheck;
using FsCheck.Fluent;
using Verifier.Continuous.GlobalLp;
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
/// A fixed p can be above p* for some data, so the theorem cannot be falsified at one p; what is checked:
/// (a) on random tiny planar data (N ≤ 4, general position, one-decimal coordinates) at p ∈ {0.05, 0.1, 0.3}, whenever
/// <see cref="GlobalLpSolver"/> (seeded with the exact ℓ^0 network) certifies its minimiser, the minimiser interpolates
/// exactly, has at least the exact ℓ^0 optimum's count (<see cref="CombinatorialBendersSolver"/>), and the ℓ^0
/// optimum's own ℓ^p value is not below the certified lower bound (the ℓ^p bound must not exceed a network the other
/// solver found; since the ℓ^0 network also seeds the ℓ^p search, "count ≥ the ℓ^0 optimum" alone is no independent
/// check when the seed is returned — the lower-bound comparison is); (b) the same on
/// a seeded batch of random datasets, which must certify at least <see cref="MinimumCertifiedShare"/> of its solves
/// (non-vacuous; the share is reported); (c) pinned datasets whose certified small-p minimiser has exactly the ℓ^0
/// optimum's count; (d) a pinned dataset whose p* is bracketed: at p = 0.3 the certified minimiser has 2 nonzeros
/// against the ℓ^0 optimum's 1, at p = 0.2 it has 1, so p* ∈ (0.2, 0.3] there. Each solve is seeded with the cheapest
/// sparsest networks at p (every sparsest interpolant is enumerated exactly, <see cref="SparsestEnumeration"/>), and a
/// solve is also <i>decided</i> when the network it returns provably costs less than every sparsest one (p ≥ p*
/// proven). Measured on the batch (N ≤ 4, 2 s per solve, 2026-12-03, two runs): 21–22 of 36 certified, 22–23 decided; only the certified share is asserted (issue 15 asks
/// for 95 % up to N = 8: not reached; the secant relaxation is weak at small p, docs/lp-benchmark.md).
/// </summary>
/// <remarks>A global solve that ends without a certificate (time limit, or a GLOP vertex that could not be rebuilt
/// exactly, which the solver reports as uncertified with lower bound 0) is not a counterexample to the theorem; it
/// only has to keep its bounds ordered.</remarks>
public static class Thm4_1_SmallPRecoversSparsest
{
    /// <summary>The exponents of the random properties (issue 15).</summary>
    public static readonly double[] Ps = [0.05, 0.1, 0.3];

    /// <summary>Least share of certified solves in the seeded batch (b): below it the property would be vacuous.</summary>
    public const double MinimumCertifiedShare = 0.4;

    /// <summary>Datasets in the seeded batch (b), each solved at every p of <see cref="Ps"/>.</summary>
    public const int BatchDatasets = 12;

    /// <summary>Time limit of each global ℓ^p solve on random data (seconds); pinned cases get <see cref="PinnedLpTimeLimit"/>.</summary>
    public const double LpTimeLimit = 2;

    public const double PinnedLpTimeLimit = 20;

    public static ProofResult Result { get; } = new(nameof(Thm4_1_SmallPRecoversSparsest),
        "There is p* > 0 such that every global ℓ^p minimiser (8) with p < p* is an ℓ^0 solution (9).",
        [
            new("CertifiedMinimiserAgreesWithTheExactL0Optimum",
                "on tiny d = 2 data (N ≤ 4, general position), a certified global ℓ^p minimiser at p ∈ {0.05, 0.1, 0.3} interpolates exactly, has ≥ the ℓ^0 optimum's nonzeros, and the ℓ^0 optimum's ℓ^p value is ≥ the certified lower bound",
                5, Random, MaxCases: 30),
            new("SeededBatchCertifiesEnough",
                $"a seeded batch of {BatchDatasets} random tiny planar datasets at p ∈ {{0.05, 0.1, 0.3}}: every solve valid as above, and at least {MinimumCertifiedShare:P0} of them certified",
                1, Batch, Pinned: true),
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

    /// <summary>The seeded batch (b): datasets from <see cref="MultivariateGenerators.TinyPlanarGeneralPosition"/>
    /// with a fixed seed; fails on any invalid solve or when fewer than <see cref="MinimumCertifiedShare"/> certify.</summary>
    private static Property Batch() =>
        Prop.ForAll(FsCheck.Fluent.Arb.From(Gen.Constant(0)), _ =>
        {
            var samples = BatchSamples();
            int solves = 0, certified = 0, decided = 0;
            foreach (var sample in samples)
                foreach (double p in Ps)
                {
                    var outcome = Solve(sample, p, LpTimeLimit);
                    if (!outcome.Valid) return false.Label($"invalid solve at p = {p}: {sample}");
                    solves++;
                    if (outcome.Certified) certified++;
                    if (outcome.Decided) decided++;
                }
            double share = (double)certified / solves;
            return (share >= MinimumCertifiedShare).Label($"{certified}/{solves} solves certified ({share:P0}; at least {MinimumCertifiedShare:P0} required); {decided}/{solves} decided (certified, or p ≥ p* proven by a network cheaper than every sparsest one)");
        });

    /// <summary>The batch's datasets: as <see cref="MultivariateGenerators.TinyPlanarGeneralPosition"/> draws them (N in
    /// 2..4, coordinates k/10 with |k| ≤ 20, no three points on a line, integer labels in [−3, 3]), from a fixed seed.</summary>
    public static IReadOnlyList<MultivariateSample> BatchSamples()
    {
        var rng = new System.Random(20261203);
        var samples = new List<MultivariateSample>();
        while (samples.Count < BatchDatasets)
        {
            int n = rng.Next(2, 5);
            var xs = Enumerable.Range(0, n).Select(_ => new[] { Rational.Create(rng.Next(-20, 21), 10), Rational.Create(rng.Next(-20, 21), 10) }).ToArray();
            var ys = Enumerable.Range(0, n).Select(_ => (Rational)rng.Next(-3, 4)).ToList();
            if (MultivariateGenerators.NoThreeCollinear(xs)) samples.Add(new MultivariateSample(2, xs, ys));
        }
        return samples;
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
