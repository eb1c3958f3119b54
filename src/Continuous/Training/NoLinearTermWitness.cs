using Verifier.Reformulation.Univariate;
using Verifier.Shared.Checks;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Continuous.Training;

/// <summary>
/// Searches for an interpolant with m = Σ_runs ⌈L/2⌉ neurons and no linear term, f(x) = c + Σ_k v_k (w_k x + b_k)_+,
/// for 1-D data (the paper's training architecture). m is a lower bound (such networks are networks with a zero
/// linear term), so a witness found here proves that m is the sparsest count without the linear term.
/// <para>Candidates: knots of a min-V_0 interpolant with the linear term (SPEC §2: per run a partition into blocks of
/// one or two slope changes — every position of the single block of an odd run is tried — a one-block knot at its
/// point, a two-block knot where ℓ_{k−2} meets ℓ_k), optionally with the first knot moved from x_2 into (x_1, x_2)
/// or the last from x_{N−1} into (x_{N−1}, x_N), which frees the outer slope. A neuron facing left,
/// β(t − x)_+ = β(x − t)_+ − β(x − t), removes β from the linear part, so the linear part vanishes when the slope left
/// of all knots plus the slope changes of the left-facing subset S is 0; subsets are enumerated.</para>
/// <para>The search is a heuristic, the verdict is not: a candidate counts only after
/// <see cref="InterpolationCheck"/> confirms exact interpolation with exactly m active neurons.</para>
/// </summary>
public static class NoLinearTermWitness
{
    /// <summary>Largest m whose 2^m facing subsets are enumerated.</summary>
    public const int MaxNeurons = 14;

    /// <summary>Upper bound on (partition choices) · 2^m examined before giving up.</summary>
    private const long MaxCandidates = 1L << 20;

    private readonly record struct Knot(Rational T, Rational Beta, int Point);

    /// <summary>An exactly verified interpolant with <see cref="UnivariateStructure.SparsestNeuronCount"/> neurons,
    /// no linear term (and the output constant c = 0 unless <paramref name="outputConstant"/>), or null when none of
    /// the candidates works (which proves nothing).</summary>
    public static ShallowReluNetwork? Find(UnivariateStructure structure, bool outputConstant)
    {
        int m = structure.SparsestNeuronCount, n = structure.Data.Count;
        if (m == 0 || m > MaxNeurons || n < 3) return null;
        var choices = structure.Runs.Select(r => r.Length % 2 == 0 ? 1 : (r.Length + 1) / 2).ToArray();
        long combos = choices.Aggregate(1L, (a, c) => a > MaxCandidates ? a : a * c);
        if (combos * (1L << m) * 3 > MaxCandidates) return null;
        var pick = new int[choices.Length];
        for (long combo = 0; combo < combos; combo++)
        {
            long rest = combo;
            for (int r = 0; r < choices.Length; r++) { pick[r] = (int)(rest % choices[r]); rest /= choices[r]; }
            var knots = Knots(structure, pick);
            if (knots.Count != m) continue;
            var found = Search(structure, knots, outputConstant);
            if (found is not null) return found;
        }
        return null;
    }

    /// <summary>Knots of the partition: in run r with odd length the single block sits at offset 2·pick[r].</summary>
    private static List<Knot> Knots(UnivariateStructure s, int[] pick)
    {
        var knots = new List<Knot>();
        var delta = s.SlopeChanges;
        for (int r = 0; r < s.Runs.Count; r++)
        {
            var run = s.Runs[r];
            int single = run.Length % 2 == 0 ? -1 : run.First + 2 * pick[r];
            for (int k = run.First; k <= run.Last;)
            {
                if (k == single) { knots.Add(new Knot(s.X(k), delta[k], k)); k++; continue; }
                Rational sum = delta[k] + delta[k + 1];
                knots.Add(new Knot((delta[k] * s.X(k) + delta[k + 1] * s.X(k + 1)) / sum, sum, -1));
                k += 2;
            }
        }
        return knots;
    }

    private static ShallowReluNetwork? Search(UnivariateStructure s, List<Knot> knots, bool outputConstant)
    {
        int m = knots.Count, n = s.Data.Count;
        var slope = s.Slopes;
        var x = s.Data.XUnivariate.ToArray();
        var y = s.Data.Labels.ToArray();
        for (int mask = 0; mask < 1 << m; mask++)
        {
            // As built: the slope left of all knots is s_1 and the knots keep their slope changes.
            Rational e = slope[0];
            for (int k = 0; k < m; k++) if ((mask >> k & 1) != 0) e += knots[k].Beta;
            if (e.IsZero && Build(s, knots, mask, outputConstant) is { } plain) return plain;

            // First knot at x_2 moved to t ∈ (x_1, x_2): left slope σ, its slope change s_2 − σ.
            if (knots[0].Point == 1 && (mask & 1) == 0)
            {
                Rational sigma = -SumExcept(knots, mask, -1);
                Rational denominator = sigma - slope[1];
                if (!denominator.IsZero)
                {
                    Rational t = (y[1] - slope[1] * x[1] - y[0] + sigma * x[0]) / denominator;
                    if (t > x[0] && t < x[1])
                    {
                        var moved = knots.ToList();
                        moved[0] = new Knot(t, slope[1] - sigma, -1);
                        if (Build(s, moved, mask, outputConstant) is { } witness) return witness;
                    }
                }
            }

            // Last knot at x_{N−1} moved to t ∈ (x_{N−1}, x_N): right slope σ, its slope change σ − s_{N−2}.
            if (knots[m - 1].Point == n - 2 && (mask >> (m - 1) & 1) != 0)
            {
                Rational before = slope[n - 3];
                Rational sigma = before - slope[0] - SumExcept(knots, mask, m - 1);
                Rational denominator = before - sigma;
                if (!denominator.IsZero)
                {
                    Rational t = (y[n - 1] - sigma * x[n - 1] - y[n - 2] + before * x[n - 2]) / denominator;
                    if (t > x[n - 2] && t < x[n - 1])
                    {
                        var moved = knots.ToList();
                        moved[m - 1] = new Knot(t, sigma - before, -1);
                        if (Build(s, moved, mask, outputConstant) is { } witness) return witness;
                    }
                }
            }
        }
        return null;
    }

    private static Rational SumExcept(List<Knot> knots, int mask, int except)
    {
        Rational sum = Rational.Zero;
        for (int k = 0; k < knots.Count; k++) if (k != except && (mask >> k & 1) != 0) sum += knots[k].Beta;
        return sum;
    }

    /// <summary>f(x) = c + Σ_{k∉S} β_k (x − t_k)_+ + Σ_{k∈S} β_k (t_k − x)_+ with c fitted at x_1; returned only when
    /// it interpolates exactly with m active neurons (and c = 0 when there is no output constant).</summary>
    private static ShallowReluNetwork? Build(UnivariateStructure s, List<Knot> knots, int mask, bool outputConstant)
    {
        var neurons = new List<Neuron>();
        Rational x1 = s.X(0), atX1 = Rational.Zero;
        for (int k = 0; k < knots.Count; k++)
        {
            var (t, beta, _) = knots[k];
            if (beta.IsZero) return null;
            bool left = (mask >> k & 1) != 0;
            neurons.Add(left ? new Neuron([-1], t, beta) : new Neuron([1], -t, beta));
            Rational pre = left ? t - x1 : x1 - t;
            if (pre > Rational.Zero) atX1 += beta * pre;
        }
        Rational c = s.Data.Labels[0] - atX1;
        if (!outputConstant && !c.IsZero) return null;
        var net = new ShallowReluNetwork(1, neurons, new LinearSkip([Rational.Zero], c));
        if (SparsityMeasures.ActiveNeurons(net) != knots.Count) return null;
        return InterpolationCheck.Check(net, s.Data).Interpolates ? net : null;
    }
}
