using Verifier.Exact.Certificates;
using Verifier.Reformulation;
using Verifier.Exact.Problems;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Exact.Mip;

/// <summary>
/// Turns the floating network of a MIP solver into an exact one: each used neuron is mapped to the block group of
/// its activation pattern, output sign and support, and the sub-problem re-solves y ∈ cone(chosen groups)
/// exactly. Shared by the baselines (<see cref="PatternMip"/>, <see cref="DirectMip"/>), whose own numbers are
/// never trusted as they are.
/// </summary>
public static class ExactRebuild
{
    /// <summary>A used neuron as the solver saw it: pattern mask, sign of v, support bits of w̄ = [w; b].</summary>
    public readonly record struct UsedBlock(ulong Mask, int Sign, ulong Support);

    /// <summary>The exact network (and its cost under the problem's objective), or null when the rebuild fails.</summary>
    public static (ShallowReluNetwork Network, int Cost)? Rebuild(SparsestProblem problem, IEnumerable<UsedBlock> used,
        ActivationPatterns? patterns = null)
    {
        var data = problem.Data;
        int dim = data.Dimension + 1;
        var lifted = LiftedInputs.Of(data);
        patterns ??= ActivationPatterns.Enumerate(data);
        var groups = BlockGroups.Build(lifted, patterns, problem.Objective);
        bool neurons = problem.Objective == SparsityObjective.Neurons;
        var chosen = new HashSet<int>();
        foreach (var block in used)
        {
            int match = -1;
            for (int g = 0; g < groups.Count; g++)
            {
                var gr = groups[g];
                if (gr.Pattern.Mask != block.Mask || gr.Sign != block.Sign) continue;
                if (!neurons && (gr.SupportMask & ~block.Support) != 0) continue; // support must fit the solver's
                if (match < 0 || Bits(gr.SupportMask) > Bits(groups[match].SupportMask)) match = g;
            }
            if (match >= 0) chosen.Add(match);
        }
        Rational[][]? skipColumns = problem.Skip ? Enumerable.Range(0, dim).Select(c => lifted.Select(r => r[c]).ToArray()).ToArray() : null;
        var exact = new ConeSubproblem(data.Labels.ToArray(), skipColumns).Solve(groups, chosen.ToList());
        if (exact.Weights is null) return null;
        var net = CombinatorialBendersSolver.BuildNetwork(data.Dimension, groups, exact.Weights, exact.Beta);
        return (net, CertificateCheck.Count(net, problem.Objective));
    }

    private static int Bits(ulong v) => System.Numerics.BitOperations.PopCount(v);
}
