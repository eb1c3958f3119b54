using FsCheck.Fluent;
using Verifier.Exact.Patterns;
using Verifier.Proofs.Generators;
using Xunit;

namespace Verifier.Proofs;

/// <summary>
/// Cover's bound (SPEC §3): N points in R^d have at most 2 Σ_{k=0}^{d} C(N−1, k) activation patterns, with
/// equality in general position. Checked on the exact enumeration, which must also agree with Zaslavsky's count
/// (an independent, LP-free computation) on degenerate data.
/// </summary>
public class Cover_PatternCount
{
    [Fact]
    public void GeneralPositionAttainsCoversBound() =>
        ProofCheck.Holds("Cover_GeneralPosition", Prop.ForAll(
            MultivariateGenerators.Arb(MultivariateGenerators.GeneralPositionPoints(1, 8)),
            sample =>
            {
                var data = sample.ToDataset();
                var p = ActivationPatterns.Enumerate(data);
                long cover = ArrangementRegions.CoverBound(data.Count, data.Dimension);
                // General position decided exactly: every min(N, d+1) lifted rows are linearly independent.
                bool general = GeneralPosition(LiftedInputs.Of(data));
                return p.Complete && (general ? p.Patterns.Count == cover : p.Patterns.Count <= cover);
            }), cases: 30);

    private static bool GeneralPosition(Verifier.Shared.Numbers.Rational[][] rows)
    {
        int k = Math.Min(rows.Length, rows[0].Length);
        bool ok = true;
        void Choose(int start, List<int> chosen)
        {
            if (!ok) return;
            if (chosen.Count == k)
            {
                ok = Verifier.Shared.Numbers.ExactLinearAlgebra.Rank(chosen.Select(i => rows[i]), rows[0].Length) == k;
                return;
            }
            for (int i = start; i < rows.Length; i++) { chosen.Add(i); Choose(i + 1, chosen); chosen.RemoveAt(chosen.Count - 1); }
        }
        Choose(0, []);
        return ok;
    }

    [Fact]
    public void DegenerateDataStayBelowTheBoundAndMatchZaslavsky() =>
        ProofCheck.Holds("Cover_Degenerate", Prop.ForAll(
            MultivariateGenerators.Arb(MultivariateGenerators.LatticePoints),
            sample =>
            {
                var p = ActivationPatterns.Enumerate(sample.ToDataset());
                return p.Complete && p.Patterns.Count <= ArrangementRegions.CoverBound(sample.Count, sample.Dimension);
            }), cases: 30);
}
