using System.Numerics;
using Verifier.Shared.Data;
using Verifier.Shared.Numbers;

namespace Verifier.Continuous.GlobalLp.Enumeration;

/// <summary>One generator of <see cref="ArrangementGenerators"/>: a ray ρ of the arrangement (integer, in the
/// column-scaled weight space) and an output sign s, whose neuron s·(x̃ᵀρ)_+ has output c·Output on the data
/// (Output primitive, c = <see cref="Scale"/> &gt; 0). <see cref="Sides"/>: the sign of ρ on each of the N + d + 1
/// hyperplanes (data hyperplanes first, then the coordinate hyperplanes).
/// <see cref="Pattern"/> numbers the set of points where the output is nonzero; <see cref="PatternRank"/> is the rank of
/// those points' lifted inputs, so more than that many generators of one pattern always have dependent outputs.</summary>
internal sealed record Generator(BigInteger[] Ray, int OutputSign, BigInteger[] Output, BoundedFloat[] OutputFloat,
    BigInteger Scale, sbyte[] Sides, int Pattern, int PatternRank)
{
    /// <summary>The output as doubles (exact when <see cref="ArrangementGenerators.ExactInDouble"/>).</summary>
    public double[] OutputValues { get; } = OutputFloat.Select(b => b.Value).ToArray();

    /// <summary>The points where the output is nonzero, as bits (N ≤ 64).</summary>
    public ulong Support { get; } = Output.Select((v, i) => v.IsZero ? 0UL : 1UL << i).Aggregate(0UL, (x, y) => x | y);

    /// <summary>Two generators can share one neuron: same output sign and no hyperplane on which their rays have strictly
    /// opposite signs (then they lie in one closed cell, where the output and every |weight| are linear).</summary>
    public bool CompatibleWith(Generator other)
    {
        if (OutputSign != other.OutputSign) return false;
        for (int h = 0; h < Sides.Length; h++) if (Sides[h] * other.Sides[h] < 0) return false;
        return true;
    }
}

/// <summary>
/// The generators of the ℓ^p vertex enumeration in d &gt; 1 (SPEC §1, paper (8); used by
/// <see cref="BasicSolutionEnumeration"/>). A neuron is s·(zᵀx̄)_+ with s = ±1 and z ∈ R^{d+1} of cost ‖z‖_p^p. The
/// N data hyperplanes {x̄_i·z = 0} and the d + 1 coordinate hyperplanes {z_j = 0} cut R^{d+1} into closed cells, each a
/// pointed polyhedral cone (it lies in one closed orthant) on which the outputs (X̄z)_+ and every |z_j| are linear; its
/// extreme rays are lines {null space of d independent hyperplane normals}. The generators are every such ray in
/// both directions, with both output signs, whose output on the data is not zero. Columns of X̄ are scaled to
/// integers (positive scalings change no sign and no cell), so rays and outputs are integer vectors.
/// </summary>
internal sealed class ArrangementGenerators
{
    public int Points { get; }
    public int Width { get; }
    /// <summary>Positive column scalings: x̃_ij = x̄_ij · ColumnScale_j is an integer; a weight z̃ on x̃ is z_j = z̃_j · ColumnScale_j on x̄.</summary>
    public BigInteger[] ColumnScale { get; }
    /// <summary>ỹ = y · LabelScale is an integer vector.</summary>
    public BigInteger LabelScale { get; }
    public BigInteger[] Labels { get; }
    public BoundedFloat[] LabelsFloat { get; }
    /// <summary>ỹ as doubles (exact when <see cref="ExactInDouble"/>).</summary>
    public double[] LabelValues { get; }
    /// <summary>Every output and label is an integer below 2^53, so exactly a double.</summary>
    public bool ExactInDouble { get; }
    public IReadOnlyList<Generator> All { get; }
    /// <summary>The number of distinct output patterns (<see cref="Generator.Pattern"/>).</summary>
    public int Patterns { get; private set; }

    public ArrangementGenerators(Dataset data, Func<bool>? stop = null)
    {
        if (data.Dimension < 2) throw new ArgumentException("the vertex enumeration is for d > 1");
        if (data.Count > 64) throw new ArgumentException("the vertex enumeration is for N ≤ 64");
        int n = data.Count, m = data.Dimension + 1;
        Points = n; Width = m;
        var lifted = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, m).Select(j => j < m - 1 ? data.X(i, j) : Rational.One).ToArray()).ToArray();
        ColumnScale = Enumerable.Range(0, m).Select(j => IntegerScaling.CommonDenominator(lifted.Select(r => r[j]))).ToArray();
        var x = lifted.Select(r => r.Select((v, j) => v.Numerator * (ColumnScale[j] / v.Denominator)).ToArray()).ToArray();
        var y = Enumerable.Range(0, n).Select(i => data.Y(i)).ToArray();
        LabelScale = IntegerScaling.CommonDenominator(y);
        Labels = y.Select(v => v.Numerator * (LabelScale / v.Denominator)).ToArray();
        LabelsFloat = Labels.Select(ToBounded).ToArray();

        var normals = new List<BigInteger[]>(x);
        for (int j = 0; j < m; j++) normals.Add(Enumerable.Range(0, m).Select(k => k == j ? BigInteger.One : BigInteger.Zero).ToArray());
        var rays = new Dictionary<string, BigInteger[]>();
        foreach (var subset in Combinations.Subsets(normals.Count, m - 1))
        {
            if (stop is not null && stop()) throw new OperationCanceledException("the generator construction ran out of time");
            if (CrossProduct(subset.Select(s => normals[s]).ToArray(), m) is not { } ray) continue;
            foreach (var dir in new[] { ray, ray.Select(v => -v).ToArray() })
                rays.TryAdd(string.Join(',', dir), dir);
        }
        var gens = new List<Generator>();
        var patterns = new Dictionary<string, (int Id, int Rank)>();
        foreach (var ray in rays.Values.OrderBy(r => string.Join(',', r), StringComparer.Ordinal))
        {
            var sides = normals.Select(nv => (sbyte)Dot(nv, ray).Sign).ToArray();
            var positive = x.Select(row => BigInteger.Max(BigInteger.Zero, Dot(row, ray))).ToArray();
            var gcd = positive.Aggregate(BigInteger.Zero, BigInteger.GreatestCommonDivisor);
            if (gcd.IsZero) continue; // no point on the neuron's positive side: zero output
            string mask = string.Concat(positive.Select(v => v.IsZero ? '0' : '1'));
            if (!patterns.TryGetValue(mask, out var pattern))
            {
                int rank = ExactLinearAlgebra.Rank(lifted.Where((_, i) => mask[i] == '1'), m);
                patterns[mask] = pattern = (patterns.Count, rank);
            }
            foreach (int s in new[] { 1, -1 })
            {
                var output = positive.Select(v => s * (v / gcd)).ToArray();
                gens.Add(new Generator(ray, s, output, output.Select(ToBounded).ToArray(), gcd, sides, pattern.Id, pattern.Rank));
            }
        }
        All = gens;
        Patterns = patterns.Count;
        LabelValues = LabelsFloat.Select(b => b.Value).ToArray();
        ExactInDouble = LabelsFloat.All(b => b.Error == 0) && gens.All(g => g.OutputFloat.All(b => b.Error == 0));
    }

    internal static BoundedFloat ToBounded(BigInteger v)
    {
        double d = (double)v;
        // |v| < 2^53 converts exactly; beyond, .NET truncates towards zero, so the error is below one ulp: 2^-52 relative,
        // the bound used (not generous: it is needed).
        return BigInteger.Abs(v) < (BigInteger.One << 53) ? BoundedFloat.Exact(d) : new BoundedFloat(d, Math.Abs(d) * 2.220446049250313e-16);
    }

    private static BigInteger Dot(BigInteger[] a, BigInteger[] b)
    {
        var s = BigInteger.Zero;
        for (int k = 0; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }

    /// <summary>The generalised cross product of m − 1 vectors in Z^m (cofactors along a last row), made primitive: it
    /// spans their common null space when they are independent; null when they are not.</summary>
    private static BigInteger[]? CrossProduct(BigInteger[][] rows, int m)
    {
        var c = new BigInteger[m];
        var cols = new int[m - 1];
        for (int k = 0; k < m; k++)
        {
            for (int j = 0, t = 0; j < m; j++) if (j != k) cols[t++] = j;
            var det = ExactLinearAlgebra.IntegerDeterminant(rows.Select(r => cols.Select(j => r[j]).ToArray()).ToArray());
            c[k] = ((k + m - 1) & 1) == 0 ? det : -det;
        }
        var gcd = c.Aggregate(BigInteger.Zero, BigInteger.GreatestCommonDivisor);
        if (gcd.IsZero) return null;
        return c.Select(v => v / gcd).ToArray();
    }
}
