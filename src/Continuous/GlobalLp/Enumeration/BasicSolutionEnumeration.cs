using System.Diagnostics;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Continuous.GlobalLp.Enumeration;

/// <summary>
/// Every basic solution of the ℓ^p problem (paper (8), SPEC §1 and §3) on tiny data in d &gt; 1, in exact arithmetic:
/// the global minimiser for every p at once, without branch and bound.
/// </summary>
/// <remarks>
/// <para><b>Claim.</b> With the generators of <see cref="ArrangementGenerators"/>, let the candidates be every set S of
/// generators whose outputs are linearly independent and represent y with all weights μ &gt; 0, with every maximal
/// partition of S into neurons of pairwise compatible generators (no two of its neurons could be merged into one). Each candidate is an interpolating network (within a neuron no
/// kink separates its generators, so outputs add, and no weight cancels). For every p ∈ (0, 1) some candidate is a
/// global minimiser, and the parameter counts of all global minimisers are exactly those of the candidates of least
/// cost.</para>
/// <para><b>Proof.</b> A minimiser exists (Prop 4.1). Fix one with neurons (s_b, z_b) and let C_b be the closed cell of
/// z_b, with extreme rays R_b (generators). On Λ = {λ ≥ 0 on (b, ρ ∈ R_b) : Σ λ_{b,ρ} s_b(X̄ρ)_+ = y} the cost
/// F(λ) = Σ_b Σ_j (Σ_ρ λ_{b,ρ}|ρ_j|)^p is concave and bounded below, Λ has no lines and contains a point representing
/// the minimiser, so F attains its minimum over Λ at a vertex (Rockafellar, Cor. 32.3.4); a vertex's positive columns
/// are independent generators grouped by b, costing at most the minimum, so exactly the minimum. Merging two groups
/// whose rays are all pairwise compatible gives another interpolating network (compatibility is checked hyperplane by
/// hyperplane, so on each hyperplane the merged rays' signs are all in {0, +} or all in {0, −}: one closed cell, one
/// orthant) that costs
/// no more, since |a + b|^p ≤ |a|^p + |b|^p, and exactly as much only when the two groups have disjoint supports, with
/// then the same parameter count; merging while possible therefore ends at a candidate of the minimum cost and the
/// same parameter count. The
/// minimiser lies in the relative interior of a face of Λ on which F is minimal, hence constant; strict concavity of
/// t^p makes every linear form Σ_ρ λ_{b,ρ}|ρ_j| constant on it, so that face's vertex has the minimiser's neurons and
/// parameter count.</para>
/// <para><b>Exhaustiveness.</b> Every subset of an independent set is independent, so the depth-first search over
/// generators in index order, extending only independent sets, reaches every independent set. At a set S the search
/// first asks whether y ∈ span S: if so, S is a candidate exactly when its unique weights are all positive, and no
/// superset can be one (its unique weights extend S's by zeros), so the branch ends. With S of size N − 1 its extensions
/// are scanned through the cofactors of S (det[S | g] and Cramer's numerators are dot products with g). Signs of
/// determinants are decided in floating point with a rigorous error bound (<see cref="BoundedFloat"/>; for those
/// cofactors, when every entry is an exact double, <see cref="SharedMinors"/>, whose bound is 0 when the arithmetic is
/// exact, which also proves zeros) and, when the bound leaves a sign open, in exact rational arithmetic; weights of
/// candidates are always solved exactly. The work
/// grows like the number of independent sets, C(#generators, N − 1): use it on N ≤ 5 (d = 2) or N ≤ 4 (d = 3).</para>
/// </remarks>
public static partial class BasicSolutionEnumeration
{
    /// <summary>Sets visited per second and core on the reference machine (measured 1.7–1.9·10^6 on random 3-decimal data
    /// with the shared minors of the last level: N = 5 in d = 2, N = 4 in d = 3).</summary>
    private const double SetsPerSecond = 1.5e6;

    /// <summary>A rough forecast of the enumeration's time on this kind of machine: about G·C(G, N − 1)/5 sets for G
    /// generators (measured within a factor 1.5 at N = 4, 5 in d = 2, 3); +∞ beyond N = 8 (not even the generators are
    /// built). Used to decide whether to try the enumeration before the branch and bound.</summary>
    public static double EstimatedSeconds(Dataset data)
    {
        if (data.Count > 8 || data.Dimension < 2) return double.PositiveInfinity;
        // The generators come from C(N + d + 1, d) choices of hyperplanes; when there are that many, the enumeration is
        // hopeless anyway (each choice gives up to 4 generators and the search is at least quadratic in them), so the
        // forecast does not build them. Otherwise they are built under a short deadline.
        double choices = Combinations.Count(data.Count + data.Dimension + 1, data.Dimension);
        if (choices > MaxForecastChoices) return double.PositiveInfinity;
        var clock = Stopwatch.StartNew();
        ArrangementGenerators arrangement;
        try { arrangement = new ArrangementGenerators(data, () => clock.Elapsed.TotalSeconds > ForecastSeconds); }
        catch (OperationCanceledException) { return double.PositiveInfinity; }
        int g = arrangement.All.Count;
        double sets = g / 5.0 * Combinations.Count(g, data.Count - 1);
        double rate = SharedMinors.Applies(arrangement) ? SetsPerSecond : BoundedSetsPerSecond;
        return sets / rate / Math.Max(1, Environment.ProcessorCount);
    }

    /// <summary>The rate when the last level cannot use <see cref="SharedMinors"/> (entries beyond 2^53, e.g. many
    /// decimals): measured 0.6–1.6·10^6 with <see cref="BoundedFloat"/> cofactors, before the shared minors.</summary>
    private const double BoundedSetsPerSecond = 6e5;

    /// <summary>Beyond this many hyperplane choices the forecast is +∞ without building the generators.</summary>
    private const double MaxForecastChoices = 20_000;

    /// <summary>The forecast's own time limit (building the generators); +∞ when it runs out.</summary>
    private const double ForecastSeconds = 1.0;

    /// <summary>The default cap on candidates (each holds exact weights and magnitudes, about 0.7 KB: 1.7 GB at the cap).</summary>
    public const int DefaultMaxCandidates = 2_500_000;

    /// <summary>Enumerates within <paramref name="timeLimitSeconds"/> (and at most <paramref name="maxCandidates"/>
    /// candidates); incomplete otherwise, never wrong. <paramref name="progress"/> is told, about once a second and
    /// always from the calling thread, how far the search has come.</summary>
    public static VertexEnumerationResult Enumerate(Dataset data, double timeLimitSeconds, int maxCandidates = DefaultMaxCandidates,
        CancellationToken cancellation = default, IProgress<EnumerationProgress>? progress = null) =>
        Enumerate(data, timeLimitSeconds, maxCandidates, cancellation, progress, sharedMinors: true);

    /// <summary><see cref="Enumerate(Dataset, double, int, CancellationToken, IProgress{EnumerationProgress}?)"/>;
    /// <paramref name="sharedMinors"/> false keeps the last level on <see cref="BoundedFloat"/> cofactors (tests compare
    /// the two paths).</summary>
    internal static VertexEnumerationResult Enumerate(Dataset data, double timeLimitSeconds, int maxCandidates,
        CancellationToken cancellation, IProgress<EnumerationProgress>? progress, bool sharedMinors)
    {
        var clock = Stopwatch.StartNew();
        bool abandoned = false; // set when the progress callback throws: the searches stop, then the exception surfaces
        bool Stop() => Volatile.Read(ref abandoned) || cancellation.IsCancellationRequested || clock.Elapsed.TotalSeconds > timeLimitSeconds;
        ArrangementGenerators arrangement;
        try { arrangement = new ArrangementGenerators(data, Stop); }
        catch (OperationCanceledException)
        {
            return new VertexEnumerationResult(false, [], 0, 0, 0, 0, clock.Elapsed.TotalSeconds, "time ran out while building the generators");
        }
        // One search per first generator, in parallel (the subtrees are disjoint: sets are visited in index order); the
        // candidates are concatenated in the order of the first generator, so the result does not depend on the threads.
        int count = arrangement.All.Count;
        var searches = new Search[count];
        int found = 0;
        // The subtree of first generator f holds about C(G − 1 − f, N − 1) sets: the weight of its share of the work (+1, so
        // that every subtree counts and the share reaches 1 only when all are done).
        var weight = Enumerable.Range(0, count).Select(f => Combinations.Count(count - 1 - f, data.Count - 1) + 1).ToArray();
        double totalWeight = Math.Max(weight.Sum(), 1), doneWeight = 0;
        object doneLock = new();
        bool shared = sharedMinors && SharedMinors.Applies(arrangement);
        void SearchAll() => Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, first =>
        {
            var search = new Search(arrangement, Stop, first, () => Interlocked.Increment(ref found) <= maxCandidates, shared);
            search.Run();
            searches[first] = search;
            lock (doneLock) doneWeight += weight[first];
        });
        if (progress is null) SearchAll();
        else
        {
            // The searches run on the pool; this thread reports, so progress comes from the caller's thread.
            var work = Task.Run(SearchAll);
            try
            {
                while (Task.WaitAny([work], ProgressMilliseconds) < 0) // WaitAny does not throw; GetResult below does
                {
                    double share;
                    lock (doneLock) share = doneWeight / totalWeight;
                    progress.Report(new EnumerationProgress(clock.Elapsed.TotalSeconds, share, Math.Min(Volatile.Read(ref found), maxCandidates), count));
                }
            }
            catch
            {
                Volatile.Write(ref abandoned, true); // a failing callback stops the searches instead of leaving them running
                Task.WaitAny([work]);
                throw;
            }
            work.GetAwaiter().GetResult(); // a defect thrown by a search surfaces here, as from Parallel.For
        }
        string? incomplete = searches.Select(s => s.Stopped).FirstOrDefault(s => s is not null);
        return new VertexEnumerationResult(incomplete is null, searches.SelectMany(s => s.Found).ToList(), count,
            searches.Sum(s => s.Sets), searches.Sum(s => s.Vertices), searches.Sum(s => s.ExactDecisions), clock.Elapsed.TotalSeconds,
            incomplete) { Arrangement = arrangement };
    }

    private const int ProgressMilliseconds = 1000;

    internal static ShallowReluNetwork ToNetwork(ArrangementGenerators a, VertexCandidate c)
    {
        var neurons = new List<Neuron>();
        foreach (var group in Enumerable.Range(0, c.Generators.Length).GroupBy(t => c.Neuron[t]))
        {
            var w = Weight(a, c, group);
            int sign = a.All[c.Generators[group.First()]].OutputSign;
            neurons.Add(new Neuron(w[..^1], w[^1], Rational.FromInteger(sign)));
        }
        return new ShallowReluNetwork(a.Width - 1, neurons, null);
    }

    /// <summary>w = Σ_{t in group} μ_t ρ_t / (c_t · ỹscale), scaled back to x̄ (× column scale).</summary>
    private static Rational[] Weight(ArrangementGenerators a, VertexCandidate c, IEnumerable<int> group)
    {
        var w = Enumerable.Repeat(Rational.Zero, a.Width).ToArray();
        foreach (int t in group)
        {
            var g = a.All[c.Generators[t]];
            var factor = c.Weights[t] / Rational.FromInteger(g.Scale * a.LabelScale);
            for (int j = 0; j < a.Width; j++)
                if (!g.Ray[j].IsZero) w[j] += factor * Rational.FromInteger(g.Ray[j] * a.ColumnScale[j]);
        }
        return w;
    }
}
