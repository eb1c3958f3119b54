using System.Numerics;
using Verifier.Shared.Data;
using Verifier.Shared.Numbers;

namespace Verifier.Proofs.Generators;

/// <summary>
/// A univariate dataset as exact (x, y) pairs with distinct x, printed readably so a shrunk counterexample
/// can be pasted into a CSV file.
/// </summary>
public sealed record UnivariateSample(IReadOnlyList<(Rational X, Rational Y)> Points)
{
    public Dataset ToDataset() => Dataset.Univariate(Points.Select(p => p.X).ToArray(), Points.Select(p => p.Y).ToArray());

    public int Count => Points.Count;

    public override string ToString() =>
        "x,y | " + string.Join(" | ", Points.Select(p => $"{p.X},{p.Y}"));

    /// <summary>Builds data from a start value, x-gaps and slopes: y_{i+1} = y_i + s_i (x_{i+1} − x_i).</summary>
    public static UnivariateSample FromSlopes(Rational x0, Rational y0, IReadOnlyList<Rational> gaps, IReadOnlyList<Rational> slopes)
    {
        var pts = new List<(Rational, Rational)> { (x0, y0) };
        for (int i = 0; i < slopes.Count; i++)
        {
            var (x, y) = pts[^1];
            pts.Add((x + gaps[i], y + slopes[i] * gaps[i]));
        }
        return new UnivariateSample(pts);
    }

    /// <summary>
    /// Shrinks towards fewer points and simpler numbers: drop a point (first, last or any), replace a label
    /// by 0 or by a nearby integer, replace a non-integer x by an integer when that keeps inputs distinct.
    /// </summary>
    public IEnumerable<UnivariateSample> Shrink()
    {
        for (int i = 0; i < Count; i++)
            yield return new UnivariateSample(Points.Where((_, k) => k != i).ToList());
        // Whole-dataset simplifications that keep every slope-change sign (so the runs) intact: affine maps of
        // the plane with positive orientation — shift and scale x to the smallest integers, subtract the line
        // through the first two points from y, scale y to the smallest integers.
        if (Count >= 2)
        {
            var xs = Points.Select(p => p.X - Points[0].X).ToArray();
            var ys = Points.Select(p => p.Y).ToArray();
            if (Normalised(xs) is { } nx && !nx.SequenceEqual(Points.Select(p => p.X))) yield return Zip(nx, ys);
            var slope = (Points[1].Y - Points[0].Y) / (Points[1].X - Points[0].X);
            var sheared = Points.Select(p => p.Y - Points[0].Y - slope * (p.X - Points[0].X)).ToArray();
            if (!sheared.SequenceEqual(ys)) yield return Zip(Points.Select(p => p.X).ToArray(), sheared);
            if (Normalised(ys) is { } ny && !ny.SequenceEqual(ys)) yield return Zip(Points.Select(p => p.X).ToArray(), ny);
        }
        // Then coarser ones: inputs renumbered 0..N−1 (order kept), labels rounded to integers.
        if (Points.Select((p, i) => p.X != i).Any(b => b))
            yield return new UnivariateSample(Points.Select((p, i) => ((Rational)i, p.Y)).ToList());
        if (Points.Any(p => !p.Y.IsInteger))
            yield return new UnivariateSample(Points.Select(p => (p.X, Rational.FromInteger(System.Numerics.BigInteger.Divide(p.Y.Numerator, p.Y.Denominator)))).ToList());
        for (int i = 0; i < Count; i++)
        {
            var (x, y) = Points[i];
            foreach (var simpler in SimplerValues(y))
                yield return With(i, (x, simpler));
            foreach (var simpler in SimplerValues(x))
                if (Points.All(p => p.X != simpler)) yield return With(i, (simpler, y));
        }
    }

    private static UnivariateSample Zip(Rational[] xs, Rational[] ys) => new(xs.Zip(ys).ToList());

    /// <summary>v / g with g &gt; 0 the largest rational making every entry an integer with gcd 1 (null if all zero).</summary>
    private static Rational[]? Normalised(Rational[] v) => IntegerScaling.Primitive(v)?.Select(Rational.FromInteger).ToArray();

    private UnivariateSample With(int i, (Rational, Rational) point)
    {
        var list = Points.ToList();
        list[i] = point;
        return new UnivariateSample(list);
    }

    private static IEnumerable<Rational> SimplerValues(Rational v)
    {
        if (v.IsZero) yield break;
        yield return Rational.Zero;
        var rounded = Rational.FromInteger(System.Numerics.BigInteger.Divide(v.Numerator, v.Denominator));
        if (rounded != v) yield return rounded;
        var half = v / 2;
        if (half.Denominator <= v.Denominator && half != v) yield return half;
    }
}
