using Google.OrTools.LinearSolver;
using QuikGraph;
using QuikGraph.Algorithms;
using Verifier.Shared.Data;
using Verifier.Shared.Numbers;

namespace Verifier.Exact.Patterns;

/// <summary>One activation pattern D = diag(1[X u ≥ 0]) with an exact witness u (X u has no zero entry).</summary>
/// <param name="Mask">Bit i is set iff x̄_i·u &gt; 0.</param>
/// <param name="Witness">u ∈ Q^{d+1} with x̄_i·u &gt; 0 for i in the mask and &lt; 0 otherwise, checked exactly.</param>
public sealed record ActivationPattern(ulong Mask, Rational[] Witness)
{
    public bool Contains(int i) => (Mask >> i & 1) != 0;
}

/// <summary>
/// All distinct activation patterns of a dataset (SPEC §3), enumerated exactly as the regions of the central
/// arrangement {u : x̄_i·u = 0}: a breadth-first traversal of the region graph (regions are vertices, crossing
/// one hyperplane is an edge, held in a QuikGraph graph), starting from the all-active region of u = e_{d+1}.
/// A neighbour across hyperplane i exists iff the LP {σ'_j x̄_j·u ≥ 1 ∀j} is feasible (σ' = σ with i flipped);
/// the LP solution is converted to an exact rational witness and re-checked exactly. The count is compared
/// with the exact region count of Zaslavsky's theorem (<see cref="ArrangementRegions.Count"/>): only when they
/// agree is the enumeration <see cref="Complete"/>, which exact solvers require before claiming optimality.
/// </summary>
public sealed class ActivationPatterns
{
    public const int MaxPoints = 64;

    public IReadOnlyList<ActivationPattern> Patterns { get; }
    /// <summary>Exact number of regions by Zaslavsky's theorem.</summary>
    public long ExpectedCount { get; }
    /// <summary>Cover's bound 2 Σ_{k≤d} C(N−1, k).</summary>
    public long CoverBound { get; }
    /// <summary>The region graph: vertex k is Patterns[k]; an edge's tag is the hyperplane crossed.</summary>
    public UndirectedGraph<int, TaggedUndirectedEdge<int, int>> RegionGraph { get; }
    public int LpCalls { get; }

    /// <summary>Every pattern was found (count equals the exact region count) and the region graph is connected.</summary>
    public bool Complete => Patterns.Count == ExpectedCount && RegionGraph.ConnectedComponents(new Dictionary<int, int>()) == 1;

    private ActivationPatterns(List<ActivationPattern> patterns, long expected, long cover,
        UndirectedGraph<int, TaggedUndirectedEdge<int, int>> graph, int lpCalls)
    {
        Patterns = patterns; ExpectedCount = expected; CoverBound = cover; RegionGraph = graph; LpCalls = lpCalls;
    }

    public static ActivationPatterns Enumerate(Dataset data, CancellationToken cancellation = default)
    {
        int n = data.Count, dim = data.Dimension + 1;
        if (n > MaxPoints) throw new DataFormatException($"the exact multivariate solver handles at most {MaxPoints} points (got {n})");
        var rows = LiftedInputs.Of(data);
        var start = new Rational[dim];
        start[dim - 1] = Rational.One; // x̄_i·e_{d+1} = 1 > 0 for every i
        ulong all = n == 64 ? ulong.MaxValue : (1UL << n) - 1;
        var patterns = new List<ActivationPattern> { new(all, start) };
        var index = new Dictionary<ulong, int> { [all] = 0 };
        var graph = new UndirectedGraph<int, TaggedUndirectedEdge<int, int>>(allowParallelEdges: false);
        graph.AddVertex(0);
        int lpCalls = 0;
        for (int head = 0; head < patterns.Count; head++)
        {
            cancellation.ThrowIfCancellationRequested();
            ulong mask = patterns[head].Mask;
            for (int i = 0; i < n; i++)
            {
                ulong flipped = mask ^ (1UL << i);
                if (index.TryGetValue(flipped, out int known))
                {
                    // Two regions whose sign vectors differ in one hyperplane are adjacent across it.
                    if (known > head) graph.AddEdge(new TaggedUndirectedEdge<int, int>(head, known, i));
                    continue;
                }
                lpCalls++;
                var witness = StrictWitness(rows, flipped, dim);
                if (witness is null) continue;
                int k = patterns.Count;
                patterns.Add(new ActivationPattern(flipped, witness));
                index[flipped] = k;
                graph.AddVertex(k);
                graph.AddEdge(new TaggedUndirectedEdge<int, int>(head, k, i));
            }
        }
        long expected = ArrangementRegions.Count(rows, dim);
        return new ActivationPatterns(patterns, expected, ArrangementRegions.CoverBound(n, data.Dimension), graph, lpCalls);
    }

    /// <summary>An exact u with sign(x̄_j·u) = σ_j for all j, or null if the LP says the region is empty.</summary>
    private static Rational[]? StrictWitness(Rational[][] rows, ulong mask, int dim)
    {
        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("GLOP is not available");
        var u = new Variable[dim];
        for (int k = 0; k < dim; k++) u[k] = solver.MakeNumVar(double.NegativeInfinity, double.PositiveInfinity, $"u{k}");
        for (int j = 0; j < rows.Length; j++)
        {
            double sign = (mask >> j & 1) != 0 ? 1 : -1;
            var c = solver.MakeConstraint(1, double.PositiveInfinity);
            for (int k = 0; k < dim; k++) c.SetCoefficient(u[k], sign * rows[j][k].ToDouble());
        }
        var status = solver.Solve();
        if (status != Solver.ResultStatus.OPTIMAL) return null;
        var witness = u.Select(v => Rational.FromDouble(v.SolutionValue())).ToArray();
        for (int j = 0; j < rows.Length; j++)
        {
            int want = (mask >> j & 1) != 0 ? 1 : -1;
            if (LiftedInputs.Dot(rows[j], witness).Sign != want)
                throw new InvalidOperationException($"the LP witness of pattern {mask:X} fails the exact check at point {j}");
        }
        return witness;
    }
}
