using Verifier.Shared.Networks;

namespace Verifier.Exact.Problems;

/// <summary>
/// The outcome of an exact solver: status, the objective value of the witness, a proven lower bound, the
/// witness network, and a human-readable statement of the proof. <see cref="SolveStatus.Optimal"/> is only
/// claimed when <see cref="LowerBound"/> equals <see cref="Objective"/>. What may be reported is decided from it by
/// <see cref="Certificates.SparsestVerdict"/>.
/// </summary>
/// <param name="Cuts">The cut certificate behind <see cref="LowerBound"/> (combinatorial Benders), re-checkable by
/// anyone in rational arithmetic; null for solvers whose bound rests on another argument.</param>
public sealed record SolveResult(
    SolveStatus Status,
    string Method,
    int? Objective,
    int LowerBound,
    ShallowReluNetwork? Witness,
    string Proof,
    SolveStatistics? Statistics = null,
    Mip.BendersCertificate? Cuts = null);

/// <summary>An exact sparsest-interpolation solver.</summary>
public interface IExactSolver
{
    string Name { get; }
    SolveResult Solve(SparsestProblem problem, CancellationToken cancellation = default);
}
