using Verifier.Exact.Problems;
using Verifier.Reformulation;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Limits;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Exact.Mip;

/// <summary>
/// Every sparsest interpolant of a dataset, in merged Lemma 4.1 block form (<see cref="SparsestEnumeration"/>).
/// When <see cref="Complete"/>, every interpolating network with <see cref="Optimum"/> nonzero parameters merges
/// (same outputs on the data, each block the sum of the neurons of one pattern and output sign) into one of
/// <see cref="Networks"/>, whose ℓ^p path norm is then at most the network's for every p (|a + b|^p ≤ |a|^p + |b|^p).
/// </summary>
/// <param name="Networks">The distinct sparsest interpolants, exactly verified, one neuron per block (each with exactly
/// <see cref="Optimum"/> nonzero parameters).</param>
/// <param name="Complete">The enumeration is a proof: the pattern list is complete, every cut passed its exact re-check,
/// no sub-problem failed numerically, the search ran to exhaustion, and every support has a single exact point.</param>
/// <param name="Proof">What was enumerated, or why it is not complete.</param>
/// <param name="Data">The dataset the networks interpolate.</param>
public sealed record SparsestSet(Dataset Data, int Optimum, IReadOnlyList<ShallowReluNetwork> Networks, bool Complete, string Proof);

/// <summary>
/// Enumerates every sparsest interpolant (parameters objective, d ≥ 2, no linear term) once the optimum k₀ is proven:
/// the exhaustive depth-first search over exact Farkas cuts (<see cref="FarkasBranchingSearch.RunAll"/>) at budget k₀
/// meets every selection of block groups (pattern, output sign, support T) of cost k₀ whose cone reaches y.
/// </summary>
/// <remarks>
/// <para>Why the selections are the sparsest interpolants. A network with k₀ nonzero parameters merges into blocks z_b
/// (at most one per pattern and sign) with at most k₀ nonzeros in all, so exactly k₀ (k₀ is the minimum); block b's
/// support T_b has linearly independent columns of X̄ (otherwise a smaller support gives the same outputs: fewer
/// parameters), so (D_b, s_b, T_b) is one of the groups and the selection costs Σ|T_b| = k₀.</para>
/// <para>Why a selection has one point. The points of a selection solve Σ_b s_b D_b X̄_{T_b} z_{b,T_b} = y, a system of
/// N equations in k₀ unknowns. When its matrix has full column rank (checked exactly) the solution is unique, so the
/// sub-problem's exact witness is the only sparsest interpolant of that support. A support without full rank makes
/// the set incomplete (its points form a polyhedron whose cheapest point is not computed here).</para>
/// </remarks>
public static class SparsestEnumeration
{
    /// <summary>Enumerates within <paramref name="seconds"/>; <paramref name="optimum"/> must be the proven ℓ^0
    /// (parameters) optimum of <paramref name="problem"/>. Running out of time gives an incomplete set.</summary>
    public static SparsestSet Enumerate(SparsestProblem problem, int optimum, double seconds, int threads = 1,
        CancellationToken cancellation = default)
    {
        if (problem.Objective != SparsityObjective.Parameters || problem.Skip || problem.Data.Dimension < 2)
            throw new ArgumentException("the enumeration is for the parameters objective in d ≥ 2 without the linear term", nameof(problem));
        if (optimum < 1) throw new ArgumentOutOfRangeException(nameof(optimum), "y ≠ 0 needs at least one parameter");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var instance = BendersInstance.TryBuild(problem, seconds, cancellation, out string phase);
        if (instance is null) return new SparsestSet(problem.Data, optimum, [], false, $"the time limit ran out while {phase}");
        var pool = new BendersCutPool(instance);
        foreach (var cut in BendersCuts.UnitCuts(instance)) pool.Add(cut);
        var sub = instance.NewSubproblem();
        var search = new FarkasBranchingSearch(instance.Groups, sub, pool.Cuts, instance.CutOf, pool.Add, threads, instance.NewSubproblem);
        var found = new List<List<int>>();
        var witnesses = new List<ConeSubproblem.Outcome>();
        bool exhausted = false;
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
        {
            limit.CancelAfterSeconds(seconds - clock.Elapsed.TotalSeconds);
            try
            {
                search.RunAll(optimum, (selection, outcome) => { lock (found) { found.Add(selection); witnesses.Add(outcome); } }, limit.Token);
                exhausted = true;
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested) { }
        }
        var lifted = LiftedInputs.Of(problem.Data);
        var networks = new List<ShallowReluNetwork>();
        var seen = new HashSet<string>();
        int notUnique = 0;
        bool checkedAll = true;
        for (int s = 0; s < found.Count; s++)
        {
            // Checking the supports is inside the limit too (many sparsest supports take time to solve exactly).
            if (clock.Elapsed.TotalSeconds > seconds || cancellation.IsCancellationRequested) { checkedAll = false; break; }
            int cost = found[s].Sum(k => instance.Groups[k].Cost);
            if (cost != optimum)
                throw new InvalidOperationException($"a reachable selection of cost {cost} below the proven optimum {optimum}");
            if (!SinglePoint(instance, lifted, found[s])) { notUnique++; continue; }
            var network = instance.NetworkOf(witnesses[s]);
            if (!InterpolationCheck.Check(network, problem.Data).Interpolates || SparsityMeasures.NonzeroParameters(network) != optimum)
                throw new InvalidOperationException("a sparsest support's exact witness does not interpolate with the optimum's count");
            // A point on the boundary of two pattern cones is reached from both patterns: one network.
            if (seen.Add(SparsityMeasures.ProductKey(network))) networks.Add(network);
        }
        if (exhausted && found.Count == 0 && !search.Uncertain)
            throw new InvalidOperationException($"no selection of cost {optimum} reaches y: {optimum} is not the optimum");
        bool complete = exhausted && checkedAll && instance.Patterns.Complete && pool.AllVerified && !search.Uncertain && notUnique == 0;
        string proof = complete
            ? $"every selection of Lemma 4.1 block groups of cost {optimum} reaching y enumerated by the exhaustive depth-first search over {pool.Count} exact Farkas cuts (each re-checked exactly; {instance.Patterns.Patterns.Count} patterns, complete; {search.Nodes} nodes): {found.Count} sparsest support(s), each with a single exact point: {networks.Count} distinct network(s)"
            : "INCOMPLETE: " + string.Join("; ", new[]
            {
                exhausted ? null : "the time limit ran out during the search",
                !exhausted || checkedAll ? null : "the time limit ran out while the supports were solved",
                instance.Patterns.Complete ? null : "the pattern list is incomplete",
                pool.AllVerified ? null : "a cut failed its exact re-check",
                search.Uncertain ? "a sub-problem failed numerically" : null,
                notUnique == 0 ? null : $"{notUnique} support(s) without a single point",
            }.Where(x => x is not null));
        return new SparsestSet(problem.Data, optimum, networks, complete, proof);
    }

    /// <summary>Whether the selection's system Σ_b s_b D_b X̄_{T_b} z = y has full column rank (exact).</summary>
    private static bool SinglePoint(BendersInstance instance, Rational[][] lifted, List<int> selection)
    {
        int n = instance.Points, width = lifted[0].Length;
        var columns = new List<Rational[]>();
        foreach (int k in selection)
        {
            var g = instance.Groups[k];
            for (int c = 0; c < width; c++)
            {
                if ((g.SupportMask >> c & 1) == 0) continue;
                var column = new Rational[n];
                for (int i = 0; i < n; i++) column[i] = g.Pattern.Contains(i) ? (g.Sign > 0 ? lifted[i][c] : -lifted[i][c]) : Rational.Zero;
                columns.Add(column);
            }
        }
        return ExactLinearAlgebra.Rank(columns, n) == columns.Count;
    }
}
