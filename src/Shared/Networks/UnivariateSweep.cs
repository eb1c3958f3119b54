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
        if (xs.Length == 0) return;
        var sweep = ExactSweep.Start(hinges, xs[0]);
        visit(0, sweep.Value);
        for (int i = 1; i < xs.Length; i++) visit(i, sweep.Next(xs[i]));
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

/// <summary>The exact sweep's state after a point: f there, f's slope just right of it (the knots up to the point
/// taken), and the next knot to pass.</summary>
public struct ExactSweep
{
    private readonly Rational[] _knots, _changes;
    private int _k;
    private Rational _at, _value, _slope;

    private ExactSweep(Hinges hinges, int k, Rational at, Rational value, Rational slope)
    {
        (_knots, _changes, _k, _at, _value, _slope) = (hinges.Knots, hinges.Changes, k, at, value, slope);
    }

    /// <summary>f at the last point.</summary>
    public readonly Rational Value => _value;

    /// <summary>The sweep at its first point x0: value and slope from the line and the knots left of x0.</summary>
    public static ExactSweep Start(Hinges hinges, Rational x0)
    {
        var (alpha, beta, knots, changes) = hinges;
        Rational value = alpha * x0 + beta, slope = alpha;
        int k = 0;
        for (; k < knots.Length && knots[k] < x0; k++)
        {
            value += changes[k] * (x0 - knots[k]);
            slope += changes[k];
        }
        return new ExactSweep(hinges, k, x0, value, slope);
    }

    /// <summary>The sweep resumed at a point x where f is known to equal <paramref name="value"/> and to have the
    /// slope <paramref name="slopeLeft"/> just left of x; the knots at x and beyond are still to pass.</summary>
    public static ExactSweep Resume(Hinges hinges, Rational x, Rational value, Rational slopeLeft) =>
        new(hinges, FirstKnotNotBelow(hinges.Knots, x), x, value, slopeLeft);

    /// <summary>The first k with knots[k] ≥ x (knots sorted increasing).</summary>
    public static int FirstKnotNotBelow(Rational[] knots, Rational x)
    {
        int lo = 0, hi = knots.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (knots[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Moves to the next point x (above the last one): f is linear between knots, so f(x) is f here plus
    /// slope × distance, knot by knot.</summary>
    public Rational Next(Rational x)
    {
        for (; _k < _knots.Length && _knots[_k] < x; _k++)
        {
            _value += _slope * (_knots[_k] - _at);
            _at = _knots[_k];
            _slope += _changes[_k];
        }
        _value += _slope * (x - _at);
        _at = x;
        return _value;
    }
}
