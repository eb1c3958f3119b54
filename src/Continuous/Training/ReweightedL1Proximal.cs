using System.Runtime.Intrinsics;

namespace Verifier.Continuous.Training;

/// <summary>
/// The proximal half of the paper's Algorithm 1 (SPEC §4), applied to the products u_{k,i} = v_k·w_{k,i}
/// (and v_k·b_k when the bias is penalised): the ℓ^p penalty is linearised at the previous products, giving the
/// reweighted ℓ^1 threshold C_{k,i} = λγp·|u^prev_{k,i}|^{p−1} (infinite at u^prev = 0, so for p &lt; 1 a zero stays
/// zero; for p = 1 it is the constant λγ and the step is plain soft-thresholding), then
/// u ← sign(u)·max(|u| − C, 0), then the neuron is rebalanced to |v_k| = ‖w̄_k‖₂ = √‖u_k‖₂ (positive homogeneity,
/// SPEC §1): v_k ← sign(v_k)·√‖u_k‖₂ and w̄_k ← u_k / v_k, so that v_k·w̄_k = u_k exactly as thresholded.
/// A neuron with ‖u_k‖₂ below the dead threshold is set to zero and stays dead.
/// </summary>
/// <remarks>
/// In 1-D the bias is free (neither penalised nor thresholded). Rebalancing multiplies w_k by a factor t &gt; 0;
/// we multiply the free bias b_k by the same t so the knot −b_k/w_k does not move (the rebalancing is meant to be a
/// function-preserving rescaling; only the thresholding changes f).
/// </remarks>
public static class ReweightedL1Proximal
{
    /// <summary>Applies the step to θ in place; <paramref name="previousProducts"/> (K × ProductsPerNeuron) holds
    /// u^prev on entry and the new products on exit. <paramref name="thresholds"/> is scratch of the same length.
    /// Neurons already marked dead are skipped (their parameters must already be zero); returns the number of
    /// neurons that died in this step (their parameters are zeroed and <paramref name="dead"/> is set).</summary>
    /// <param name="lambdaGamma">λ·γ.</param>
    public static int Apply(TrainingArchitecture arch, Span<double> theta, Span<double> previousProducts, Span<double> thresholds,
        bool[] dead, double lambdaGamma, double p, double deadThreshold)
    {
        int d = arch.InputDim, pk = arch.ProductsPerNeuron;
        int died = 0;
        var w = theta[..arch.OffsetB];
        var b = theta.Slice(arch.OffsetB, arch.Width);
        var v = theta.Slice(arch.OffsetV, arch.Width);
        for (int k = 0; k < arch.Width; k++)
        {
            var u = previousProducts.Slice(k * pk, pk);
            var wk = w.Slice(k * d, d);
            if (dead[k]) continue;
            var c = thresholds.Slice(k * pk, pk);
            ComputeThresholds(u, c, lambdaGamma, p);
            double vk = v[k], norm2 = 0;
            for (int i = 0; i < pk; i++)
            {
                double ui = vk * (i < d ? wk[i] : b[k]);
                double shrunk = Math.Abs(ui) - c[i];
                ui = shrunk > 0 ? Math.CopySign(shrunk, ui) : 0;
                u[i] = ui;
                norm2 += ui * ui;
            }
            double norm = Math.Sqrt(norm2);
            if (!(norm >= deadThreshold)) { dead[k] = true; died++; Kill(wk, ref b[k], ref v[k], u); continue; }
            double vNew = Math.CopySign(Math.Sqrt(norm), vk);
            if (!arch.BiasPenalised)
            {
                // 1-D: keep the knot −b/w fixed under the rescaling w ← u/v_new.
                double wOld = wk[0], wNew = u[0] / vNew;
                b[k] = wOld != 0 ? b[k] * (wNew / wOld) : b[k];
                wk[0] = wNew;
            }
            else
            {
                for (int i = 0; i < d; i++) wk[i] = u[i] / vNew;
                b[k] = u[d] / vNew;
            }
            v[k] = vNew;
        }
        return died;
    }

    /// <summary>Writes u_{k,i} = v_k·w̄_{k,i} of the current θ into <paramref name="products"/>.</summary>
    public static void Products(TrainingArchitecture arch, ReadOnlySpan<double> theta, Span<double> products)
    {
        int d = arch.InputDim, pk = arch.ProductsPerNeuron;
        for (int k = 0; k < arch.Width; k++)
        {
            double vk = theta[arch.OffsetV + k];
            for (int i = 0; i < d; i++) products[k * pk + i] = vk * theta[k * d + i];
            if (arch.BiasPenalised) products[k * pk + d] = vk * theta[arch.OffsetB + k];
        }
    }

    private static void Kill(Span<double> w, ref double b, ref double v, Span<double> u)
    {
        w.Clear(); b = 0; v = 0; u.Clear();
    }

    /// <summary>C = λγp·|u|^{p−1} = λγp·exp((p−1)·ln|u|), vectorised (this is the expensive part of the step).</summary>
    private static void ComputeThresholds(ReadOnlySpan<double> previous, Span<double> thresholds, double lambdaGamma, double p)
    {
        double scale = lambdaGamma * p;
        if (p == 1) { thresholds.Fill(lambdaGamma); return; }
        int i = 0, n = previous.Length;
        if (Vector256.IsHardwareAccelerated)
        {
            var vScale = Vector256.Create(scale);
            var vExp = Vector256.Create(p - 1);
            var inf = Vector256.Create(double.PositiveInfinity);
            for (; i + 4 <= n; i += 4)
            {
                var a = Vector256.Abs(Vector256.Create(previous.Slice(i, 4)));
                var t = vScale * Vector256.Exp(vExp * Vector256.Log(a));
                // |0|^{p−1} = ∞ (p < 1): zeros stay zero whatever the vector Log/Exp return at 0.
                t = Vector256.ConditionalSelect(Vector256.Equals(a, Vector256<double>.Zero), inf, t);
                t.CopyTo(thresholds.Slice(i, 4));
            }
        }
        for (; i < n; i++)
        {
            double a = Math.Abs(previous[i]);
            thresholds[i] = a == 0 ? double.PositiveInfinity : scale * Math.Pow(a, p - 1);
        }
    }
}
