using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Tests.Continuous.GlobalLp;

// Part of the independent ℓ^p oracle (IndependentLpOracle.cs; own code, sharing none with src/Continuous or src/Reformulation):
// recording candidates (a positive basis and a grouping into neurons) and re-evaluating the near-optimal ones
// from exact rationals.
public static partial class IndependentLpOracle
{
    /// <summary>One enumerated network: a positive basis, its weights (scaled: Y = Σ μ g) and a grouping into neurons.</summary>
    private sealed record Candidate(int[] Members, int[] Group, double Value);

    private sealed partial class VertexSearch
    {
        private void Record(int[] members, double[] mu)
        {
            _vertices++;
            int r = members.Length;
            var gens = new Generator[r];
            var lnLambda = new double[r];
            double lnScale = _yScale.LogAbs();
            for (int j = 0; j < r; j++) { gens[j] = _gens[members[j]]; lnLambda[j] = Math.Log(mu[j]) - lnScale; }
            var compatible = new int[r];
            bool anyPair = false;
            for (int a = 0; a < r; a++)
                for (int b = 0; b < r; b++)
                    if (a != b && gens[a].CompatibleWith(gens[b])) { compatible[a] |= 1 << b; anyPair = true; }
            var group = new int[r];
            if (!anyPair)
            {
                for (int j = 0; j < r; j++) group[j] = j;
                for (int q = 0; q < _ps.Length; q++)
                {
                    double value = 0;
                    for (int j = 0; j < r; j++) value += Math.Exp(_ps[q] * lnLambda[j] + gens[j].LogCost[q]);
                    Offer(q, members, group, value);
                }
                return;
            }
            Partitions(0, 0, group, new int[r], compatible, r, () =>
            {
                for (int q = 0; q < _ps.Length; q++) Offer(q, members, group, GroupedValue(gens, lnLambda, group, r, _ps[q], q));
            });
        }

        /// <summary>Every partition of the r members into groups of pairwise compatible generators (group[j] = its group).</summary>
        private static void Partitions(int j, int groups, int[] group, int[] groupMask, int[] compatible, int r, Action visit)
        {
            if (j == r) { visit(); return; }
            for (int g = 0; g <= groups; g++)
            {
                if (g < groups && (groupMask[g] & ~compatible[j]) != 0) continue;
                group[j] = g;
                int saved = groupMask[g];
                groupMask[g] |= 1 << j;
                Partitions(j + 1, Math.Max(groups, g + 1), group, groupMask, compatible, r, visit);
                groupMask[g] = saved;
            }
        }

        private double GroupedValue(Generator[] gens, double[] lnLambda, int[] group, int r, double p, int q)
        {
            double value = 0;
            for (int g = 0; g < r; g++)
            {
                int count = 0, single = -1;
                for (int j = 0; j < r; j++) if (group[j] == g) { count++; single = j; }
                if (count == 0) continue;
                if (count == 1) { value += Math.Exp(p * lnLambda[single] + gens[single].LogCost[q]); continue; }
                for (int c = 0; c < _m; c++)
                {
                    double z = 0;
                    for (int j = 0; j < r; j++) if (group[j] == g) z += Math.Exp(lnLambda[j]) * gens[j].RayDouble[c];
                    if (z != 0) value += Math.Pow(Math.Abs(z), p);
                }
            }
            return value;
        }

        private void Offer(int q, int[] members, int[] group, double value)
        {
            if (value > _best[q] * (1 + 1e-6)) return;
            _near[q].Add(new Candidate((int[])members.Clone(), (int[])group.Clone(), value));
            if (value < _best[q])
            {
                _best[q] = value;
                if (_near[q].Count > 64) _near[q].RemoveAll(c => c.Value > value * (1 + 1e-6));
            }
        }

        /// <summary>Re-evaluates the near candidates from exact weights; the minimum, its tie range and a network.</summary>
        private Minimum Finish(int q, Dictionary<string, Rational[]> exactWeights)
        {
            double p = _ps[q];
            var evaluated = new List<(double Value, int Parameters, ShallowReluNetwork Network)>();
            foreach (var c in _near[q].Where(c => c.Value <= _best[q] * (1 + 1e-6)))
            {
                string key = string.Join(",", c.Members);
                if (!exactWeights.TryGetValue(key, out var mu))
                {
                    mu = SolveExact(c.Members.Select(j => _gens[j].OutputExact).ToList(), _yExact, out bool ok)
                        ?? throw new InvalidOperationException("a recorded basis is dependent: the oracle is wrong");
                    if (!ok || mu.Any(x => x.Sign <= 0)) throw new InvalidOperationException("a recorded basis is not positive: the oracle is wrong");
                    exactWeights[key] = mu;
                }
                var net = Network(c, mu);
                evaluated.Add((PathNorm(net, p), Parameters(net), net));
            }
            double min = evaluated.Min(e => e.Value);
            var ties = evaluated.Where(e => e.Value <= min * (1 + 1e-12)).ToList();
            var best = ties.MinBy(e => e.Parameters);
            if (!Interpolates(best.Network)) throw new InvalidOperationException("the oracle's network does not interpolate");
            return new Minimum(p, min, ties.Min(e => e.Parameters), ties.Max(e => e.Parameters), best.Network,
                evaluated.Select(e => (e.Value, e.Parameters)).OrderBy(e => e.Value).ToList());
        }

        private ShallowReluNetwork Network(Candidate c, Rational[] mu)
        {
            var neurons = new List<Neuron>();
            for (int g = 0; g < c.Members.Length; g++)
            {
                var z = new Rational[_m];
                int sign = 0;
                for (int j = 0; j < c.Members.Length; j++)
                {
                    if (c.Group[j] != g) continue;
                    var gen = _gens[c.Members[j]];
                    var lambda = mu[j] / _yScale;
                    for (int k = 0; k < _m; k++) z[k] += lambda * gen.Ray[k];
                    sign = gen.Sign;
                }
                if (sign != 0) neurons.Add(new Neuron(z[..(_m - 1)], z[_m - 1], sign));
            }
            return new ShallowReluNetwork(_m - 1, neurons, null);
        }

        /// <summary>Σ s max(0, w̄·x̄_i) = y_i exactly, evaluated here (not by the product's checker).</summary>
        private bool Interpolates(ShallowReluNetwork net)
        {
            for (int i = 0; i < _n; i++)
            {
                Rational f = Rational.Zero;
                foreach (var neuron in net.Neurons)
                {
                    Rational pre = neuron.B;
                    for (int j = 0; j < _m - 1; j++) pre += neuron.W[j] * _data.X(i, j);
                    if (pre.Sign > 0) f += neuron.V * pre;
                }
                if (f != _data.Y(i)) return false;
            }
            return true;
        }

        private static double PathNorm(ShallowReluNetwork net, double p) =>
            net.Neurons.Sum(n => n.W.Append(n.B).Where(x => !x.IsZero).Sum(x => Math.Exp(p * (n.V * x).LogAbs())));

        private static int Parameters(ShallowReluNetwork net) =>
            net.Neurons.Sum(n => n.W.Append(n.B).Count(x => !x.IsZero));
    }
}
