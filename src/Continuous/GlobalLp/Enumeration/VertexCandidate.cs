using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Continuous.GlobalLp.Enumeration;

/// <summary>One enumerated interpolating network: generators (indices into the <see cref="ArrangementGenerators"/>),
/// their exact positive weights μ on the primitive outputs, and the neuron each belongs to.
/// <see cref="Magnitudes"/> are the absolute values of its nonzero penalised products (its parameter count is their
/// number), so its ℓ^p path norm is Σ Magnitudes^p.</summary>
public sealed class VertexCandidate
{
    internal int[] Generators { get; }
    internal Rational[] Weights { get; }
    internal int[] Neuron { get; }
    public Rational[] Magnitudes { get; }
    public int Parameters => Magnitudes.Length;

    internal VertexCandidate(int[] generators, Rational[] weights, int[] neuron, Rational[] magnitudes)
    {
        Generators = generators; Weights = weights; Neuron = neuron; Magnitudes = magnitudes;
    }

    /// <summary>Σ_v Magnitudes_v^p in floating point (for search; verdicts use <see cref="CertifiedCostCurve"/>-style enclosures).</summary>
    public double Cost(double p)
    {
        double s = 0;
        foreach (var m in Magnitudes) s += Math.Pow(m.ToDouble(), p);
        return s;
    }
}

/// <summary>Progress of <see cref="BasicSolutionEnumeration"/>: <see cref="Share"/> is the share of the work in
/// finished subtrees (each first generator's subtree weighted by its number of sets, C(G − 1 − f, N − 1)), so it
/// trails the truth while the large early subtrees run; <see cref="Candidates"/> counts candidate networks so far.</summary>
public sealed record EnumerationProgress(double Seconds, double Share, int Candidates, int Generators);

/// <summary>Outcome of <see cref="BasicSolutionEnumeration"/>: <see cref="Complete"/> only when the search ran to its
/// end; then <see cref="Candidates"/> contains, for every p ∈ (0, 1), a global ℓ^p minimiser, and the parameter
/// counts of the minimisers at p are exactly those of the candidates attaining the minimum.</summary>
public sealed record VertexEnumerationResult(bool Complete, IReadOnlyList<VertexCandidate> Candidates, int Generators,
    long Sets, long Vertices, long ExactDecisions, double Seconds, string? Incomplete)
{
    internal ArrangementGenerators? Arrangement { get; init; }

    private CandidateLogs? _logs;
    private readonly object _logsLock = new();

    /// <summary>A <c>with</c> copy starts without the cached <see cref="Logs"/> (its candidates may differ).</summary>
    private VertexEnumerationResult(VertexEnumerationResult original)
    {
        Complete = original.Complete; Candidates = original.Candidates; Generators = original.Generators;
        Sets = original.Sets; Vertices = original.Vertices; ExactDecisions = original.ExactDecisions;
        Seconds = original.Seconds; Incomplete = original.Incomplete; Arrangement = original.Arrangement;
        _logsLock = new();
    }

    /// <summary>The candidates' magnitudes with proven log enclosures, built once (the costliest step of a minimum: about
    /// 6 s for 10^6 candidates) and shared by every p and p* (<see cref="EnumeratedMinimum"/>, <see cref="EnumeratedPStar"/>).
    /// A cancelled build leaves nothing cached.</summary>
    internal CandidateLogs Logs(CancellationToken cancellation = default)
    {
        lock (_logsLock)
            return _logs ??= new CandidateLogs(Candidates.Select(c => c.Magnitudes).ToList(), cancellation);
    }

    /// <summary>The candidate's network, exact: one neuron s·(wᵀx̄)_+ per group, w = Σ μ_g ρ_g (scaled back to x̄ and y).</summary>
    public ShallowReluNetwork Network(VertexCandidate c) => BasicSolutionEnumeration.ToNetwork(Arrangement!, c);

    /// <summary><see cref="Network"/>, re-checked to interpolate <paramref name="data"/> exactly (the data enumerated);
    /// a candidate that does not is a defect, thrown.</summary>
    public ShallowReluNetwork VerifiedNetwork(VertexCandidate c, Dataset data)
    {
        var network = Network(c);
        if (!InterpolationCheck.Check(network, data).Interpolates)
            throw new InvalidOperationException("an enumerated candidate does not interpolate the data exactly: a defect");
        return network;
    }

    /// <summary>The least parameter count among the candidates is the ℓ^0 optimum (below p* every minimiser is sparsest
    /// and among them, and every candidate interpolates); a proven optimum <paramref name="k0"/> that differs is a
    /// defect, thrown.</summary>
    public void RequireLeastParameters(int k0)
    {
        int least = Candidates.Min(c => c.Parameters);
        if (least != k0)
            throw new InvalidOperationException($"the vertex enumeration's sparsest candidate has {least} parameters, the proven ℓ^0 optimum is {k0}: a defect");
    }
}
