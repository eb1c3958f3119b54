using Verifier.Shared.Numbers;

namespace Verifier.Shared.Networks;

/// <summary>
/// Evaluates a univariate network at sorted inputs in O((N + K) log K) by a left-to-right sweep, exactly or
/// in floating point. Every 1-D network is a line plus hinges: v(wx + b)_+ equals v·w·(x − t)_+ for w &gt; 0
/// and v|w|(t − x) + v|w|(x − t)_+ for w &lt; 0, with t = −b/w; a neuron with w = 0 is the constant v·(b)_+.
/// Between knots f is linear, so f at the next point is f here plus slope × distance, knot by knot.
/// </summary>
/// <remarks>
/// The sweep carries values at points and knots rather than running sums Σ c_k t_k, so exact denominators stay
/// those of nearby knots and data instead of growing with the lowest common multiple of all of them.
/// </remarks>
public static class UnivariateSweep
{
    /// <summary>Exact f(x_i) for x sorted increasing; calls <paramref name="visit"/>(i, f(x_i)).</summary>
    public static void EvaluateExact(ShallowReluNetwork net, ReadOnlySpan<Rational> xs, Action<int, Rational> visit) =>
        EvaluateExact(HingeForm(net), xs, visit);

    /// <summary>Exact f(x_i) for x sorted increasing, from a precomputed hinge form.</summary>
    public static void EvaluateExact(Hinges hinges, ReadOnlySpan<Rational> xs, Action<int, Rational> visit)
    {
        var (alpha, beta, knots, changes) = hinges;
        if (xs.Length == 0) return;
        // Value and slope at the first point, from the knots left of it.
        Rational x0 = xs[0];
        Rational value = alpha * x0 + beta, slope = alpha;
        int k = 0;
        for (; k < knots.Length && knots[k] < x0; k++)
        {
            value += changes[k] * (x0 - knots[k]);
            slope += changes[k];
        }
        visit(0, value);
        Rational at = x0;
        for (int i = 1; i < xs.Length; i++)
        {
            Rational x = xs[i];
            for (; k < knots.Length && knots[k] < x; k++)
            {
                value += slope * (knots[k] - at);
                at = knots[k];
                slope += changes[k];
            }
            value += slope * (x - at);
            at = x;
            visit(i, value);
        }
    }

    /// <summary>Floating f(x_i) for x sorted increasing (same sweep in doubles).</summary>
    public static double[] EvaluateDouble(ShallowReluNetwork net, ReadOnlySpan<double> xs) =>
        EvaluateDouble(HingeForm(net), xs);

    /// <summary>Floating f(x_i) for x sorted increasing, from a precomputed hinge form.</summary>
    public static double[] EvaluateDouble(Hinges hinges, ReadOnlySpan<double> xs)
    {
        var (alphaR, betaR, knotsR, changesR) = hinges;
        double alpha = alphaR.ToDouble(), beta = betaR.ToDouble();
        var knots = knotsR.Select(t => t.ToDouble()).ToArray();
        var changes = changesR.Select(c => c.ToDouble()).ToArray();
        var result = new double[xs.Length];
        if (xs.Length == 0) return result;
        // The same sweep as the exact one (value and slope carried from point to point), which avoids the
        // cancellation of the global form (α + Σc)x + β − Σc·t when slopes and knots are large.
        double x0 = xs[0], value = alpha * x0 + beta, slope = alpha;
        int k = 0;
        for (; k < knots.Length && knots[k] < x0; k++) { value += changes[k] * (x0 - knots[k]); slope += changes[k]; }
        result[0] = value;
        double at = x0;
        for (int i = 1; i < xs.Length; i++)
        {
            double x = xs[i];
            for (; k < knots.Length && knots[k] < x; k++)
            {
                value += slope * (knots[k] - at);
                at = knots[k];
                slope += changes[k];
            }
            value += slope * (x - at);
            at = x;
            result[i] = value;
        }
        return result;
    }

    /// <summary>f = αx + β + Σ_k c_k (x − t_k)_+ with knots t_k sorted increasing.</summary>
    public static Hinges HingeForm(ShallowReluNetwork net)
    {
        if (net.InputDim != 1) throw new ArgumentException("univariate network expected");
        Rational alpha = Rational.Zero, beta = Rational.Zero;
        if (net.Skip is not null) { alpha = net.Skip.A[0]; beta = net.Skip.C; }
        // Sized by a counting pass: resizing million-entry arrays afterwards would leave two of them as garbage on the
        // large-object heap (measured: a third of check's peak on a million-neuron network).
        int hinges = 0;
        foreach (var n in net.Neurons) if (!n.V.IsZero && !n.W[0].IsZero) hinges++;
        var knots = new Rational[hinges];
        var changes = new Rational[hinges];
        int m = 0;
        foreach (var n in net.Neurons)
        {
            Rational w = n.W[0];
            if (n.V.IsZero) continue;
            if (w.IsZero) { if (n.B.Sign > 0) beta += n.V * n.B; continue; }
            Rational t = -n.B / w;
            Rational c = n.V * w.Abs();
            if (w.Sign < 0) { alpha -= c; beta += c * t; }
            knots[m] = t;
            changes[m] = c;
            m++;
        }
        if (!RationalSort.IsSorted(knots))
        {
            var order = RationalSort.Order(knots);
            knots = order.Select(i => knots[i]).ToArray();
            changes = order.Select(i => changes[i]).ToArray();
        }
        return new Hinges(alpha, beta, knots, changes);
    }
}

/// <summary>A 1-D network as a line plus hinges: f(x) = αx + β + Σ_k c_k (x − t_k)_+, knots sorted increasing.</summary>
public sealed record Hinges(Rational Alpha, Rational Beta, Rational[] Knots, Rational[] Changes);
