using Verifier.Reformulation.Univariate;
using Verifier.Shared.Numbers;

namespace Verifier.Continuous.Univariate;

/// <summary>
/// The blocks of one run with exact magnitudes and certified logarithm enclosures, for <see cref="UnivariatePStar"/>.
/// Block k &lt; L is the single {Δ_k}; block L + j (j ≥ 1) is the pair {Δ_{j−1}, Δ_j}; block L is unused.
/// All Δ of a run share one sign, so |Δ_{j−1} + Δ_j| = |Δ_{j−1}| + |Δ_j|. The cost of block k at p is
/// Abs[k]^p = e^{p·ln Abs[k]} with ln Abs[k] ∈ [LogLo[k], LogHi[k]] (proven, <see cref="Outward.LogBounds"/>).
/// </summary>
internal sealed class CertifiedRunCosts
{
    public int Length { get; }
    public int BlockCount => 2 * Length;
    public Rational[] Abs { get; }
    public double[] LogLo { get; }
    public double[] LogHi { get; }

    public CertifiedRunCosts(UnivariateStructure s, Run run)
    {
        Length = run.Length;
        Abs = new Rational[2 * Length];
        LogLo = new double[2 * Length];
        LogHi = new double[2 * Length];
        for (int j = 0; j < Length; j++)
        {
            Set(j, s.SlopeChanges[run.First + j].Abs());
            if (j > 0) Set(Length + j, (s.SlopeChanges[run.First + j - 1] + s.SlopeChanges[run.First + j]).Abs());
        }
        Abs[Length] = Rational.One; // unused slot
    }

    public bool IsBlock(int k) => k != Length;

    private void Set(int k, Rational abs)
    {
        if (abs.Sign <= 0) throw new ArgumentException("a run's slope changes are nonzero");
        Abs[k] = abs;
        (LogLo[k], LogHi[k]) = Outward.LogBounds(abs);
    }

    /// <summary>Enclosures of every block's cost e^{p ln|S|} for p in [pLo, pHi].</summary>
    public (double[] Lo, double[] Hi) CostBounds(double pLo, double pHi)
    {
        var lo = new double[BlockCount];
        var hi = new double[BlockCount];
        for (int k = 0; k < BlockCount; k++)
        {
            if (!IsBlock(k)) continue;
            lo[k] = Outward.ExpLower(Outward.MulIntervalDn(pLo, pHi, LogLo[k], LogHi[k]));
            hi[k] = Outward.ExpUpper(Outward.MulIntervalUp(pLo, pHi, LogLo[k], LogHi[k]));
        }
        return (lo, hi);
    }
}
