using Verifier.Shared.Numbers;

namespace Verifier.Continuous.GlobalLp;

/// <summary>
/// The nonzero products of many candidate networks as indices into their distinct absolute values, each with a proven
/// enclosure ln|u| ∈ [<see cref="LogLo"/>, <see cref="LogHi"/>] (<see cref="Outward.LogBounds"/>, computed once per
/// distinct value, in parallel): candidate c's products are <see cref="Terms"/>[<see cref="Start"/>[c] ..
/// <see cref="Start"/>[c + 1]). Shared by <see cref="EnumeratedPStar"/> and <see cref="EnumeratedMinimum"/>.
/// </summary>
internal sealed class CandidateLogs
{
    public int[] Start { get; }
    public int[] Terms { get; }
    public double[] LogLo { get; }
    public double[] LogHi { get; }

    public CandidateLogs(IReadOnlyList<Rational[]> candidates, CancellationToken cancellation)
    {
        var index = new Dictionary<Rational, int>();
        var values = new List<Rational>();
        Start = new int[candidates.Count + 1];
        var terms = new List<int>();
        for (int c = 0; c < candidates.Count; c++)
        {
            if ((c & 4095) == 0) cancellation.ThrowIfCancellationRequested();
            var products = candidates[c] ?? throw new ArgumentException($"candidate {c} is null", nameof(candidates));
            foreach (var u in products)
            {
                if (u.IsZero) throw new ArgumentException($"candidate {c} lists a zero product", nameof(candidates));
                var a = u.Abs();
                if (!index.TryGetValue(a, out int v)) { v = values.Count; index.Add(a, v); values.Add(a); }
                terms.Add(v);
            }
            Start[c + 1] = terms.Count;
        }
        Terms = terms.ToArray();
        LogLo = new double[values.Count];
        LogHi = new double[values.Count];
        var lo = LogLo; var hi = LogHi;
        Parallel.For(0, values.Count, new ParallelOptions { CancellationToken = cancellation },
            v => (lo[v], hi[v]) = Outward.LogBounds(values[v]));
    }

    /// <summary>The number of candidates.</summary>
    public int Candidates => Start.Length - 1;

    /// <summary>The number of products of candidate c.</summary>
    public int Count(int c) => Start[c + 1] - Start[c];

    /// <summary>Proven enclosures of |u|^p for every distinct value at p &gt; 0 (outward rounded, in parallel).</summary>
    public (double[] Lo, double[] Hi) Powers(double p)
    {
        var lo = new double[LogLo.Length];
        var hi = new double[LogLo.Length];
        Parallel.For(0, lo.Length, v =>
        {
            lo[v] = Outward.ExpLower(Outward.MulDn(p, LogLo[v]));
            hi[v] = Outward.ExpUpper(Outward.MulUp(p, LogHi[v]));
        });
        return (lo, hi);
    }

    /// <summary>Proven Σ_v |u_v|^p ≥ result for candidate c, from <see cref="Powers"/>' lower enclosures.</summary>
    public double CostLo(int c, double[] powersLo)
    {
        double s = 0;
        for (int t = Start[c]; t < Start[c + 1]; t++) s = Outward.AddDn(s, powersLo[Terms[t]]);
        return Math.Max(0, s);
    }

    /// <summary>Proven Σ_v |u_v|^p ≤ result for candidate c, from <see cref="Powers"/>' upper enclosures.</summary>
    public double CostHi(int c, double[] powersHi)
    {
        double s = 0;
        for (int t = Start[c]; t < Start[c + 1]; t++) s = Outward.AddUp(s, powersHi[Terms[t]]);
        return s;
    }
}
