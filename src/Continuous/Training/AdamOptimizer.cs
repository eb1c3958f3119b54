using System.Numerics;
using System.Runtime.InteropServices;

namespace Verifier.Continuous.Training;

/// <summary>
/// Adam (Kingma &amp; Ba) with PyTorch's update, optionally with decoupled weight decay (AdamW, Loshchilov &amp; Hutter):
/// θ ← θ·(1 − γλ) [AdamW only]; m ← β₁m + (1−β₁)g; s ← β₂s + (1−β₂)g²;
/// θ ← θ − (γ/(1−β₁ᵗ))·m / (√s/√(1−β₂ᵗ) + ε). State is allocated once; <see cref="Step"/> allocates nothing.
/// </summary>
public sealed class AdamOptimizer
{
    private readonly double[] _m;
    private readonly double[] _s;
    private readonly double _beta1, _beta2, _epsilon, _learningRate, _decoupledDecay;
    private int _t;

    public AdamOptimizer(int parameterCount, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double decoupledWeightDecay = 0)
    {
        _m = new double[parameterCount];
        _s = new double[parameterCount];
        _learningRate = learningRate; _beta1 = beta1; _beta2 = beta2; _epsilon = epsilon; _decoupledDecay = decoupledWeightDecay;
    }

    /// <summary>Number of steps taken.</summary>
    public int StepCount => _t;

    /// <summary>Zeroes the moment estimates of θ[start..start+length): with zero parameters and zero gradient those
    /// parameters then stay exactly zero (used for dead neurons).</summary>
    public void ResetState(int start, int length)
    {
        _m.AsSpan(start, length).Clear();
        _s.AsSpan(start, length).Clear();
    }

    /// <summary>One Adam(W) step on θ with gradient g.</summary>
    public void Step(Span<double> theta, ReadOnlySpan<double> gradient)
    {
        _t++;
        double c1 = 1 - Math.Pow(_beta1, _t);
        double c2 = 1 - Math.Pow(_beta2, _t);
        double stepSize = _learningRate / c1;
        double invSqrtC2 = 1 / Math.Sqrt(c2);
        double decay = 1 - _learningRate * _decoupledDecay;
        double b1 = _beta1, b2 = _beta2, eps = _epsilon;
        var m = _m.AsSpan();
        var s = _s.AsSpan();
        int n = theta.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vt = MemoryMarshal.Cast<double, Vector<double>>(theta);
            var vg = MemoryMarshal.Cast<double, Vector<double>>(gradient);
            var vm = MemoryMarshal.Cast<double, Vector<double>>(m);
            var vs = MemoryMarshal.Cast<double, Vector<double>>(s);
            var vb1 = new Vector<double>(b1); var vb1c = new Vector<double>(1 - b1);
            var vb2 = new Vector<double>(b2); var vb2c = new Vector<double>(1 - b2);
            var vStep = new Vector<double>(stepSize); var vInv = new Vector<double>(invSqrtC2);
            var vEps = new Vector<double>(eps); var vDecay = new Vector<double>(decay);
            for (int q = 0; q < vt.Length; q++)
            {
                var g = vg[q];
                var mm = vb1 * vm[q] + vb1c * g;
                var ss = vb2 * vs[q] + vb2c * g * g;
                vm[q] = mm; vs[q] = ss;
                vt[q] = vt[q] * vDecay - vStep * mm / (Vector.SquareRoot(ss) * vInv + vEps);
            }
            i = vt.Length * Vector<double>.Count;
        }
        for (; i < n; i++)
        {
            double g = gradient[i];
            double mm = b1 * m[i] + (1 - b1) * g;
            double ss = b2 * s[i] + (1 - b2) * g * g;
            m[i] = mm; s[i] = ss;
            theta[i] = theta[i] * decay - stepSize * mm / (Math.Sqrt(ss) * invSqrtC2 + eps);
        }
    }
}
