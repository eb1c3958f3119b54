using System.Numerics;
using Verifier.Continuous.GlobalLp.Enumeration;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Continuous.GlobalLp.Enumeration;

/// <summary>The shared-minor cofactors of the enumeration's last level (<see cref="BasicSolutionEnumeration.SharedMinors"/>):
/// every cofactor of [S_j | ·] (S with column j replaced by y, and S itself) and every dot product with an integer
/// vector lies within its error bound of the exact value (Bareiss, <see cref="ExactLinearAlgebra.IntegerDeterminant"/>),
/// so a bound of 0 proves the value, zero included; on integers below 2^51 (sums of them up to 3·2^51), exactly singular,
/// and nearly singular with large entries (where the rounding error is close to u times the permanent).</summary>
public class SharedMinorsTests
{
    [Fact]
    public void CofactorsAndDotProductsEncloseTheExactValues()
    {
        var rng = new Random(20261205);
        int provenZeros = 0, inexact = 0;
        for (int c = 0; c < 1500; c++)
        {
            int n = 2 + c % 6; // N = 2..7: S has n − 1 columns
            int bits = 1 + rng.Next(52);
            long Entry() => rng.NextInt64(-(1L << (bits - 1)), 1L << (bits - 1));
            var columns = Enumerable.Range(0, n - 1).Select(_ => Enumerable.Range(0, n).Select(_ => (double)Entry()).ToArray()).ToArray();
            var labels = Enumerable.Range(0, n).Select(_ => (double)Entry()).ToArray();
            if (n >= 4 && c % 3 == 0) // S dependent: column 0 = column 1 − column 2
                columns[0] = columns[1].Zip(columns[2], (a, b) => a - b).ToArray();
            if (n >= 3 && c % 3 == 1) // y in span S
                labels = columns[0].Zip(columns[1], (a, b) => 2 * a + b).ToArray();
            if (n >= 3 && c % 3 == 2) // nearly dependent with large entries: column 0 = column 1 + a unit vector
                columns[0] = columns[1].Select((v, r) => r == 0 ? v + 1 : v).ToArray();
            if (columns.Concat([labels]).Any(col => col.Any(v => Math.Abs(v) >= 9007199254740992.0))) continue; // sums above 2^53
            var g = c % 5 == 0 && n >= 3 ? columns[0].Zip(columns[1], (a, b) => a - b).ToArray() // g in span S
                : Enumerable.Range(0, n).Select(_ => (double)Entry()).ToArray();

            var cof = Enumerable.Range(0, n).Select(_ => new BoundedFloat[n]).ToArray();
            new BasicSolutionEnumeration.SharedMinors(n).Cofactors(columns, labels, cof);
            for (int j = 0; j < n; j++)
            {
                var matrixColumns = columns.Select((col, t) => t == j ? labels : col).ToArray(); // j = n − 1: S itself
                for (int i = 0; i < n; i++)
                {
                    // Cofactor (row i, last column) of the n × n matrix [matrixColumns | ·].
                    var minor = Enumerable.Range(0, n).Where(r => r != i)
                        .Select(r => matrixColumns.Select(col => new BigInteger(col[r])).ToArray()).ToArray();
                    var exact = ExactLinearAlgebra.IntegerDeterminant(minor) * (((i + n - 1) & 1) == 0 ? 1 : -1);
                    AssertEncloses(cof[j][i], exact, $"case {c}: cofactor ({j}, {i})");
                }
                var matrix = Enumerable.Range(0, n).Select(r => matrixColumns.Select(col => new BigInteger(col[r])).Append(new BigInteger(g[r])).ToArray()).ToArray();
                var dot = BasicSolutionEnumeration.SharedMinors.Dot(cof[j], g);
                var exactDot = ExactLinearAlgebra.IntegerDeterminant(matrix);
                AssertEncloses(dot, exactDot, $"case {c}: det[S_{j} | g]");
                if (dot.Error == 0 && exactDot.IsZero) provenZeros++;
                if (dot.Error > 0) inexact++;
            }
        }
        Assert.True(provenZeros > 100 && inexact > 1000, $"{provenZeros} proven zeros, {inexact} inexact dots: the cases should exercise both");
    }

    /// <summary>|Value − exact| ≤ Error, decided in exact rationals: the one check both enclosure tests make.</summary>
    internal static void AssertEncloses(BoundedFloat v, BigInteger exact, string what)
    {
        var distance = (Rational.FromDouble(v.Value) - Rational.FromInteger(exact)).Abs();
        Assert.True(distance <= Rational.FromDouble(v.Error), $"{what}: |{v.Value:R} − {exact}| > {v.Error:R}");
    }
}
