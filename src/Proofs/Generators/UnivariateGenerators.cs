using FsCheck;
using FsCheck.Fluent;
using Verifier.Shared.Numbers;

namespace Verifier.Proofs.Generators;

/// <summary>Generators of univariate data, each named after the structure it produces.</summary>
public static class UnivariateGenerators
{
    private static Gen<Rational> SmallRational(int maxAbs, int maxDen) =>
        Gen.Choose(-maxAbs, maxAbs).SelectMany(n => Gen.Choose(1, maxDen), (n, d) => Rational.Create(n, d));

    private static Gen<Rational> PositiveGap =>
        Gen.Frequency((3, Gen.Constant(Rational.One)), (2, Gen.Choose(1, 9).Select(n => Rational.Create(n, 3))), (1, Gen.Choose(1, 1000).Select(n => Rational.Create(n, 997))));

    /// <summary>Random data with distinct inputs: N ∈ [1, 14], small rationals.</summary>
    public static Gen<UnivariateSample> DistinctInputUnivariateData =>
        Gen.Choose(1, 14).SelectMany(n =>
            Gen.ArrayOf(PositiveGap, Math.Max(0, n - 1)).SelectMany(gaps =>
                Gen.ArrayOf(SmallRational(9, 3), n).Select(ys =>
                {
                    var pts = new List<(Rational, Rational)>();
                    Rational x = Rational.Zero;
                    for (int i = 0; i < n; i++) { pts.Add((x, ys[i])); if (i < gaps.Length) x += gaps[i]; }
                    return new UnivariateSample(pts);
                })));

    /// <summary>Data whose slopes change by blocks of one sign: long same-curvature runs, sign changes,
    /// collinear stretches (zero slope changes), huge and tiny slope changes.</summary>
    public static Gen<UnivariateSample> LongSameCurvatureRuns =>
        Gen.Choose(3, 16).SelectMany(n =>
            Gen.ArrayOf(SlopeIncrement, n - 2).SelectMany(increments =>
                Gen.ArrayOf(PositiveGap, n - 1).SelectMany(gaps =>
                    Gen.Choose(1, 4).Select(flipEvery =>
                    {
                        var slopes = new List<Rational> { Rational.Zero };
                        int sign = 1;
                        for (int i = 0; i < increments.Length; i++)
                        {
                            if (i > 0 && i % (flipEvery + 2) == 0) sign = -sign;
                            slopes.Add(slopes[^1] + increments[i] * sign);
                        }
                        return UnivariateSample.FromSlopes(Rational.Zero, Rational.Zero, gaps, slopes);
                    }))));

    /// <summary>Slope changes spanning magnitudes 10^-4 … 10^6, with zeros (collinear points) now and then.</summary>
    private static Gen<Rational> SlopeIncrement =>
        Gen.Frequency(
            (1, Gen.Constant(Rational.Zero)),
            (4, Gen.Choose(1, 20).Select(n => (Rational)n)),
            (2, Gen.Choose(1, 1000).Select(n => Rational.Create(n, 10_000))),
            (2, Gen.Choose(1, 1000).Select(n => (Rational)(n * 1000L))));

    /// <summary>Data whose runs have at most three points: blocks of 1–3 same-sign slope changes, each
    /// followed by a sign change or a zero.</summary>
    public static Gen<UnivariateSample> ShortRunsData =>
        Gen.Choose(1, 5).SelectMany(blocks =>
            Gen.ArrayOf(Gen.Choose(1, 3), blocks).SelectMany(lengths =>
                Gen.ArrayOf(SlopeIncrement.Where(r => !r.IsZero), lengths.Sum()).SelectMany(increments =>
                    Gen.ArrayOf(Gen.Elements(true, false), blocks).SelectMany(zeroSeparators =>
                        Gen.ArrayOf(PositiveGap, lengths.Sum() + blocks + 1).Select(gaps =>
                        {
                            var slopes = new List<Rational> { Rational.Zero };
                            int sign = 1, k = 0;
                            for (int b = 0; b < blocks; b++)
                            {
                                for (int i = 0; i < lengths[b]; i++) slopes.Add(slopes[^1] + increments[k++] * sign);
                                if (zeroSeparators[b]) slopes.Add(slopes[^1]); // collinear: ends the run
                                else sign = -sign;                              // curvature flips: ends the run
                            }
                            return UnivariateSample.FromSlopes(Rational.Zero, Rational.Zero, gaps.Take(slopes.Count).ToArray(), slopes);
                        })))));

    /// <summary>Data made of collinear stretches: each data slope is repeated over 1–4 consecutive intervals, so
    /// three or more collinear points (zero curvature) are common, between changes of either sign.</summary>
    public static Gen<UnivariateSample> CollinearStretches =>
        Gen.Choose(1, 5).SelectMany(stretches =>
            Gen.ArrayOf(Gen.Choose(1, 4), stretches).SelectMany(lengths =>
                Gen.ArrayOf(SmallRational(9, 2), stretches).SelectMany(slopes =>
                    Gen.ArrayOf(PositiveGap, lengths.Sum()).Select(gaps =>
                        UnivariateSample.FromSlopes(Rational.Zero, Rational.Zero, gaps,
                            lengths.SelectMany((len, k) => Enumerable.Repeat(slopes[k], len)).ToArray())))));

    /// <summary>Rationals with large (prime) denominators in both inputs and labels: x-gaps n/1000003 or
    /// n/999983 and labels n/104729, N ∈ [2, 10].</summary>
    public static Gen<UnivariateSample> LargeDenominatorRationals =>
        Gen.Choose(2, 10).SelectMany(n =>
            Gen.ArrayOf(Gen.Choose(1, 2_000_000).SelectMany(k => Gen.Elements(1_000_003, 999_983), (k, d) => Rational.Create(k, d)), n - 1).SelectMany(gaps =>
                Gen.ArrayOf(Gen.Choose(-1_000_000, 1_000_000).Select(k => Rational.Create(k, 104_729)), n).Select(ys =>
                {
                    var pts = new List<(Rational, Rational)>();
                    Rational x = Rational.Create(-7, 13);
                    for (int i = 0; i < n; i++) { pts.Add((x, ys[i])); if (i < gaps.Length) x += gaps[i]; }
                    return new UnivariateSample(pts);
                })));

    /// <summary>Any of the univariate generators above, so one property sees every kind of structure.</summary>
    public static Gen<UnivariateSample> AnyUnivariateData =>
        Gen.OneOf(DistinctInputUnivariateData, LongSameCurvatureRuns, CollinearStretches, LargeDenominatorRationals, ShortRunsData);

    public static Arbitrary<UnivariateSample> Arb(Gen<UnivariateSample> gen) =>
        FsCheck.Fluent.Arb.From(gen, s => s.Shrink());
}
