using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Continuous.GlobalLp;

/// <summary>
/// p ↦ Σ_v |u_v|^p over a network's nonzero penalised products u_v (its ℓ^p path norm, paper (8)), enclosed in
/// outward-rounded arithmetic: each ln|u_v| is enclosed once (<see cref="Outward.LogBounds"/>, |u_v| an exact rational),
/// then every <see cref="Bounds"/> call is a certified [lo, hi] ∋ Σ_v |u_v|^p.
/// </summary>
public sealed class CertifiedCostCurve
{
    private readonly (double Lo, double Hi)[] _logs;

    public CertifiedCostCurve(ShallowReluNetwork net) =>
        _logs = SparsestRegime.NonzeroProducts(net).Select(u => Outward.LogBounds(u.Abs())).ToArray();

    /// <summary>The number of nonzero products (the network's nonzero parameters).</summary>
    public int Count => _logs.Length;

    /// <summary>Proven: at <paramref name="p"/> this network costs strictly less than each of <paramref name="others"/>
    /// (false when they are empty or when the enclosures overlap).</summary>
    public bool ProvenCheaperThanAll(IReadOnlyList<CertifiedCostCurve> others, double p) =>
        others.Count > 0 && Bounds(p).Hi < others.Min(c => c.Bounds(p).Lo);

    /// <summary>Certified enclosure of the path norm at <paramref name="p"/> &gt; 0.</summary>
    public (double Lo, double Hi) Bounds(double p)
    {
        if (!(p > 0)) throw new ArgumentOutOfRangeException(nameof(p));
        double lo = 0, hi = 0;
        foreach (var (logLo, logHi) in _logs)
        {
            lo = Outward.AddDn(lo, Outward.ExpLower(Outward.MulDn(p, logLo)));
            hi = Outward.AddUp(hi, Outward.ExpUpper(Outward.MulUp(p, logHi)));
        }
        return (Math.Max(0, lo), hi);
    }
}
