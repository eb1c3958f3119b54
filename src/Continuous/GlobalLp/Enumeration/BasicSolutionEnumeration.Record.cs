using Verifier.Shared.Numbers;

namespace Verifier.Continuous.GlobalLp.Enumeration;

public static partial class BasicSolutionEnumeration
{
    /// <summary>Recording a vertex: the exact weights of an independent set whose span holds y, and every maximal
    /// grouping of its generators into neurons of pairwise compatible rays (each grouping a candidate; a grouping in
    /// which two neurons could merge is never cheaper than the merged one, see the claim).</summary>
    private sealed partial class Search
    {
        /// <summary>Solves Σ μ_t output_t = ỹ exactly for the k chosen generators (independent, y in their span) and
        /// records every compatible grouping when all μ &gt; 0.</summary>
        private void TryRecord(int k)
        {
            var columns = new Rational[k][];
            for (int t = 0; t < k; t++) columns[t] = _g[_chosen[t]].Output.Select(Rational.FromInteger).ToArray();
            var mu = ExactLinearAlgebra.Solve(columns, a.Labels.Select(Rational.FromInteger).ToArray());
            if (mu is null) throw new InvalidOperationException("the vertex enumeration lost y ∈ span S: a defect");
            if (mu.Any(v => v.Sign <= 0)) return;
            Vertices++;
            var generators = _chosen[..k];
            var neuron = new int[k];
            Group(generators, mu, neuron, 0, 0);
        }

        private void Group(int[] generators, Rational[] mu, int[] neuron, int t, int groups)
        {
            if (_stopped is not null) return;
            if (t == generators.Length)
            {
                if (!Maximal(generators, neuron, groups)) return;
                if (!admit()) { _stopped = "too many candidates"; return; }
                var c = new VertexCandidate(generators, mu, (int[])neuron.Clone(), []);
                Found.Add(new VertexCandidate(generators, mu, c.Neuron, Magnitudes(c)));
                return;
            }
            for (int grp = 0; grp <= groups; grp++)
            {
                bool ok = true;
                for (int u = 0; u < t && ok; u++)
                    if (neuron[u] == grp && !_g[generators[u]].CompatibleWith(_g[generators[t]])) ok = false;
                if (!ok) continue;
                neuron[t] = grp;
                Group(generators, mu, neuron, t + 1, grp == groups ? groups + 1 : groups);
            }
        }

        /// <summary>No two of the <paramref name="groups"/> neurons could be merged: for each pair some generator of one
        /// is incompatible with some generator of the other.</summary>
        private bool Maximal(int[] generators, int[] neuron, int groups)
        {
            for (int g1 = 0; g1 < groups; g1++)
                for (int g2 = g1 + 1; g2 < groups; g2++)
                {
                    bool mergeable = true;
                    for (int u = 0; u < generators.Length && mergeable; u++)
                        if (neuron[u] == g1)
                            for (int v = 0; v < generators.Length && mergeable; v++)
                                if (neuron[v] == g2 && !_g[generators[u]].CompatibleWith(_g[generators[v]])) mergeable = false;
                    if (mergeable) return false;
                }
            return true;
        }

        private Rational[] Magnitudes(VertexCandidate c)
        {
            var result = new List<Rational>();
            foreach (var group in Enumerable.Range(0, c.Generators.Length).GroupBy(t => c.Neuron[t]))
                foreach (var v in Weight(a, c, group))
                    if (!v.IsZero) result.Add(v.Abs());
            return result.ToArray();
        }
    }
}
