using System.Numerics;
using Verifier.Shared.Numbers;

namespace Verifier.Tests.Continuous;

/// <summary>
/// An independent oracle for the 1-D p*, sharing no code with <c>UnivariatePStar</c> (only the exact
/// <see cref="Rational"/> type for reading data): slope changes and runs are recomputed from the raw points,
/// every block partition of a run is enumerated explicitly, and the costs Σ|S|^p are evaluated in 256-bit
/// fixed-point arithmetic (ln by the atanh series, exp by range reduction and Taylor), so each value is accurate
/// to about 2^-240. p*_run is the first sign change of B − A on a grid (denser towards 1), bisected 90 times.
/// </summary>
internal static class HighPrecisionPStarOracle
{
    public const int Bits = 256;
    public static readonly BigInteger One = BigInteger.One << Bits;
    private static readonly BigInteger Ln2 = TwoAtanh(1, 3);

    /// <summary>2·atanh(a/b) = ln((b + a)/(b − a)) in fixed point, for 0 ≤ a/b ≤ 1/3.</summary>
    private static BigInteger TwoAtanh(BigInteger a, BigInteger b)
    {
        BigInteger power = (a << Bits) / b, sum = 0, a2 = a * a, b2 = b * b;
        for (int k = 0; !power.IsZero; k++)
        {
            sum += power / (2 * k + 1);
            power = power * a2 / b2;
        }
        return 2 * sum;
    }

    /// <summary>ln x for a positive integer x: x = 2^e·m with m ∈ [1, 2), ln m = 2 atanh((x − 2^e)/(x + 2^e)).</summary>
    private static BigInteger LnInteger(BigInteger x)
    {
        int e = (int)x.GetBitLength() - 1;
        BigInteger pow = BigInteger.One << e;
        return e * Ln2 + TwoAtanh(x - pow, x + pow);
    }

    public static BigInteger Ln(Rational q) => LnInteger(BigInteger.Abs(q.Numerator)) - LnInteger(q.Denominator);

    private static BigInteger FloorDiv(BigInteger a, BigInteger b)
    {
        var q = BigInteger.DivRem(a, b, out var r);
        return r.Sign < 0 ? q - 1 : q;
    }

    /// <summary>e^x in fixed point: x = k ln 2 + r, |r| ≤ ln 2 / 2, Taylor series for e^r.</summary>
    public static BigInteger Exp(BigInteger x)
    {
        BigInteger k = FloorDiv(2 * x + Ln2, 2 * Ln2);
        BigInteger r = x - k * Ln2, term = One, sum = One;
        for (int i = 1; !term.IsZero; i++)
        {
            term = term * r / (One * i);
            sum += term;
        }
        return k >= 0 ? sum << (int)k : sum >> (int)-k;
    }

    public static BigInteger FromRational(Rational q) => (q.Numerator << Bits) / q.Denominator;

    /// <summary>A run: the |Δ| of its points in order.</summary>
    public static List<Rational[]> Runs(Rational[] xs, Rational[] ys)
    {
        int n = xs.Length;
        var order = Enumerable.Range(0, n).OrderBy(i => xs[i]).ToArray();
        var slope = new Rational[n - 1];
        for (int i = 0; i + 1 < n; i++)
            slope[i] = (ys[order[i + 1]] - ys[order[i]]) / (xs[order[i + 1]] - xs[order[i]]);
        var runs = new List<Rational[]>();
        var current = new List<Rational>();
        int sign = 0;
        for (int i = 1; i + 1 < n; i++)
        {
            var delta = slope[i] - slope[i - 1];
            if (delta.Sign != sign || delta.Sign == 0)
            {
                if (current.Count > 0) runs.Add(current.ToArray());
                current = [];
                sign = delta.Sign;
            }
            if (delta.Sign != 0) current.Add(delta.Abs());
        }
        if (current.Count > 0) runs.Add(current.ToArray());
        return runs;
    }

    private sealed record Partition(List<(int First, int Count)> Blocks, bool Sparsest);

    private static List<Partition> Partitions(int length)
    {
        var all = new List<Partition>();
        void Go(int i, List<(int, int)> acc, int singles)
        {
            if (i == length) { all.Add(new Partition([.. acc], singles == length % 2)); return; }
            acc.Add((i, 1)); Go(i + 1, acc, singles + 1); acc.RemoveAt(acc.Count - 1);
            if (i + 1 < length) { acc.Add((i, 2)); Go(i + 2, acc, singles); acc.RemoveAt(acc.Count - 1); }
        }
        Go(0, [], 0);
        return all;
    }

    /// <summary>p* of the data as a fixed-point number (One when no crossing is found in (0, 1)).</summary>
    public static BigInteger PStar(Rational[] xs, Rational[] ys)
    {
        BigInteger best = One;
        foreach (var run in Runs(xs, ys))
        {
            if (run.Length <= 3) continue;
            var parts = Partitions(run.Length);
            var lnSingle = run.Select(Ln).ToArray();
            var lnPair = Enumerable.Range(0, run.Length - 1).Select(i => Ln(run[i] + run[i + 1])).ToArray();
            BigInteger G(BigInteger p)
            {
                var single = lnSingle.Select(l => Exp(p * l >> Bits)).ToArray();
                var pair = lnPair.Select(l => Exp(p * l >> Bits)).ToArray();
                BigInteger? a = null, b = null;
                foreach (var part in parts)
                {
                    BigInteger cost = 0;
                    foreach (var (first, count) in part.Blocks) cost += count == 1 ? single[first] : pair[first];
                    if (part.Sparsest) { if (a is null || cost < a) a = cost; }
                    else if (b is null || cost < b) b = cost;
                }
                return b!.Value - a!.Value;
            }
            var grid = Enumerable.Range(1, 63).Select(i => Rational.Create(i, 64))
                .Concat(Enumerable.Range(7, 30).Select(k => Rational.One - Rational.Create(1, 1L << k)))
                .Select(FromRational).ToList();
            BigInteger lo = 0;
            foreach (var q in grid)
            {
                if (q >= best) break;
                if (G(q).Sign <= 0)
                {
                    BigInteger hi = q;
                    for (int k = 0; k < 90; k++)
                    {
                        BigInteger mid = (lo + hi) >> 1;
                        if (G(mid).Sign <= 0) hi = mid; else lo = mid;
                    }
                    best = BigInteger.Min(best, hi);
                    break;
                }
                lo = q;
            }
        }
        return best;
    }
}
