using System.Numerics;
using Verifier.Exact.Certificates;
using Verifier.Reformulation;
using Verifier.Shared.Numbers;

namespace Verifier.Exact.Mip;

/// <summary>
/// A logic-based Benders cut with its exact certificate: π with π·y &gt; 0, π ⊥ range(X) when the free linear
/// term is present, and π·g ≤ 0 for every generator g of every group outside <see cref="Groups"/>. Then no
/// selection avoiding all of <see cref="Groups"/> can reach y (any reachable point has π·(Σλg + Xβ) ≤ 0), so
/// at least one of them must be selected. Checkable by anyone in rational arithmetic.
/// </summary>
public sealed record FarkasCut(Rational[] Pi, int[] Groups)
{
    /// <summary>Re-checks the certificate exactly against the data and all groups. A cut naming a group index outside
    /// [0, groups.Count) fails (it speaks of a group that does not exist). The signs of π·g get their own floating filter
    /// (<see cref="CertainlyNegative"/>), and every sign that filter leaves open is settled exactly by this check's own
    /// integer dot product (<see cref="GeneratorIntegers"/>): nothing here shares sign code with
    /// <see cref="ExactVector.DotSign"/>, which built the cut, so that a defect in one is caught by the other.</summary>
    public bool Verify(IReadOnlyList<Rational> y, IReadOnlyList<BlockGroup> groups, IReadOnlyList<Rational[]>? skipColumns) =>
        Verify(y, groups, skipColumns, new GeneratorIntegers(groups));

    internal bool Verify(IReadOnlyList<Rational> y, IReadOnlyList<BlockGroup> groups, IReadOnlyList<Rational[]>? skipColumns,
        GeneratorIntegers integers)
    {
        if (Groups.Any(k => k < 0 || k >= groups.Count)) return false;
        if (LiftedInputs.Dot(Pi, y.ToArray()).Sign <= 0) return false;
        if (skipColumns is not null && skipColumns.Any(c => !LiftedInputs.Dot(Pi, c).IsZero)) return false;
        var pi = new ExactVector(Pi);
        BigInteger[]? piIntegers = null;
        var inCut = new bool[groups.Count];
        foreach (int k in Groups) inCut[k] = true;
        for (int k = 0; k < groups.Count; k++)
        {
            if (inCut[k]) continue;
            var generators = groups[k].Generators;
            for (int r = 0; r < generators.Length; r++)
            {
                if (CertainlyNegative(pi, generators[r])) continue;
                piIntegers ??= GeneratorIntegers.Scaled(Pi);
                if (GeneratorIntegers.DotSign(piIntegers, integers.Of(k, r)) > 0) return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The re-check's own integer form of the generators, built on first use: each generator g scaled by the positive
    /// least common multiple of its denominators (which keeps every sign of π·g), so that a sign is one exact sum of
    /// integer products. Written apart from <see cref="ExactVector.Integers"/>, which the cut construction uses.
    /// </summary>
    internal sealed class GeneratorIntegers(IReadOnlyList<BlockGroup> groups)
    {
        private readonly BigInteger[]?[][] _scaled = groups.Select(g => new BigInteger[]?[g.Generators.Length]).ToArray();

        public BigInteger[] Of(int group, int generator) =>
            _scaled[group][generator] ??= Scaled(groups[group].Generators[generator].Exact);

        /// <summary>v times the least common multiple of its denominators: integers with the signs of v's entries.</summary>
        public static BigInteger[] Scaled(Rational[] v)
        {
            var scale = BigInteger.One;
            foreach (var e in v) if (!e.IsZero) scale = scale / BigInteger.GreatestCommonDivisor(scale, e.Denominator) * e.Denominator;
            var result = new BigInteger[v.Length];
            for (int i = 0; i < v.Length; i++) result[i] = v[i].IsZero ? BigInteger.Zero : v[i].Numerator * (scale / v[i].Denominator);
            return result;
        }

        /// <summary>The sign of Σ a_i b_i; vectors of different lengths (a malformed certificate) count as positive, which
        /// fails the check.</summary>
        public static int DotSign(BigInteger[] a, BigInteger[] b)
        {
            if (a.Length != b.Length) return 1;
            var sum = BigInteger.Zero;
            for (int i = 0; i < a.Length; i++) if (!a[i].IsZero && !b[i].IsZero) sum += a[i] * b[i];
            return sum.Sign;
        }
    }

    /// <summary>The groups having a generator g with π·g &gt; 0 (exact signs): the cut of the Farkas vector π.</summary>
    internal static int[] GroupsViolating(IReadOnlyList<BlockGroup> groups, Rational[] pi)
    {
        var piVector = new ExactVector(pi);
        var result = new List<int>();
        for (int k = 0; k < groups.Count; k++)
            foreach (var g in groups[k].Generators)
                if (piVector.DotSign(g) > 0) { result.Add(k); break; }
        return result.ToArray();
    }

    /// <summary>
    /// The re-check's own filter: true only if π·g &lt; −10⁻⁹·Σ|π_i g_i| in doubles with every nonzero input a normal
    /// double and a magnitude above 10⁻²⁵⁰ (the rounding error is below 10⁻¹²·Σ|π_i g_i| for any n &lt; 10⁴), hence
    /// π·g &lt; 0 exactly.
    /// </summary>
    internal static bool CertainlyNegative(ExactVector pi, ExactVector g)
    {
        if (!pi.RoundsToNormals || !g.RoundsToNormals || pi.Length >= 10_000 || g.Length != pi.Length) return false;
        var p = pi.Rounded;
        var q = g.Rounded;
        double dot = 0, magnitude = 0;
        for (int i = 0; i < q.Length; i++) { dot += p[i] * q[i]; magnitude += Math.Abs(p[i] * q[i]); }
        return double.IsFinite(dot) && double.IsFinite(magnitude) && magnitude > 1e-250 && dot < -1e-9 * magnitude;
    }
}

/// <summary>
/// The lower-bound evidence of a Benders run: the groups, every cut with its Farkas vector, the data, and the bound the
/// master claimed from them with the side constraints it used.
/// </summary>
/// <remarks>
/// <para>What it proves. Every interpolating network of cost c has a selection of groups of cost ≤ c whose cone reaches
/// y (Lemma 4.1: merge its neurons by (pattern, sign); a merged block's outputs are those of a block on an independent
/// column set of X̄ of no larger support, a group of its family). Every valid cut is hit by every reachable selection.
/// That selection can moreover be taken admissible: (F) at most one group per <see cref="BlockGroup.Family"/> (one merged
/// block per family), and, when <see cref="MaxPaidGroups"/> is set, (P) at most that many groups of positive cost
/// (Carathéodory: y − X̄β is a nonnegative combination of at most N linearly independent generators, so a subset of at
/// most N groups of the selection still reaches y, at no larger cost since costs are nonnegative). So if no admissible
/// selection of cost ≤ L − 1 hits every cut, every interpolating network costs at least L: a finite combinatorial fact
/// that <see cref="CheckLowerBound"/> re-checks exactly (<see cref="HittingSetCheck"/>).</para>
/// <para>The masters assume nothing else: their side constraints are these rules (the 0/1 master's at-most-one rows per
/// family and, for neurons, its count row over the paid groups; the depth-first master's family blocking), and the rest of
/// their pruning (the 0/1 master's cost ≤ incumbent − 1 and cost ≥ an earlier optimum, the depth-first master's cost
/// budget, its propagation and its branch exclusions) follows from the cuts and the budget. The re-check uses only the
/// cuts, (F), (P) and the cost bound, and derives its own pruning.</para>
/// </remarks>
public sealed record BendersCertificate(IReadOnlyList<BlockGroup> Groups, IReadOnlyList<FarkasCut> Cuts, Rational[] Y, Rational[][]? SkipColumns)
{
    /// <summary>The lower bound the master claimed from these cuts (valid only once <see cref="VerifyCuts"/> and
    /// <see cref="CheckLowerBound"/> confirm it).</summary>
    public int ClaimedLowerBound { get; init; }

    /// <summary>The bound proven without the cuts (1 when y ≠ 0 is not reachable without groups and every group is paid;
    /// 0 otherwise); not re-checked here.</summary>
    public int TrivialLowerBound { get; init; }

    /// <summary>Side constraint (P): at most this many groups of positive cost (Prop 4.1, the neurons objective: N);
    /// null when the master used none.</summary>
    public int? MaxPaidGroups { get; init; }

    /// <summary>Re-checks every cut in exact arithmetic.</summary>
    public bool VerifyCuts()
    {
        var integers = new FarkasCut.GeneratorIntegers(Groups);
        return Cuts.All(c => c.Verify(Y, Groups, SkipColumns, integers));
    }

    /// <summary>The hitting-set question of these cuts: the groups' costs and families, each cut's groups, and
    /// <see cref="MaxPaidGroups"/>. Throws <see cref="ArgumentException"/> when a cut names a group that does not exist.</summary>
    public HittingSetCheck HittingSet() => new(Groups.Select(g => g.Cost).ToList(), Groups.Select(g => g.Family).ToList(),
        Cuts.Select(c => (IReadOnlyList<int>)c.Groups).ToList(), MaxPaidGroups);

    /// <summary>Re-checks <see cref="ClaimedLowerBound"/> as a hitting-set fact over every cut (see the remarks).</summary>
    public LowerBoundCheck CheckLowerBound(HittingSetLimits limits, CancellationToken cancellation = default) =>
        HittingSet().CheckLowerBound(ClaimedLowerBound, TrivialLowerBound, limits, cancellation);
}
