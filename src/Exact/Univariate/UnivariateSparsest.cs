using Verifier.Reformulation.Univariate;
using Verifier.Exact.Problems;

namespace Verifier.Exact.Univariate;

/// <summary>
/// The provably sparsest interpolant of 1-D data with the free linear term (problem (3), SPEC §2):
/// Σ_runs ⌈L_r/2⌉ neurons, attained by pairing consecutive slope changes of each run from the left (a run of
/// odd length keeps its last slope change as a single knot). Exact arithmetic throughout; O(N) after sorting.
/// </summary>
/// <remarks>
/// Proof of optimality (lower bound): a CPWL interpolant must change slope at least once in each window
/// where the data bend, and one knot serves at most two consecutive same-sign slope changes of a run, since a
/// knot changes the slope monotonically and the data lines ℓ_{k−2}, ℓ_k of a two-block meet inside
/// (x_{k−1}, x_k) only; this is the ℓ^0 statement of Thm 3.1 / Thm 3.2 of the paper. Zero curvature ends a run
/// (three collinear points force a linear piece through them).
/// </remarks>
public sealed class UnivariateSparsest : IExactSolver
{
    public string Name => "univariate";

    public SolveResult Solve(SparsestProblem problem, CancellationToken cancellation = default)
    {
        if (problem.Data.Dimension != 1) throw new ArgumentException("the univariate solver needs 1-D data");
        if (!problem.Skip) throw new ArgumentException("the univariate solver needs the free linear term");
        var structure = UnivariateStructure.Analyze(problem.Data);
        var partition = SparsestPartition(structure);
        int count = partition.KnotCount;
        return new SolveResult(SolveStatus.Optimal, Name, count, structure.SparsestNeuronCount, partition.ToNetwork(),
            $"combinatorial: {structure.Runs.Count} run(s) of equal nonzero curvature, Σ⌈L/2⌉ = {count} (SPEC §2)");
    }

    /// <summary>Blocks of two from the left of each run, a final single when the run length is odd
    /// (<see cref="BlockPartition.Sparsest"/>).</summary>
    public static BlockPartition SparsestPartition(UnivariateStructure structure) => BlockPartition.Sparsest(structure);
}
