using FsCheck;
using FsCheck.Fluent;
using Verifier.Shared.Data;
using Verifier.Shared.Numbers;

namespace Verifier.Proofs.Generators;

/// <summary>A multivariate dataset as exact rows, printed as CSV lines.</summary>
public sealed record MultivariateSample(int Dimension, IReadOnlyList<Rational[]> Inputs, IReadOnlyList<Rational> Labels)
{
    public Dataset ToDataset() => Dataset.Create(Dimension, Inputs.SelectMany(r => r).ToArray(), Labels.ToArray());
    public int Count => Labels.Count;
    public override string ToString() =>
        $"d={Dimension} | " + string.Join(" | ", Inputs.Select((r, i) => string.Join(",", r.Select(v => v.ToString())) + "," + Labels[i]));

    /// <summary>Shrinks by dropping a point or zeroing a label.</summary>
    public IEnumerable<MultivariateSample> Shrink()
    {
        for (int i = 0; i < Count && Count > 1; i++)
            yield return new MultivariateSample(Dimension, Inputs.Where((_, k) => k != i).ToList(), Labels.Where((_, k) => k != i).ToList());
        for (int i = 0; i < Count; i++)
            if (!Labels[i].IsZero)
                yield return this with { Labels = Labels.Select((l, k) => k == i ? Rational.Zero : l).ToList() };
    }
}

/// <summary>Generators of multivariate data, named after what they produce.</summary>
public static class MultivariateGenerators
{
    private static Gen<Rational> Coordinate => Gen.Choose(-997, 997).Select(v => Rational.Create(v, 101));

    /// <summary>Points in general position with high probability (random rationals with an odd denominator),
    /// distinct by construction of the dataset (duplicates are merged), d ∈ [1, 3].</summary>
    public static Gen<MultivariateSample> GeneralPositionPoints(int minPoints, int maxPoints) =>
        Gen.Choose(1, 3).SelectMany(d =>
            Gen.Choose(minPoints, maxPoints).SelectMany(n =>
                Gen.ArrayOf(Gen.ArrayOf(Coordinate, d), n).SelectMany(xs =>
                    Gen.ArrayOf(Gen.Choose(-5, 5).Select(v => (Rational)v), n).Select(ys =>
                        new MultivariateSample(d, xs.GroupBy(r => string.Join(",", r)).Select(g => g.First()).ToList(),
                            ys.Take(xs.GroupBy(r => string.Join(",", r)).Count()).ToList())))));

    /// <summary>Tiny planar datasets in general position: 2 ≤ N ≤ <paramref name="maxPoints"/> distinct points of
    /// d = 2 with one-decimal coordinates in [−2, 2], no three collinear (checked exactly), integer labels in [−3, 3].</summary>
    public static Gen<MultivariateSample> TinyPlanarGeneralPosition(int maxPoints) =>
        Gen.Choose(2, maxPoints).SelectMany(n =>
            Gen.ArrayOf(Gen.ArrayOf(Gen.Choose(-20, 20).Select(v => Rational.Create(v, 10)), 2), n).Where(NoThreeCollinear).SelectMany(xs =>
                Gen.ArrayOf(Gen.Choose(-3, 3).Select(v => (Rational)v), n).Select(ys => new MultivariateSample(2, xs, ys))));

    /// <summary>Random planar data as a user measures it: 2 ≤ N ≤ <paramref name="maxPoints"/> distinct points with
    /// three-decimal coordinates in [−1, 1] and three-decimal labels in [−1, 1], not all zero (no general-position
    /// filter: coincidences are as rare or as common as three decimals make them).</summary>
    public static Gen<MultivariateSample> RandomPlanarData(int maxPoints)
    {
        var thousandth = Gen.Choose(-1000, 1000).Select(v => Rational.Create(v, 1000));
        return Gen.Choose(2, maxPoints).SelectMany(n =>
            Gen.ArrayOf(Gen.ArrayOf(thousandth, 2), n).Where(xs => xs.Select(r => r[0] + "," + r[1]).Distinct().Count() == n).SelectMany(xs =>
                Gen.ArrayOf(thousandth, n).Where(ys => ys.Any(v => !v.IsZero)).Select(ys => new MultivariateSample(2, xs, ys))));
    }

    /// <summary>Distinct planar points with no three on a line (exact orientation determinants).</summary>
    public static bool NoThreeCollinear(Rational[][] xs)
    {
        for (int i = 0; i < xs.Length; i++)
            for (int j = i + 1; j < xs.Length; j++)
            {
                if (xs[i][0] == xs[j][0] && xs[i][1] == xs[j][1]) return false;
                for (int k = j + 1; k < xs.Length; k++)
                    if (((xs[j][0] - xs[i][0]) * (xs[k][1] - xs[i][1]) - (xs[j][1] - xs[i][1]) * (xs[k][0] - xs[i][0])).IsZero) return false;
            }
        return true;
    }

    /// <summary>Degenerate point sets: coordinates from {−1, 0, 1, 2}, so collinear and coplanar points are common.</summary>
    public static Gen<MultivariateSample> LatticePoints =>
        Gen.Choose(2, 3).SelectMany(d =>
            Gen.Choose(2, 7).SelectMany(n =>
                Gen.ArrayOf(Gen.ArrayOf(Gen.Choose(-1, 2).Select(v => (Rational)v), d), n).Select(xs =>
                {
                    var distinct = xs.GroupBy(r => string.Join(",", r)).Select(g => g.First()).ToList();
                    return new MultivariateSample(d, distinct, distinct.Select((_, i) => (Rational)(i % 3 - 1)).ToList());
                })));

    public static Arbitrary<MultivariateSample> Arb(Gen<MultivariateSample> gen) => FsCheck.Fluent.Arb.From(gen, s => s.Shrink());
}
