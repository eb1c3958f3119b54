using Verifier.Reformulation.Univariate;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Reformulation;

/// <summary>
/// An exact interpolant of any dataset in R^d with distinct inputs, found without any search (an upper bound only,
/// never a proof of optimality): project the inputs onto a = (1, t, t², …, t^{d−1}) for the smallest integer t ≥ 1
/// that keeps the projections s_i = a·x_i distinct, take the sparsest univariate interpolant of (s_i, y_i) with the
/// free linear term (SPEC §2, at most N − 2 knots), and lift it: a knot neuron v·(w s + b)_+ becomes v·(w a·x + b)_+;
/// the linear part α s + c becomes the skip term when the problem has one, and otherwise the two neurons
/// (L)_+ − (−L)_+ with L = α a·x + c (one neuron when α = 0). So at most N neurons.
/// </summary>
/// <remarks>
/// Such a t exists and is found: for two distinct inputs x ≠ x', a·(x − x') is a nonzero polynomial in t of degree
/// ≤ d − 1, so each of the N(N − 1)/2 pairs excludes at most d − 1 values of t; some t ≤ (d − 1)·N(N − 1)/2 + 1 works.
/// The lifted network is re-checked in exact arithmetic before it is returned.
/// </remarks>
public static class ProjectionInterpolant
{
    public static ShallowReluNetwork? Build(Dataset data, bool skip)
    {
        int n = data.Count, d = data.Dimension;
        long limit = (long)(d - 1) * n * (n - 1) / 2 + 1;
        for (long t = 1; t <= limit; t++)
        {
            var a = new Rational[d];
            Rational power = Rational.One;
            for (int j = 0; j < d; j++) { a[j] = power; power *= Rational.FromInteger(t); }
            var s = new Rational[n];
            for (int i = 0; i < n; i++) s[i] = LiftedInputs.Dot(data.Input(i).ToArray(), a);
            if (s.Distinct().Count() < n) continue;
            var line = Dataset.Create(1, s, data.Labels.ToArray());
            var univariate = BlockPartition.Sparsest(UnivariateStructure.Analyze(line)).ToNetwork();
            var net = Lift(univariate, a, skip);
            return InterpolationCheck.Check(net, data).Interpolates ? net : null;
        }
        return null;
    }

    private static ShallowReluNetwork Lift(ShallowReluNetwork univariate, Rational[] a, bool skip)
    {
        int d = a.Length;
        Rational[] Scaled(Rational f) => a.Select(v => v * f).ToArray();
        var neurons = univariate.Neurons.Select(q => new Neuron(Scaled(q.W[0]), q.B, q.V)).ToList();
        Rational alpha = univariate.Skip?.A[0] ?? Rational.Zero, c = univariate.Skip?.C ?? Rational.Zero;
        if (skip) return new ShallowReluNetwork(d, neurons, new LinearSkip(Scaled(alpha), c));
        if (!alpha.IsZero)
        {
            neurons.Add(new Neuron(Scaled(alpha), c, Rational.One));
            neurons.Add(new Neuron(Scaled(-alpha), -c, Rational.MinusOne));
        }
        else if (!c.IsZero) neurons.Add(new Neuron(new Rational[d], c.Sign > 0 ? c : -c,
            c.Sign > 0 ? Rational.One : Rational.MinusOne));
        return new ShallowReluNetwork(d, neurons, null);
    }
}
