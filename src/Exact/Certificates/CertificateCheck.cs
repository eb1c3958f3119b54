using Verifier.Exact.Problems;
using Verifier.Shared.Checks;
using Verifier.Shared.Networks;

namespace Verifier.Exact.Certificates;

/// <summary>The exact re-check of a solver's claim.</summary>
/// <param name="Verified">The witness interpolates exactly, has the claimed objective value and the problem's architecture.</param>
/// <param name="Interpolation">The exact interpolation verdict of the witness.</param>
/// <param name="MeasuredObjective">The objective counted on the witness itself.</param>
/// <param name="Problem">Why verification failed, or null.</param>
public sealed record CertificateVerdict(bool Verified, InterpolationVerdict? Interpolation, int? MeasuredObjective, string? Problem);

/// <summary>
/// Re-verifies a <see cref="SolveResult"/> independently of the solver: the witness is evaluated in exact
/// rational arithmetic on every data point, and its objective is recounted from its parameters.
/// </summary>
public static class CertificateCheck
{
    public static CertificateVerdict Verify(SparsestProblem problem, SolveResult result)
    {
        if (result.Witness is null) return new CertificateVerdict(false, null, null, "no witness network");
        var net = result.Witness;
        if ((net.Skip is not null) != problem.Skip)
            return new CertificateVerdict(false, null, null, "the witness does not have the problem's architecture");
        var interpolation = InterpolationCheck.Check(net, problem.Data);
        int measured = Count(net, problem.Objective);
        string? issue = !interpolation.Interpolates ? $"the witness misses point {interpolation.FirstMismatch} exactly"
            : measured != result.Objective ? $"the witness has objective {measured}, the solver claimed {result.Objective}"
            : result.LowerBound > measured ? $"lower bound {result.LowerBound} exceeds the witness's objective {measured}"
            : result.Status == SolveStatus.Optimal && result.LowerBound != measured ? $"status optimal but lower bound {result.LowerBound} ≠ {measured}"
            : null;
        return new CertificateVerdict(issue is null, interpolation, measured, issue);
    }

    public static int Count(ShallowReluNetwork net, SparsityObjective objective) => SparsityMeasures.Count(net, objective);
}
