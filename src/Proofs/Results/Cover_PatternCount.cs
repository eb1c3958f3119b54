using FsCheck;
using FsCheck.Fluent;
using Verifier.Reformulation;
using Verifier.Proofs.Generators;
using Verifier.Proofs.Running;
using Verifier.Shared.Numbers;

namespace Verifier.Proofs.Results;

/// <summary>
/// Cover's bound (SPEC §3): N points in R^d have at most 2 Σ_{k=0}^{d} C(N−1, k) activation patterns, with
/// equality in general position. Checked on the exact enumeration, which must also be complete (its count
/// agrees with Zaslavsky's region count and its region graph is connected) on degenerate data.
/// </summary>
public static class Cover_PatternCount
{
    public static ProofResult Result { get; } = new(nameof(Cover_PatternCount),
        "N points in R^d have at most 2 Σ_{k≤d} C(N−1, k) activation patterns, with equality in general position.",
        [
            new("GeneralPositionAttainsCoversBound", "exact enumeration is complete; = Cover's bound in general position (decided exactly), ≤ otherwise", 30, GeneralPosition),
            new("DegenerateDataStayBelowTheBoundAndMatchZaslavsky", "on lattice (degenerate) points the enumeration is complete and ≤ Cover's bound", 30, Degenerate),
        ]);

    private static Property GeneralPosition() =>
        Prop.ForAll(MultivariateGenerators.Arb(MultivariateGenerators.GeneralPositionPoints(1, 8)), sample =>
        {
            var data = sample.ToDataset();
            var p = ActivationPatterns.Enumerate(data);
            long cover = ArrangementRegions.CoverBound(data.Count, data.Dimension);
            bool general = InGeneralPosition(LiftedInputs.Of(data));
            return p.Complete && (general ? p.Patterns.Count == cover : p.Patterns.Count <= cover);
        });

    private static Property Degenerate() =>
        Prop.ForAll(MultivariateGenerators.Arb(MultivariateGenerators.LatticePoints), sample =>
        {
            var p = ActivationPatterns.Enumerate(sample.ToDataset());
            return p.Complete && p.Patterns.Count <= ArrangementRegions.CoverBound(sample.Count, sample.Dimension);
        });

    /// <summary>General position decided exactly: every min(N, d+1) lifted rows are linearly independent.</summary>
    public static bool InGeneralPosition(Rational[][] rows)
    {
        int k = Math.Min(rows.Length, rows[0].Length);
        bool ok = true;
        void Choose(int start, List<int> chosen)
        {
            if (!ok) return;
            if (chosen.Count == k)
            {
                ok = ExactLinearAlgebra.Rank(chosen.Select(i => rows[i]), rows[0].Length) == k;
                return;
            }
            for (int i = start; i < rows.Length; i++) { chosen.Add(i); Choose(i + 1, chosen); chosen.RemoveAt(chosen.Count - 1); }
        }
        Choose(0, []);
        return ok;
    }
}
