using Verifier.Exact.Problems;
using Verifier.Shared.Networks;

namespace Verifier.Exact.Certificates;

/// <summary>
/// What may be reported about a sparsest-interpolation solve: the one place where "solver outcome + exact
/// re-check → status and bounds" is decided (used by <c>sparsest</c>, the corpus, the references of <c>train</c>
/// and the benchmarks).
/// </summary>
/// <remarks>
/// Rules. A returned network is re-checked by <see cref="CertificateCheck"/> (exact interpolation, architecture,
/// recounted objective). A network that does not interpolate exactly, or has the wrong architecture, is a solver
/// defect and throws. One that interpolates but fails the certificate (claimed objective ≠ its count, or
/// "optimal" with a bound ≠ its count) keeps its network and loses the optimality claim: status
/// <see cref="SolveStatus.Feasible"/>, the proof says why. A proven lower bound above the count of an exactly
/// verified interpolant is a contradiction, i.e. a defect, and throws. Without a network the solver's
/// no-network status (<see cref="SolveStatus.Timeout"/> or <see cref="SolveStatus.Failed"/>) and its bound stand.
/// So <see cref="SolveStatus.Optimal"/> is reported only with an exactly verified network whose count equals a
/// proven lower bound.
/// </remarks>
/// <param name="Count">The objective recounted on the verified network (the upper bound), null without one.</param>
public sealed record SparsestVerdict(SolveStatus Status, string Method, int? Count, int LowerBound,
    ShallowReluNetwork? Network, string Proof, CertificateVerdict Check)
{
    public bool Verified => Check.Verified;

    /// <summary>The count of the returned network: a proven upper bound on the optimum (null without a network).</summary>
    public int? UpperBound => Count;

    /// <summary>Applies the rules above; throws <see cref="SolverDefectException"/> on a defect.</summary>
    public static SparsestVerdict Decide(SparsestProblem problem, SolveResult result)
    {
        var net = result.Witness;
        if (net is null)
        {
            if (result.Status is SolveStatus.Optimal or SolveStatus.Feasible)
                throw new SolverDefectException($"solver {result.Method} reports {result.Status} without a network");
            return new SparsestVerdict(result.Status, result.Method, null, result.LowerBound, null, result.Proof,
                new CertificateVerdict(false, null, null, "no witness network"));
        }
        var check = CertificateCheck.Verify(problem, result);
        if (check.Interpolation is not { Interpolates: true })
            throw new SolverDefectException($"solver {result.Method} returned an invalid witness: {check.Problem}");
        int count = check.MeasuredObjective!.Value;
        if (result.LowerBound > count)
            throw new SolverDefectException(
                $"solver {result.Method} claims the lower bound {result.LowerBound} but returned a verified interpolant with {count} " +
                (problem.Objective == SparsityObjective.Neurons ? "neurons" : "nonzero parameters"));
        var status = result.Status;
        string proof = result.Proof;
        if (!check.Verified)
        {
            if (status == SolveStatus.Optimal)
                proof += $" [not certified: the exact re-check rejected the claim ({check.Problem}); status downgraded to feasible]";
            status = SolveStatus.Feasible;
        }
        return new SparsestVerdict(status, result.Method, count, result.LowerBound, net, proof, check);
    }

    /// <summary>The status as written in JSON and text, in the vocabulary of INTERFACE.md: optimal, feasible, timeout.
    /// <see cref="SolveStatus.Failed"/> (no network, because a baseline's floating answer could not be rebuilt exactly)
    /// is written <c>timeout</c> — no network within the run — and told apart by <see cref="FailureReason"/>.</summary>
    public string StatusName => Name(Status);

    /// <summary>Why no network was returned although the solver answered, or null (see <see cref="StatusName"/>).</summary>
    public string? FailureReason => Status == SolveStatus.Failed ? "the solver's floating answer could not be rebuilt exactly" : null;

    public static string Name(SolveStatus status) => status == SolveStatus.Failed ? "timeout" : status.ToString().ToLowerInvariant();
}

/// <summary>A solver broke its contract (a network that does not interpolate, a bound above a verified count):
/// a bug to report, never a result.</summary>
public sealed class SolverDefectException(string message) : InvalidOperationException(message);
