using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Exact.Univariate;

namespace Verifier.Exact;

/// <summary>The one default choice of exact solver, used by every caller that does not name one.</summary>
public static class ExactSolvers
{
    /// <summary>The univariate run decomposition where it applies (<see cref="SparsestProblem.UnivariateApplies"/>),
    /// otherwise the combinatorial Benders solver with <paramref name="options"/>.</summary>
    public static IExactSolver Default(SparsestProblem problem, MipOptions options) =>
        problem.UnivariateApplies ? new UnivariateSparsest() : new CombinatorialBendersSolver(options);
}
