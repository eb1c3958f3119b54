using System.Numerics;
using Verifier.Continuous.GlobalLp.Enumeration;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Continuous.GlobalLp.Enumeration;

/// <summary>The floating determinant with a rigorous error bound (<see cref="BoundedFloat"/>), on which the vertex
/// enumeration decides most signs: the exact determinant (Bareiss, <see cref="ExactLinearAlgebra.IntegerDeterminant"/>)
/// always lies within Error of Value, so a decided sign is the exact one and an exactly singular matrix is undecided.</summary>
public class BoundedFloatTests
{
    /// <summary>Random integer matrices of size 1..6 with entries up to 2^62 (rounded on conversion), some made singular
    /// (a row a combination of two others) and some nearly singular.</summary>
    [Fact]
    public void TheDeterminantEnclosureContainsTheExactDeterminant()
    {
        var rng = new Random(20261204);
        int decided = 0, singular = 0;
        for (int c = 0; c < 3000; c++)
        {
            int k = 1 + c % 6;
            int bits = 1 + rng.Next(62);
            BigInteger Entry() => new BigInteger(rng.NextInt64(-(1L << (bits - 1)), 1L << (bits - 1)));
            var m = Enumerable.Range(0, k).Select(_ => Enumerable.Range(0, k).Select(_ => Entry()).ToArray()).ToArray();
            if (k >= 3 && c % 3 == 0) // exactly singular: row 0 = 2·row 1 − row 2
                m[0] = m[1].Zip(m[2], (a, b) => 2 * a - b).ToArray();
            if (k >= 2 && c % 3 == 1) // nearly singular: row 0 = row 1 + a unit perturbation
                m[0] = m[1].Select((v, j) => j == 0 ? v + 1 : v).ToArray();
            var floats = m.Select(r => r.Select(ArrangementGenerators.ToBounded).ToArray()).ToArray();
            var rows = Enumerable.Range(0, k).ToArray();
            var det = BoundedFloat.Determinant((i, j) => floats[i][j], rows, rows);
            var exact = ExactLinearAlgebra.IntegerDeterminant(m);
            SharedMinorsTests.AssertEncloses(det, exact, $"case {c} (k = {k})");
            if (det.Sign != 0) { decided++; Assert.Equal(exact.Sign, det.Sign); }
            if (exact.IsZero) { singular++; Assert.Equal(0, det.Sign); }
        }
        Assert.True(decided > 1000 && singular > 300, $"{decided} decided, {singular} singular: the cases should exercise both");
    }
}
