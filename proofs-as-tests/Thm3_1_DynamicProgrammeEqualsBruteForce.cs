using FsCheck.Fluent;
using Verifier.Continuous.Univariate;
using Verifier.Exact.Univariate;
using Verifier.Proofs.Generators;
using Xunit;

namespace Verifier.Proofs;

/// <summary>
/// Theorem 3.1 (structure) and strict concavity of t ↦ t^p: on each run every min-V_p interpolant is a
/// partition of the run's slope changes into consecutive blocks of one or two, so the block DP is exact.
/// Checked against brute force over all block partitions of every run.
/// </summary>
public class Thm3_1_DynamicProgrammeEqualsBruteForce
{
    [Fact]
    public void DynamicProgrammeValueEqualsBruteForceMinimum() =>
        ProofCheck.Holds(nameof(Thm3_1_DynamicProgrammeEqualsBruteForce), Prop.ForAll(
            UnivariateGenerators.Arb(UnivariateGenerators.LongSameCurvatureRuns),
            FsCheck.Fluent.Arb.From(FsCheck.Fluent.Gen.Choose(1, 99)),
            (sample, pPercent) =>
            {
                double p = pPercent / 100.0;
                var s = UnivariateStructure.Analyze(sample.ToDataset());
                var dp = MinVpDynamicProgram.Solve(s, p);
                double brute = s.Runs.Sum(run => BruteForce(s, run, p));
                return Math.Abs(dp.Value - brute) <= 1e-9 * Math.Max(1, brute)
                    && Math.Abs(dp.Partition.Vp(p) - dp.Value) <= 1e-9 * Math.Max(1, brute);
            }), cases: 200);

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
