using Verifier.Shared.Numbers;

namespace Verifier.Shared.Networks;

/// <summary>What is counted: active neurons (problem (3)) or nonzero penalised parameters (problem (9)).</summary>
public enum SparsityObjective { Neurons, Parameters }

/// <summary>
/// The objectives of SPEC §1, computed on the penalised products u_k = v_k·w_k (with v_k·b_k when the bias is
/// penalised, i.e. d &gt; 1). Counts are exact; the ℓ^p path norm Σ_k Σ_i |u_{k,i}|^p is a double.
/// </summary>
public static class SparsityMeasures
{
    /// <summary>The count of <paramref name="objective"/> on <paramref name="net"/>.</summary>
    public static int Count(ShallowReluNetwork net, SparsityObjective objective) =>
        objective == SparsityObjective.Neurons ? ActiveNeurons(net) : NonzeroParameters(net);

    /// <summary>Active neurons: those with a nonzero penalised product (ℓ^0 of the neuron count, problem (3)).
    /// In 1-D a neuron with w = 0 is a constant and is not active.</summary>
    public static int ActiveNeurons(ShallowReluNetwork net)
    {
        int count = 0;
        foreach (var n in net.Neurons) if (NonzeroProducts(net, n) > 0) count++;
        return count;
    }

    /// <summary>Nonzero parameters: Σ_k ‖u_k‖_0 (objective (9); in 1-D this equals the active neurons).</summary>
    public static int NonzeroParameters(ShallowReluNetwork net)
    {
        int count = 0;
        foreach (var n in net.Neurons) count += NonzeroProducts(net, n);
        return count;
    }

    /// <summary>‖u_k‖_0 for one neuron: u = v·w (and v·b when the bias is penalised) is nonzero iff both factors are.</summary>
    private static int NonzeroProducts(ShallowReluNetwork net, Neuron n)
    {
        if (n.V.IsZero) return 0;
        int count = 0;
        foreach (var w in n.W) if (!w.IsZero) count++;
        if (net.BiasPenalised && !n.B.IsZero) count++;
        return count;
    }

    /// <summary>ℓ^p path norm Σ_k Σ_i |u_{k,i}|^p for 0 &lt; p ≤ 1 (objectives (2) and (8)).</summary>
    public static double PathNorm(ShallowReluNetwork net, double p)
    {
        if (!(p > 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), "p must lie in (0, 1].");
        // The products of Products, without an iterator per neuron (a million-neuron check made 40 MB of garbage a norm).
        static double Power(Rational u, double p) => u.IsZero ? 0 : Math.Exp(p * u.LogAbs());
        double sum = 0;
        foreach (var n in net.Neurons)
        {
            foreach (var w in n.W) sum += Power(n.V * w, p);
            if (net.BiasPenalised) sum += Power(n.V * n.B, p);
        }
        return sum;
    }

    /// <summary>The penalised products of one neuron: v·w_1, …, v·w_d, and v·b when the bias is penalised.</summary>
    /// <summary>The <paramref name="count"/> distinct networks (by <see cref="ProductKey"/>) of least ℓ^p path norm at
    /// <paramref name="p"/>, cheapest first.</summary>
    public static IReadOnlyList<ShallowReluNetwork> CheapestAt(IEnumerable<ShallowReluNetwork> networks, double p, int count) =>
        networks.DistinctBy(ProductKey).OrderBy(n => PathNorm(n, p)).Take(count).ToList();

    /// <summary>The network as the set of its neurons' product vectors v·[w; b] (exact text, sorted): two networks with
    /// equal keys have the same neurons up to positive rescaling, hence the same function and the same path norms.</summary>
    public static string ProductKey(ShallowReluNetwork net) =>
        string.Join(" ", net.Neurons.Select(n => "(" + string.Join(",", Products(net, n)) + ")").Order(StringComparer.Ordinal));

    public static IEnumerable<Rational> Products(ShallowReluNetwork net, Neuron n)
    {
        foreach (var w in n.W) yield return n.V * w;
        if (net.BiasPenalised) yield return n.V * n.B;
    }
}
