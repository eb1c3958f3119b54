using Verifier.Shared.Data;
using Verifier.Shared.Numbers;

namespace Verifier.Reformulation.Univariate;

/// <summary>
/// A maximal block of consecutive interior points with the same nonzero discrete curvature (SPEC §2).
/// Indices are 0-based point indices; the run holds points First..Last (Length of them).
/// </summary>
public readonly record struct Run(int First, int Last, int Sign)
{
    public int Length => Last - First + 1;
}

/// <summary>
/// The univariate structure of Section 3 for sorted distinct data: data slopes s_i (between points i and
/// i+1), slope changes Δ_i = s_i − s_{i−1} at interior points, discrete curvature sign(Δ_i), and the runs.
/// A zero curvature (three collinear points) ends a run, and so does a sign change. All exact.
/// </summary>
public sealed class UnivariateStructure
{
    public Dataset Data { get; }
    /// <summary>s[i] = (y_{i+1} − y_i)/(x_{i+1} − x_i), i = 0..N−2.</summary>
    public Rational[] Slopes { get; }
    /// <summary>Δ[i] = s[i] − s[i−1] for interior i = 1..N−2; Δ[0] and Δ[N−1] are zero placeholders.</summary>
    public Rational[] SlopeChanges { get; }
    public IReadOnlyList<Run> Runs { get; }

    private UnivariateStructure(Dataset data, Rational[] slopes, Rational[] deltas, List<Run> runs)
    {
        Data = data; Slopes = slopes; SlopeChanges = deltas; Runs = runs;
    }

    public Rational X(int i) => Data.XUnivariate[i];

    /// <summary>Computes slopes, slope changes and runs in O(N) exact operations.</summary>
    public static UnivariateStructure Analyze(Dataset data)
    {
        if (data.Dimension != 1) throw new ArgumentException("univariate data expected");
        int n = data.Count;
        var xs = data.XUnivariate;
        var ys = data.Labels;
        var slopes = new Rational[Math.Max(0, n - 1)];
        for (int i = 0; i + 1 < n; i++) slopes[i] = (ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]);
        var deltas = new Rational[n];
        var runs = new List<Run>();
        int runStart = -1, runSign = 0;
        for (int i = 1; i + 1 < n; i++)
        {
            deltas[i] = slopes[i] - slopes[i - 1];
            int sign = deltas[i].Sign;
            if (sign != runSign)
            {
                if (runSign != 0) runs.Add(new Run(runStart, i - 1, runSign));
                runStart = i; runSign = sign;
            }
        }
        if (runSign != 0) runs.Add(new Run(runStart, n - 2, runSign));
        return new UnivariateStructure(data, slopes, deltas, runs);
    }

    /// <summary>The exact minimum number of neurons, Σ_runs ⌈L_r/2⌉ (SPEC §2).</summary>
    public int SparsestNeuronCount => Runs.Sum(r => (r.Length + 1) / 2);
}
