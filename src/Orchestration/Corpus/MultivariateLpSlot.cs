using Verifier.Continuous.GlobalLp;
using Verifier.Exact.Problems;
using Verifier.Shared.Networks;

namespace Verifier.Orchestration.Corpus;

/// <summary>An ℓ^p minimiser for a corpus record: its value (the network's path norm), the network, and the
/// bounds on the global minimum; <see cref="Certified"/> only when those bounds prove it globally optimal.</summary>
public sealed record LpMinimiser(double P, double Value, ShallowReluNetwork Network, bool Certified, double LowerBound, double UpperBound);

/// <summary>
/// THE single place where the multivariate (d &gt; 1) ℓ^p minimiser plugs into corpus generation: the branch and
/// bound of <see cref="GlobalLpSolver"/> seeded with the exact ℓ^0 network (<see cref="Drivers.SeededGlobalLp"/>; Lemma
/// 4.1 reformulation, no linear term, bias penalised). The returned
/// network is the solver's exact incumbent (it interpolates exactly; the record builder and the validator re-check
/// it); <c>certified</c> is true only when the relative gap is ≤ <see cref="GlobalLpSolver.RelativeGap"/>, and
/// otherwise the record carries the honest bounds with <c>certified: false</c>.
/// </summary>
public static class MultivariateLpSlot
{
    /// <summary>True: d &gt; 1 records carry an "lp" array.</summary>
    public static bool IsAvailable => true;

    public const string UnavailableReason = "the certified multivariate ℓ^p minimiser is not available (d > 1)";

    /// <summary>The best interpolant found for Σ|v_k·(w_k, b_k)|^p within the time limit, with bounds on the
    /// global minimum, or null and the reason (a free linear term, which the solver does not model; no
    /// interpolant found; or a solver failure).</summary>
    /// <param name="enumeration">Every basic solution of the problem's data, made once per record when tiny
    /// (<see cref="Drivers.SeededGlobalLp.EnumerateWithin"/>), or null.</param>
    public static LpMinimiser? TrySolve(SparsestProblem problem, double p, double timeLimitSeconds, out string? reason,
        Continuous.GlobalLp.Enumeration.VertexEnumerationResult? enumeration = null)
    {
        if (problem.Skip)
        {
            reason = "the multivariate ℓ^p solver has no free linear term (d > 1 records use the paper's architecture without one)";
            return null;
        }
        GlobalLpResult r;
        try { r = Drivers.SeededGlobalLp.Solve(problem.Data, p, timeLimitSeconds, enumeration: enumeration).Lp; }
        catch (InvalidOperationException e)
        {
            reason = $"the global ℓ^p solver failed for p = {p}: {e.Message}";
            return null;
        }
        if (r.Network is null)
        {
            reason = $"the global ℓ^p solver found no interpolant for p = {p} ({r.LpStatus})";
            return null;
        }
        reason = null;
        return new LpMinimiser(p, r.UpperBound, r.Network, r.Certified, Math.Min(r.LowerBound, r.UpperBound), r.UpperBound);
    }
}
