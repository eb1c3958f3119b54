using Verifier.Exact.Problems;
using Verifier.Shared.Networks;

namespace Verifier.Continuous.Corpus;

/// <summary>A certified ℓ^p minimiser for a corpus record.</summary>
public sealed record LpMinimiser(double P, double Value, ShallowReluNetwork Network, bool Certified, double LowerBound, double UpperBound);

/// <summary>
/// THE single place where the certified multivariate (d &gt; 1) ℓ^p minimiser plugs into corpus generation.
/// Until it exists, <see cref="TrySolve"/> returns null and the reason, <see cref="IsAvailable"/> is false, and records carry <c>"lp": null</c> with
/// <c>"lpReason"</c>. To plug it in: solve here, return the minimiser (its network must interpolate exactly; the
/// record builder re-checks it, and the validator re-checks the record).
/// </summary>
public static class MultivariateLpSlot
{
    /// <summary>False until the multivariate minimiser is plugged in (then records carry an "lp" array in d &gt; 1).</summary>
    public static bool IsAvailable => false;

    public const string UnavailableReason = "the certified multivariate ℓ^p minimiser is not available yet (d > 1)";

    /// <summary>The global minimiser of Σ|v_k·w_k|^p (bias penalised) among interpolants of the problem's data, or null.</summary>
    public static LpMinimiser? TrySolve(SparsestProblem problem, double p, double timeLimitSeconds, out string? reason)
    {
        _ = (problem, p, timeLimitSeconds);
        reason = UnavailableReason;
        return null;
    }
}
