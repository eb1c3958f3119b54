using Google.OrTools.LinearSolver;
using QuikGraph;
using QuikGraph.Algorithms.Search;
using System.Runtime.ExceptionServices;
using Verifier.Shared.Data;
using Verifier.Shared.Numbers;

namespace Verifier.Reformulation;

/// <summary>One activation pattern D = diag(1[X u ≥ 0]) with an exact witness u (X u has no zero entry).</summary>
/// <param name="Mask">Bit i is set iff x̄_i·u &gt; 0.</param>
/// <param name="Witness">u ∈ Q^{d+1} with x̄_i·u &gt; 0 for i in the mask and &lt; 0 otherwise, checked exactly.</param>
public sealed record ActivationPattern(ulong Mask, Rational[] Witness)
{
    public bool Contains(int i) => (Mask >> i & 1) != 0;
}

/// <summary>
/// All distinct activation patterns of a dataset (SPEC §3), enumerated exactly as the regions of the central
/// arrangement {u : x̄_i·u = 0}. The region graph (regions are vertices; crossing hyperplane i is an edge) is
/// implicit: its out-edges are produced on demand, and QuikGraph's depth-first search explores it from the
/// all-active region of u = e_{d+1}. A neighbour across hyperplane i exists iff the LP {σ'_j x̄_j·u ≥ 1 ∀j} is
/// feasible (σ' = σ with i flipped); the LP solution is converted to an exact rational witness and re-checked
/// exactly, and each sign vector is decided by at most one LP. The region graph is connected, so the search
/// reaches every region the LPs do not miss; the count is compared with the exact region count of Zaslavsky's
/// theorem (<see cref="ArrangementRegions.Count"/>), and only when they agree is the enumeration
/// <see cref="Complete"/>, which exact solvers require before claiming optimality.
/// </summary>
/// <remarks>The patterns are listed in a canonical order that does not depend on the traversal: by the number of
/// points they switch off (the graph distance from the all-active region), then by mask, descending.</remarks>
public sealed class ActivationPatterns
{
    public const int MaxPoints = 64;

    public IReadOnlyList<ActivationPattern> Patterns { get; }
    /// <summary>Exact number of regions by Zaslavsky's theorem.</summary>
    public long ExpectedCount { get; }
    /// <summary>Cover's bound 2 Σ_{k≤d} C(N−1, k).</summary>
    public long CoverBound { get; }
    /// <summary>Edges of the region graph met by the search (pairs of adjacent regions, each counted once per direction).</summary>
    public int RegionEdges { get; }
    public int LpCalls { get; }

    /// <summary>Every pattern was found: the count equals the exact region count.</summary>
    public bool Complete => Patterns.Count == ExpectedCount;

    /// <summary>The search recurses once per region on its own thread with this stack (Cover's bound for N = 64,
    /// d = 3 is about 83 000 regions).</summary>
    private const int SearchStackBytes = 256 << 20;

    private ActivationPatterns(List<ActivationPattern> patterns, long expected, long cover, int edges, int lpCalls)
    {
        Patterns = patterns; ExpectedCount = expected; CoverBound = cover; RegionEdges = edges; LpCalls = lpCalls;
    }

    public static ActivationPatterns Enumerate(Dataset data, CancellationToken cancellation = default)
    {
        int n = data.Count, dim = data.Dimension + 1;
        if (n > MaxPoints) throw new DataFormatException($"the exact multivariate solver handles at most {MaxPoints} points (got {n})");
        var rows = LiftedInputs.Of(data);
        var start = new Rational[dim];
        start[dim - 1] = Rational.One; // x̄_i·e_{d+1} = 1 > 0 for every i
        ulong all = n == 64 ? ulong.MaxValue : (1UL << n) - 1;
        var witnesses = new Dictionary<ulong, Rational[]?> { [all] = start }; // null: the LP found the region empty
        int lpCalls = 0, edges = 0;

        bool OutEdges(ulong mask, out IEnumerable<TaggedEdge<ulong, int>> result)
        {
            cancellation.ThrowIfCancellationRequested();
            var list = new List<TaggedEdge<ulong, int>>();
            for (int i = 0; i < n; i++)
            {
                ulong flipped = mask ^ (1UL << i);
                if (!witnesses.TryGetValue(flipped, out var witness))
                {
                    lpCalls++;
                    witnesses[flipped] = witness = StrictWitness(rows, flipped, dim);
                }
                if (witness is not null) list.Add(new TaggedEdge<ulong, int>(mask, flipped, i));
            }
            edges += list.Count;
            result = list;
            return true;
        }

        var search = new ImplicitDepthFirstSearchAlgorithm<ulong, TaggedEdge<ulong, int>>(
            new DelegateIncidenceGraph<ulong, TaggedEdge<ulong, int>>(OutEdges));
        var found = new List<ulong>();
        search.DiscoverVertex += found.Add;
        OnLargeStack(() => search.Compute(all));
        var patterns = found
            .OrderBy(m => n - System.Numerics.BitOperations.PopCount(m)).ThenByDescending(m => m)
            .Select(m => new ActivationPattern(m, witnesses[m]!)).ToList();
        long expected = ArrangementRegions.Count(rows, dim, cancellation);
        return new ActivationPatterns(patterns, expected, ArrangementRegions.CoverBound(n, data.Dimension), edges / 2, lpCalls);
    }

    /// <summary>Runs <paramref name="action"/> on a thread with <see cref="SearchStackBytes"/> of stack and rethrows
    /// its exception (e.g. a cancellation) unchanged.</summary>
    private static void OnLargeStack(Action action)
    {
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try { action(); }
            catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
        }, SearchStackBytes);
        thread.Start();
        thread.Join();
        failure?.Throw();
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
