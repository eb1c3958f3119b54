using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Verifier.Continuous.Training;

/// <summary>
/// The mean squared interpolation loss L(θ) = (1/N) Σ_i (f_θ(x_i) − y_i)² of a <see cref="TrainingArchitecture"/>
/// and its exact gradient, by a hand-written forward/backward pass over contiguous arrays. All buffers are
/// allocated once; <see cref="LossAndGradient(ReadOnlySpan{double}, Span{double})"/> allocates nothing.
/// </summary>
/// <remarks>
/// Forward: z_{ik} = w_kᵀx_i + b_k, h_{ik} = (z_{ik})_+, f_i = Σ_k v_k h_{ik} + aᵀx_i + c, r_i = f_i − y_i.
/// Backward with ρ_i = 2 r_i / N: ∂L/∂v_k = Σ_i ρ_i h_{ik}; ∂L/∂b_k = Σ_{i: z_{ik} &gt; 0} ρ_i v_k;
/// ∂L/∂w_k = Σ_{i: z_{ik} &gt; 0} ρ_i v_k x_i; ∂L/∂a = Σ_i ρ_i x_i; ∂L/∂c = Σ_i ρ_i. At z = 0 the ReLU's
/// derivative is taken as 0 (PyTorch's convention). Cost O(N·K·d) per call.
/// </remarks>
public sealed class ShallowReluModel
{
    private readonly double[] _x;   // N·d, row i = x_i
    private readonly double[] _y;   // N
    private readonly double[] _h;   // N·K activations
    private readonly double[] _r;   // N residuals

    public TrainingArchitecture Architecture { get; }
    public int Count { get; }

    /// <param name="x">Inputs, row-major N×d.</param>
    /// <param name="y">Labels, N.</param>
    public ShallowReluModel(TrainingArchitecture architecture, double[] x, double[] y)
    {
        architecture.Validate();
        if (y.Length == 0) throw new ArgumentException("training needs at least one point", nameof(y));
        if (x.Length != y.Length * architecture.InputDim) throw new ArgumentException($"expected {y.Length}×{architecture.InputDim} inputs, got {x.Length} numbers", nameof(x));
        Architecture = architecture;
        Count = y.Length;
        _x = (double[])x.Clone();
        _y = (double[])y.Clone();
        _h = new double[Count * architecture.Width];
        _r = new double[Count];
    }

    /// <summary>Inputs x_i (row-major) and labels y_i.</summary>
    public ReadOnlySpan<double> Inputs => _x;
    public ReadOnlySpan<double> Labels => _y;

    private int[]? _all;
    private int[] AllNeurons => _all ??= Enumerable.Range(0, Architecture.Width).ToArray();

    /// <summary>L(θ) only.</summary>
    public double Loss(ReadOnlySpan<double> theta) => Forward(theta, AllNeurons);

    /// <summary>Returns L(θ) and writes ∇L(θ) into <paramref name="gradient"/> (same layout as θ).</summary>
    public double LossAndGradient(ReadOnlySpan<double> theta, Span<double> gradient) => LossAndGradient(theta, gradient, AllNeurons);

    /// <summary>As <see cref="LossAndGradient(ReadOnlySpan{double}, Span{double})"/>, visiting only the listed neurons:
    /// exact when every other neuron has w_k = 0, b_k = 0, v_k = 0 (a dead neuron contributes nothing and has zero
    /// gradient, since h = (0)_+ = 0 and ∂L/∂z = ρ·v = 0).</summary>
    public double LossAndGradient(ReadOnlySpan<double> theta, Span<double> gradient, ReadOnlySpan<int> neurons)
    {
        var a = Architecture;
        if (theta.Length != a.ParameterCount || gradient.Length != a.ParameterCount) throw new ArgumentException("parameter vector has the wrong length");
        double loss = Forward(theta, neurons);
        gradient.Clear();
        int d = a.InputDim, k = a.Width;
        double scale = 2.0 / Count;
        var v = theta.Slice(a.OffsetV, k);
        var gW = gradient[..a.OffsetB];
        var gB = gradient.Slice(a.OffsetB, k);
        var gV = gradient.Slice(a.OffsetV, k);
        for (int i = 0; i < Count; i++)
        {
            double rho = scale * _r[i];
            if (rho == 0) continue;
            var xi = _x.AsSpan(i * d, d);
            var hi = _h.AsSpan(i * k, k);
            if (a.OutputBias) gradient[a.OffsetC] += rho;
            if (a.LinearTerm) Axpy(rho, xi, gradient.Slice(a.OffsetA, d));
            if (d == 1)
            {
                double x0 = xi[0];
                foreach (int j in neurons)
                {
                    double h = hi[j];
                    if (h <= 0) continue;
                    gV[j] += rho * h;
                    double g = rho * v[j];
                    gB[j] += g;
                    gW[j] += g * x0;
                }
            }
            else
            {
                foreach (int j in neurons)
                {
                    double h = hi[j];
                    if (h <= 0) continue;
                    gV[j] += rho * h;
                    double g = rho * v[j];
                    if (g == 0) continue;
                    gB[j] += g;
                    Axpy(g, xi, gW.Slice(j * d, d));
                }
            }
        }
        return loss;
    }

    private double Forward(ReadOnlySpan<double> theta, ReadOnlySpan<int> neurons)
    {
        var a = Architecture;
        int d = a.InputDim, k = a.Width;
        var w = theta[..a.OffsetB];
        var b = theta.Slice(a.OffsetB, k);
        var v = theta.Slice(a.OffsetV, k);
        double c = a.OutputBias ? theta[a.OffsetC] : 0;
        double loss = 0;
        for (int i = 0; i < Count; i++)
        {
            var xi = _x.AsSpan(i * d, d);
            var hi = _h.AsSpan(i * k, k);
            double f = c;
            if (a.LinearTerm) f += Dot(theta.Slice(a.OffsetA, d), xi);
            if (d == 1)
            {
                double x0 = xi[0];
                foreach (int j in neurons)
                {
                    double z = w[j] * x0 + b[j];
                    double h = z > 0 ? z : 0;
                    hi[j] = h;
                    f += v[j] * h;
                }
            }
            else
            {
                foreach (int j in neurons)
                {
                    double z = b[j] + Dot(w.Slice(j * d, d), xi);
                    double h = z > 0 ? z : 0;
                    hi[j] = h;
                    f += v[j] * h;
                }
            }
            double r = f - _y[i];
            _r[i] = r;
            loss += r * r;
        }
        return loss / Count;
    }

    /// <summary>Σ_j p_j q_j with SIMD lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Dot(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        int n = p.Length, i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            var vp = MemoryMarshal.Cast<double, Vector<double>>(p);
            var vq = MemoryMarshal.Cast<double, Vector<double>>(q);
            for (int m = 0; m < vp.Length; m++) acc += vp[m] * vq[m];
            sum = Vector.Sum(acc);
            i = vp.Length * Vector<double>.Count;
        }
        for (; i < n; i++) sum += p[i] * q[i];
        return sum;
    }

    /// <summary>y ← y + α x with SIMD lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length, i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var va = new Vector<double>(alpha);
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            for (int m = 0; m < vx.Length; m++) vy[m] += va * vx[m];
            i = vx.Length * Vector<double>.Count;
        }
        for (; i < n; i++) y[i] += alpha * x[i];
    }
}
