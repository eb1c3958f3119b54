using Verifier.Proofs.Running;

namespace Verifier.Testing;

/// <summary>
/// The results of the paper as FsCheck properties (the same catalogue <c>verifier prove</c> runs): each
/// <see cref="ProofResult"/> has properties whose <c>Build()</c> returns an FsCheck <c>Property</c>, e.g.
/// <c>Theorems.Property("Thm3_2_SmallPRecoversSparsest", "RunsOfAtMostThreePointsAreSparsestForEveryP").Build().QuickCheckThrowOnFailure()</c>.
/// </summary>
public static class Theorems
{
    /// <summary>Every result with its properties.</summary>
    public static IReadOnlyList<ProofResult> All => ProofCatalogue.All;

    /// <summary>One property of one result, by the names <c>verifier prove --list</c> prints.</summary>
    public static ProofProperty Property(string result, string property) =>
        (ProofCatalogue.Find(result) ?? throw new KeyNotFoundException($"no result named {result}")).Property(property);

    /// <summary>Runs a property with a case budget and seed, as <c>verifier prove</c> does.</summary>
    public static PropertyOutcome Run(string result, string property, int? cases = null, ulong? seed = null)
    {
        var r = ProofCatalogue.Find(result) ?? throw new KeyNotFoundException($"no result named {result}");
        return ProofRunner.Run(r, r.Property(property), new ProofSettings(cases, seed));
    }
}
