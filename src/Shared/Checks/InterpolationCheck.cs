using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Shared.Checks;

/// <summary>The verdict of <see cref="InterpolationCheck"/>.</summary>
/// <param name="Interpolates">Exact: f(x_i) = y_i for every i, decided in rational arithmetic.</param>
/// <param name="MaxError">max_i |f(x_i) − y_i| with f evaluated in double precision (informative only).</param>
/// <param name="FirstMismatch">Index of the first point that fails exactly, or −1.</param>
public sealed record InterpolationVerdict(bool Interpolates, double MaxError, int FirstMismatch);

/// <summary>
/// Decides exactly whether a network interpolates a dataset: every residual f(x_i) − y_i is computed in
/// rational arithmetic and must be exactly zero. Floating error is reported beside it, never used for it.
/// </summary>
public static class InterpolationCheck
{
    /// <summary>Above this many neuron-point pairs, 1-D networks are evaluated by a sweep instead of directly.</summary>
    private const long DirectWorkLimit = 2_000_000;

    /// <summary>From this many points on, the exact 1-D sweep is split into a part per processor.</summary>
    private const int SplitPoints = 100_000;

    public static InterpolationVerdict Check(ShallowReluNetwork net, Dataset data)
    {
        if (net.InputDim != data.Dimension)
            throw new DataFormatException($"the network has input dimension {net.InputDim} but the data have {data.Dimension}");
        int n = data.Count;
        int firstMismatch = -1;
        double maxError = 0;
        var yd = data.YDouble;
        bool sweep = data.Dimension == 1 && (long)n * net.Neurons.Count > DirectWorkLimit;
        if (sweep)
        {
            var hinges = UnivariateSweep.HingeForm(net);
            double[] fd = [];
            // The exact verdict and the floating error are independent sweeps: run them side by side.
            Parallel.Invoke(
                () => firstMismatch = FirstMismatch(hinges, data, n >= SplitPoints ? Environment.ProcessorCount : 1),
                () => fd = UnivariateSweep.EvaluateDouble(hinges, data.XDouble));
            for (int i = 0; i < n; i++) maxError = Math.Max(maxError, Math.Abs(fd[i] - yd[i]));
        }
        else
        {
            var xd = data.XDouble;
            int d = data.Dimension;
            for (int i = 0; i < n; i++)
            {
                if (firstMismatch < 0 && net.EvaluateExact(data.Input(i)) != data.Y(i)) firstMismatch = i;
                double err = Math.Abs(net.Evaluate(xd.AsSpan(i * d, d)) - yd[i]);
                if (!(err <= maxError)) maxError = double.IsNaN(err) ? double.PositiveInfinity : err;
            }
        }
        return new InterpolationVerdict(firstMismatch < 0, maxError, firstMismatch);
    }

    /// <summary>
    /// The first i with f(x_i) ≠ y_i exactly, or −1, for 1-D data: the exact sweep in up to <paramref name="parts"/>
    /// parts run in parallel, with the answer of the sequential sweep.
    /// </summary>
    /// <remarks>
    /// A later part starts after two neighbouring points x_s &lt; x_{s+1} with no knot strictly between them, both
    /// checked by the parts before it. If those parts find no mismatch, f is linear on [x_s, x_{s+1}] through
    /// (x_s, y_s) and (x_{s+1}, y_{s+1}), so the sweep's state at x_{s+1} is y_{s+1} with the slope of that segment,
    /// and the part computes f exactly; if they find one, it comes first. So the first mismatch is the first one of
    /// the first part that has any.
    /// </remarks>
    public static int FirstMismatch(Hinges hinges, Dataset data, int parts)
    {
        int n = data.Count;
        var starts = new List<int> { 0 };
        var xs = data.XUnivariate;
        var knots = hinges.Knots;
        for (int p = 1; p < parts; p++)
        {
            // The first knot-free neighbour pair (s, s+1) from the p-th share of the points on, before the next share.
            int s = Math.Max(starts[^1], (int)((long)p * n / parts)), limit = Math.Min(n - 2, (int)((long)(p + 1) * n / parts));
            int k = ExactSweep.FirstKnotNotBelow(knots, xs[Math.Min(s, n - 1)]);
            for (; s < limit; s++)
            {
                while (k < knots.Length && knots[k] <= xs[s]) k++;
                if (k == knots.Length || knots[k] >= xs[s + 1]) break;
            }
            if (s < limit) starts.Add(s + 2);
        }
        var first = new int[starts.Count];
        Parallel.For(0, starts.Count, p =>
        {
            var xs = data.XUnivariate;
            var ys = data.Labels;
            int from = starts[p], to = p + 1 < starts.Count ? starts[p + 1] : n;
            ExactSweep sweep;
            if (from == 0)
            {
                sweep = ExactSweep.Start(hinges, xs[0]);
                if (sweep.Value != ys[0]) { first[p] = 0; return; }
                from = 1;
            }
            else sweep = ExactSweep.Resume(hinges, xs[from - 1], ys[from - 1], (ys[from - 1] - ys[from - 2]) / (xs[from - 1] - xs[from - 2]));
            first[p] = -1;
            for (int i = from; i < to; i++)
                if (sweep.Next(xs[i]) != ys[i]) { first[p] = i; return; }
        });
        foreach (int i in first) if (i >= 0) return i;
        return -1;
    }
}
