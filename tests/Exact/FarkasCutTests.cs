using Verifier.Exact.Certificates;
using Verifier.Exact.Mip;
using Verifier.Reformulation;
using Verifier.Exact.Problems;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Exact;

/// <summary>The exact re-check of Farkas cuts (FarkasCut.Verify) and the sign filters in front of it.</summary>
public class FarkasCutTests
{
    [Fact]
    public void TheCutCheckIsExactWhenAnEntryUnderflowsAsADouble()
    {
        // π = (1, 2^-1100), g = (−2^-110, 2^1000): exactly π·g = 2^-100 − 2^-110 > 0, so a cut that leaves this group out
        // is invalid. In doubles π_2 becomes 0 and π·g looks clearly negative; the check must not trust that.
        var tiny = Rational.Create(System.Numerics.BigInteger.One, System.Numerics.BigInteger.Pow(2, 1100));
        var g = new[] { -Rational.Create(System.Numerics.BigInteger.One, System.Numerics.BigInteger.Pow(2, 110)),
                        Rational.Create(System.Numerics.BigInteger.Pow(2, 1000), System.Numerics.BigInteger.One) };
        var group = new BlockGroup(0, new ActivationPattern(3, [Rational.One, Rational.One, Rational.One]), 1, 1, 1,
            [[Rational.One, Rational.Zero, Rational.Zero]], [new ExactVector(g)]);
        var cut = new FarkasCut([Rational.One, tiny], []);
        Assert.False(cut.Verify([Rational.One, Rational.One], [group], null));
        Assert.True(new FarkasCut([Rational.One, tiny], [0]).Verify([Rational.One, Rational.One], [group], null));
    }

    [Fact]
    public void TheCutCheckDecidesSignsExactlyNearZero()
    {
        // The check decides clear signs of π·g in doubles and the rest in rationals. Generators are built with an exact
        // π·g = δ·π_j for δ ∈ {±10⁻³⁰, ±10⁻⁸, 0, ±1}: a one-group cut that leaves the group out is valid exactly when every
        // generator has π·g ≤ 0, whatever the doubles say.
        var rng = new Random(5);
        Rational R() => Rational.Create(rng.Next(-100_000, 100_001), rng.Next(1, 1000));
        var deltas = new[] { Rational.Zero, Rational.One, Rational.Create(1, 100_000_000),
            Rational.Create(System.Numerics.BigInteger.One, System.Numerics.BigInteger.Pow(10, 30)) };
        for (int trial = 0; trial < 400; trial++)
        {
            int n = rng.Next(2, 7);
            var pi = Enumerable.Range(0, n).Select(_ => R()).ToArray();
            if (pi[0].IsZero) pi[0] = Rational.One;
            var generators = new List<Rational[]>();
            bool valid = true;
            for (int r = 0; r < rng.Next(1, 4); r++)
            {
                var g = Enumerable.Range(0, n).Select(_ => R()).ToArray();
                g[0] -= ExactLinearAlgebra.Dot(pi, g) / pi[0]; // now π·g = 0 exactly
                var delta = deltas[rng.Next(deltas.Length)] * (rng.Next(2) == 0 ? 1 : -1);
                int j = rng.Next(n);
                g[j] += delta; // π·g = δ·π_j
                valid &= (delta * pi[j]).Sign <= 0;
                generators.Add(g);
            }
            var y = (Rational[])pi.Clone(); // π·y = |π|² > 0
            var group = new BlockGroup(0, new ActivationPattern(1, Enumerable.Repeat(Rational.One, n).ToArray()), 1, 1, 1,
                generators.Select(_ => new Rational[n]).ToArray(), generators.Select(g => new ExactVector(g)).ToArray());
            Assert.Equal(valid, new FarkasCut(pi, []).Verify(y, [group], null));
            // The two filters (cut construction, re-check) each against the exact sign, generator by generator.
            var vector = new ExactVector(pi);
            for (int r = 0; r < generators.Count; r++)
            {
                int exact = ExactLinearAlgebra.Dot(pi, generators[r]).Sign;
                Assert.Equal(exact, vector.ExactDotSign(group.Generators[r]));
                Assert.Equal(exact, vector.DotSign(group.Generators[r]));
                if (FarkasCut.CertainlyNegative(vector, group.Generators[r])) Assert.Equal(-1, exact);
            }
            Assert.Equal(valid ? [] : [0], FarkasCut.GroupsViolating([group], pi));
        }
    }

    [Fact]
    public void AForgedCutFailsItsExactCheck()
    {
        var problem = new SparsestProblem(BendersSolverTests.Xor, false, SparsityObjective.Neurons);
        var (_, certificate) = BendersSolverTests.Solve(problem);
        var cut = certificate.Cuts[0];
        var forged = cut with { Groups = cut.Groups.Skip(1).ToArray() }; // drops a group that can help
        Assert.True(cut.Verify(certificate.Y, certificate.Groups, certificate.SkipColumns));
        Assert.False(forged.Verify(certificate.Y, certificate.Groups, certificate.SkipColumns));
    }

    [Fact]
    public void EveryParametersCutIncludingTheDropOneSpanCutsPassesTheExactCheck()
    {
        // Random 3-decimal data in d = 2: the parameters run adds Farkas, span and drop-one span cuts. Each must be
        // an exact Farkas certificate on its own, and the proven bound may not exceed the verified optimum.
        var rng = new Random(11);
        var data = Dataset.Create(2,
            Enumerable.Range(0, 10).Select(_ => Rational.Create(rng.Next(-1000, 1001), 1000)).ToArray(),
            Enumerable.Range(0, 5).Select(_ => Rational.Create(rng.Next(-1000, 1001), 1000)).ToArray());
        var problem = new SparsestProblem(data, false, SparsityObjective.Parameters);
        var (result, certificate) = BendersSolverTests.Solve(problem);
        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal(result.Objective, result.LowerBound);
        Assert.True(CertificateCheck.Verify(problem, result).Verified);
        Assert.NotEmpty(certificate.Cuts);
        Assert.All(certificate.Cuts, c => Assert.True(c.Verify(certificate.Y, certificate.Groups, certificate.SkipColumns)));
    }
}
