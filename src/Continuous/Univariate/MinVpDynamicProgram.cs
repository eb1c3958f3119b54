using Verifier.Reformulation.Univariate;

namespace Verifier.Continuous.Univariate;

/// <summary>The exact global min-V_p interpolant of 1-D data and how unique it is.</summary>
/// <param name="Partition">The chosen block partition (one knot per block).</param>
/// <param name="P">The exponent p ∈ (0, 1).</param>
/// <param name="Value">V_p = Σ_blocks |slope change|^p of the returned interpolant (= its ℓ^p path norm).</param>
/// <param name="OptimalPartitions">How many block partitions attain the minimum within relative 1e-12
/// (capped at 10^18); 1 means the minimiser is unique.</param>
/// <param name="MinKnots">Fewest knots among the tied optimal partitions (the returned one has this many).</param>
/// <param name="MaxKnots">Most knots among the tied optimal partitions.</param>
public sealed record MinVpSolution(BlockPartition Partition, double P, double Value, long OptimalPartitions, int MinKnots, int MaxKnots)
{
    public bool IsUnique => OptimalPartitions == 1;
}

/// <summary>
/// Exact global minimiser of the ℓ^p path norm (problem (2)) for 1-D data with the free linear term, for any
/// p ∈ (0, 1), by the block dynamic programme of SPEC §2: runs are independent, and on a run the optimum is a
/// partition of its slope changes into consecutive blocks of one or two (Thm 3.1 and the proof of Thm 3.2),
/// with F_j = min(F_{j−1} + |Δ_j|^p, F_{j−2} + |Δ_{j−1} + Δ_j|^p). O(N).
/// </summary>
/// <remarks>
/// Ties. Two partitions can have equal cost: for every p when their multisets of |slope changes| are equal
/// (footnote 5 of the paper, e.g. Δ = (1,1,1) split {1,1}{1} or {1}{1,1}), or at the isolated p where the
/// cost curves of different multisets cross (Thm 3.2). Costs are compared with a relative tolerance of 1e-12;
/// among tied partitions the one with the fewest knots is returned (leftmost pairing first), and the result
/// reports the number of tied partitions and their knot-count range, so a tie is never hidden.
/// </remarks>
public static class MinVpDynamicProgram
{
    private const double RelativeTieTolerance = 1e-12;
    private const long CountCap = 1_000_000_000_000_000_000;

    public static MinVpSolution Solve(UnivariateStructure structure, double p)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), "p must lie in (0, 1).");
        var blocks = new List<Block>();
        double total = 0;
        long ways = 1;
        int minKnots = 0, maxKnots = 0;
        foreach (var run in structure.Runs)
        {
            var r = SolveRun(new RunCosts(structure, run), p);
            total += r.Value;
            ways = ways > CountCap / Math.Max(1, r.Ways) ? CountCap : Math.Min(CountCap, ways * r.Ways);
            minKnots += r.MinKnots;
            maxKnots += r.MaxKnots;
            foreach (var (first, length) in r.Blocks) blocks.Add(new Block(run.First + first, length));
        }
        return new MinVpSolution(new BlockPartition(structure, blocks), p, total, ways, minKnots, maxKnots);
    }

    private readonly record struct RunResult(double Value, long Ways, int MinKnots, int MaxKnots, List<(int First, int Length)> Blocks);

    private static RunResult SolveRun(RunCosts costs, double p)
    {
        int len = costs.Length;
        // State j = first j slope changes of the run are covered.
        var f = new double[len + 1];
        var ways = new long[len + 1];
        var kMin = new int[len + 1];
        var kMax = new int[len + 1];
        var lastBlock = new int[len + 1]; // length of the last block on the chosen (fewest-knot) path
        ways[0] = 1;
        for (int j = 1; j <= len; j++)
        {
            double single = f[j - 1] + Math.Exp(p * costs.Single[j - 1]);
            if (j == 1)
            {
                (f[j], ways[j], kMin[j], kMax[j], lastBlock[j]) = (single, 1, 1, 1, 1);
                continue;
            }
            double pair = f[j - 2] + Math.Exp(p * costs.Pair[j - 1]);
            double tolerance = RelativeTieTolerance * Math.Max(single, pair);
            if (Math.Abs(single - pair) <= tolerance)
            {
                f[j] = Math.Min(single, pair);
                ways[j] = Math.Min(CountCap, ways[j - 1] + ways[j - 2]);
                int viaSingle = kMin[j - 1] + 1, viaPair = kMin[j - 2] + 1;
                kMin[j] = Math.Min(viaSingle, viaPair);
                kMax[j] = Math.Max(kMax[j - 1], kMax[j - 2]) + 1;
                lastBlock[j] = viaSingle <= viaPair ? 1 : 2;
            }
            else if (single < pair)
                (f[j], ways[j], kMin[j], kMax[j], lastBlock[j]) = (single, ways[j - 1], kMin[j - 1] + 1, kMax[j - 1] + 1, 1);
            else
                (f[j], ways[j], kMin[j], kMax[j], lastBlock[j]) = (pair, ways[j - 2], kMin[j - 2] + 1, kMax[j - 2] + 1, 2);
        }
        var blocks = new List<(int, int)>();
        for (int j = len; j > 0; j -= lastBlock[j]) blocks.Add((j - lastBlock[j], lastBlock[j]));
        blocks.Reverse();
        return new RunResult(f[len], ways[len], kMin[len], kMax[len], blocks);
    }
}
