using FsCheck;
using FsCheck.Fluent;
using Verifier.Continuous.Univariate;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Proofs.Generators;
using Verifier.Proofs.Running;

namespace Verifier.Proofs.Results;

/// <summary>
/// Theorem 3.1 (structure) and strict concavity of t ↦ t^p (SPEC §5, claim 5): on each run every min-V_p
/// interpolant is a partition of the run's slope changes into consecutive blocks of one or two, so the block DP
/// is exact. Checked against brute force over all block partitions of every run.
/// </summary>
public static class Thm3_1_DynamicProgrammeEqualsBruteForce
{
    public static ProofResult Result { get; } = new(nameof(Thm3_1_DynamicProgrammeEqualsBruteForce),
        "On each run the min-V_p value is the minimum over partitions into consecutive blocks of one or two slope changes; the DP attains it.",
        [new("DynamicProgrammeValueEqualsBruteForceMinimum", "DP value = brute-force minimum over all block partitions, and the DP's partition costs its value", 200, Property)]);

    private static Property Property() =>
        Prop.ForAll(
            UnivariateGenerators.Arb(UnivariateGenerators.LongSameCurvatureRuns),
            Arb.From(Gen.Choose(1, 99)),
            (sample, pPercent) =>
            {
                double p = pPercent / 100.0;
                var s = UnivariateStructure.Analyze(sample.ToDataset());
                var dp = MinVpDynamicProgram.Solve(s, p);
                double brute = s.Runs.Sum(run => BruteForce(s, run, p));
                return Math.Abs(dp.Value - brute) <= 1e-9 * Math.Max(1, brute)
                    && Math.Abs(dp.Partition.Vp(p) - dp.Value) <= 1e-9 * Math.Max(1, brute);
            });

    private static double BruteForce(UnivariateStructure s, Run run, double p)
    {
        double best = double.PositiveInfinity;
        void Go(int i, double cost)
        {
            if (i > run.Last) { best = Math.Min(best, cost); return; }
            Go(i + 1, cost + Math.Exp(p * s.SlopeChanges[i].LogAbs()));
            if (i + 1 <= run.Last) Go(i + 2, cost + Math.Exp(p * (s.SlopeChanges[i] + s.SlopeChanges[i + 1]).LogAbs()));
        }
        Go(run.First, 0);
        return best;
    }
}
