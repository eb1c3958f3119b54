using Verifier.Reformulation.Univariate;

namespace Verifier.Continuous.Univariate;

/// <summary>
/// Logarithms of the block magnitudes of one run, so that the cost of a block at any p is exp(p·ln|S|):
/// Single[j] = ln|Δ_j|, Pair[j] = ln|Δ_{j−1} + Δ_j| (j ≥ 1), for the run's slope changes in order.
/// All Δ of a run share one sign, so |Δ_{j−1} + Δ_j| = |Δ_{j−1}| + |Δ_j|.
/// </summary>
internal sealed class RunCosts
{
    public int Length { get; }
    public double[] Single { get; }
    public double[] Pair { get; }

    public RunCosts(UnivariateStructure s, Run run)
    {
        Length = run.Length;
        Single = new double[Length];
        Pair = new double[Length];
        for (int j = 0; j < Length; j++)
        {
            Single[j] = s.SlopeChanges[run.First + j].LogAbs();
            if (j > 0) Pair[j] = (s.SlopeChanges[run.First + j - 1] + s.SlopeChanges[run.First + j]).LogAbs();
        }
    }
}
