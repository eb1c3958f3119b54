using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Continuous.Training;

/// <summary>
/// Converts trained floating-point parameters into a <see cref="ShallowReluNetwork"/> (exact values of the doubles),
/// pruned at the zero threshold: a product |v_k·w̄_{k,i}| ≤ threshold is set to zero (its weight entry is zeroed),
/// and a neuron with no product left is dropped. In 1-D a dropped neuron's remainder v_k·(b_k)_+ (a constant when
/// w_k = 0) is folded into the output constant so that f changes by at most threshold·|x| on the data.
/// </summary>
/// <remarks>The result only approximately interpolates: the weights are binary doubles found by gradient descent.</remarks>
public static class TrainedNetwork
{
    public static ShallowReluNetwork ToNetwork(TrainingArchitecture arch, ReadOnlySpan<double> theta, double threshold)
    {
        int d = arch.InputDim;
        var neurons = new List<Neuron>();
        double c = arch.OutputBias ? theta[arch.OffsetC] : 0;
        for (int k = 0; k < arch.Width; k++)
        {
            double v = theta[arch.OffsetV + k], b = theta[arch.OffsetB + k];
            var w = new double[d];
            int kept = 0;
            for (int j = 0; j < d; j++)
            {
                w[j] = Math.Abs(v * theta[k * d + j]) > threshold ? theta[k * d + j] : 0;
                if (w[j] != 0) kept++;
            }
            if (arch.BiasPenalised)
            {
                if (!(Math.Abs(v * b) > threshold)) b = 0; else kept++;
            }
            if (kept == 0)
            {
                if (!arch.BiasPenalised && v != 0 && b > 0) c += v * b;
                continue;
            }
            neurons.Add(new Neuron(w.Select(Rational.FromDouble).ToArray(), Rational.FromDouble(b), Rational.FromDouble(v)));
        }
        LinearSkip? skip = null;
        if (arch.LinearTerm || arch.OutputBias || d == 1)
        {
            var a = new Rational[d];
            for (int j = 0; j < d; j++) a[j] = arch.LinearTerm ? Rational.FromDouble(theta[arch.OffsetA + j]) : Rational.Zero;
            skip = new LinearSkip(a, Rational.FromDouble(c));
        }
        return new ShallowReluNetwork(d, neurons, skip, hasExactSource: false);
    }
}
