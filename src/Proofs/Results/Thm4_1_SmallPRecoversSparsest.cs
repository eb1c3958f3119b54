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
/// Checked on tiny planar data (N ≤ 4, general position, one-decimal coordinates) at a small fixed p: whenever
/// <see cref="GlobalLpSolver"/> certifies its minimiser, the minimiser interpolates exactly and its nonzero count
/// equals the exact ℓ^0 optimum of <see cref="CombinatorialBendersSolver"/>; when it does not certify, its bounds
/// must still be ordered. Not vacuous: a pinned set of tiny datasets must all be certified and agree (measured on
/// random tiny planar data with a 2 s limit: about half certify at p = 0.3, about 1 in 6 at p = 0.2, 1 in 20 at
/// p ≤ 0.1, which is why the random property uses p = 0.3).
/// </summary>
/// <remarks>Known defect left to the solver's owner: on some data <see cref="GlobalLpSolver"/> throws "the initial
/// LP vertex could not be rebuilt exactly" (e.g. d = 2 rows 0.7,1.6,1 | 1.8,−1.8,0 | 1.7,2,3, and a single point with
/// label 0). It gives no certificate, so this check counts it as not certified rather than as a counterexample
/// to the theorem.</remarks>
public static class Thm4_1_SmallPRecoversSparsest
{
    /// <summary>The small p of the random property: as small as the branch and bound still certifies often.</summary>
    public const double P = 0.3;

    /// <summary>Time limit of each global ℓ^p solve on random data (seconds); pinned cases get <see cref="PinnedLpTimeLimit"/>.</summary>
    public const double LpTimeLimit = 2;

    public const double PinnedLpTimeLimit = 20;

    public static ProofResult Result { get; } = new(nameof(Thm4_1_SmallPRecoversSparsest),
        "There is p* > 0 such that every global ℓ^p minimiser (8) with p < p* is an ℓ^0 solution (9).",
        [
            new("CertifiedSmallPMinimiserHasTheSparsestCount",
                $"on tiny d = 2 data (N ≤ 4, general position), a certified global ℓ^p minimiser at p = {P} interpolates exactly and has the exact ℓ^0 optimum's nonzero count",
                5, Random, MaxCases: 30),
            new("PinnedTinyDatasetsAreCertifiedAndSparsest",
                "pinned: four 3-point planar datasets at p = 0.3 and one at p = 0.1 are all certified, interpolate exactly and have the ℓ^0 optimum's count",
                1, Pinned, Pinned: true),
        ]);

    private static Property Random() =>
        Prop.ForAll(MultivariateGenerators.Arb(MultivariateGenerators.TinyPlanarGeneralPosition(4)), sample =>
        {
            var verdict = Check(sample, P, LpTimeLimit);
            return (verdict is not null).Classify(verdict == true, "certified");
        });

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
            PinnedCases.All(c => Check(c.Sample, c.P, PinnedLpTimeLimit) == true));

    /// <summary>A planar dataset from (x₁ numerator, denominator, x₂ numerator, denominator, label) rows.</summary>
    private static MultivariateSample Planar(params (int A, int Da, int B, int Db, int Y)[] rows) =>
        new(2, rows.Select(r => new[] { Rational.Create(r.A, r.Da), Rational.Create(r.B, r.Db) }).ToList(),
            rows.Select(r => (Rational)r.Y).ToList());

    /// <summary>True: certified and agreeing; false: not certified (nothing to check); null: a violation or a
    /// failed ℓ^0 solve.</summary>
    public static bool? Check(MultivariateSample sample, double p, double lpTimeLimit)
    {
        var data = sample.ToDataset();
        GlobalLpResult lp;
        try { lp = new GlobalLpSolver(lpTimeLimit).Solve(data, p); }
        catch (InvalidOperationException) { return false; } // a known solver defect (no certificate): see the remarks
        if (!lp.Certified) return lp.LowerBound <= lp.UpperBound * (1 + GlobalLpSolver.RelativeGap) ? false : null;
        var network = lp.Network!;
        var problem = SparsestProblem.WithDefaults(data);
        var optimum = new CombinatorialBendersSolver(new MipOptions(30)).Solve(problem);
        if (optimum.Status != SolveStatus.Optimal) return null;
        return InterpolationCheck.Check(network, data).Interpolates
            && SparsityMeasures.NonzeroParameters(network) == optimum.Objective ? true : null;
    }
}
