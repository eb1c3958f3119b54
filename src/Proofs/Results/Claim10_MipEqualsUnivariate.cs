using FsCheck;
using FsCheck.Fluent;
using Verifier.Exact.Certificates;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Exact.Univariate;
using Verifier.Proofs.Generators;
using Verifier.Proofs.Running;

namespace Verifier.Proofs.Results;

/// <summary>
/// SPEC §5, claim 10 (two independent methods agreeing): on 1-D data with the free linear term, the exact
/// mixed-integer optimum (Lemma 4.1 through activation patterns, solved by exact-cut Benders) equals the run
/// count Σ⌈L/2⌉ of Section 3, and both witnesses pass the exact check; the MIP's cuts re-verify exactly.
/// </summary>
public static class Claim10_MipEqualsUnivariate
{
    public static ProofResult Result { get; } = new(nameof(Claim10_MipEqualsUnivariate),
        "On 1-D data with the free linear term the exact MIP optimum equals the run count Σ⌈L/2⌉ (two independent methods agree).",
        [new("MixedIntegerOptimumEqualsRunCount",
            "certified MIP optimum = Σ⌈L/2⌉, both witnesses verified exactly, every Farkas cut re-verified", 25, Property, MaxCases: 60)]);

    private static Property Property() =>
        Prop.ForAll(
            UnivariateGenerators.Arb(UnivariateGenerators.DistinctInputUnivariateData.Where(s => s.Count <= 10)),
            sample =>
            {
                var problem = new SparsestProblem(sample.ToDataset(), Skip: true, SparsityObjective.Neurons);
                var univariate = new UnivariateSparsest().Solve(problem);
                var solver = new CombinatorialBendersSolver(new MipOptions(TimeLimitSeconds: 60));
                var mip = solver.Solve(problem);
                return mip.Status == SolveStatus.Optimal && mip.Objective == univariate.Objective
                    && CertificateCheck.Verify(problem, mip).Verified
                    && CertificateCheck.Verify(problem, univariate).Verified
                    && solver.LastCertificate!.VerifyCuts();
            });
}
