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
                () => UnivariateSweep.EvaluateExact(hinges, data.XUnivariate, (i, f) =>
                {
                    if (firstMismatch < 0 && f != data.Y(i)) firstMismatch = i;
                }),
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
}
