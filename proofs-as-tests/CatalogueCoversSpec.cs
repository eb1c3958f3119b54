using System.Reflection;
using Verifier.Proofs.Running;
using Xunit;

namespace Verifier.Proofs.Tests;

/// <summary>
/// The catalogue has a result for every checkable claim of SPEC §5, and this suite has one class per result with one
/// fact per property, so the test explorer lists each property.
/// </summary>
public class CatalogueCoversSpec
{
    /// <summary>SPEC §5 claim number → the results that check it.</summary>
    public static readonly (int Claim, string[] Results)[] SpecClaims =
    [
        (1, ["Prop3_1_VariationalEquivalence"]),
        (2, ["Thm3_1_Structure"]),
        (3, ["Cor3_1_1_AtMostNMinus2Knots", "Cor3_1_2_PathNormAndLipschitz"]),
        (4, ["Thm3_2_SmallPRecoversSparsest"]),
        (5, ["Thm3_1_DynamicProgrammeEqualsBruteForce"]),
        (6, ["Prop4_1_AtMostNNeurons"]),
        (7, ["Cover_PatternCount"]),
        (8, ["Lemma4_1_Reformulation"]),
        (9, ["Thm4_1_SmallPRecoversSparsest"]),
        (10, ["Claim10_MipEqualsUnivariate"]),
    ];

    [Fact]
    public void EveryClaimOfSpecSection5HasItsResults()
    {
        var names = ProofCatalogue.All.Select(r => r.Name).ToHashSet();
        foreach (var (claim, results) in SpecClaims)
            foreach (var name in results) Assert.True(names.Contains(name), $"SPEC §5 claim {claim}: {name} missing from the catalogue");
        Assert.Equal(SpecClaims.Sum(c => c.Results.Length), names.Count);
        Assert.Equal(ProofCatalogue.All.Count, names.Count); // names are unique
    }

    [Fact]
    public void EveryPropertyHasItsFactInTheClassNamedAfterItsResult()
    {
        var assembly = typeof(CatalogueCoversSpec).Assembly;
        foreach (var result in ProofCatalogue.All)
        {
            var type = assembly.GetType($"Verifier.Proofs.Tests.{result.Name}");
            Assert.True(type is not null, $"no test class {result.Name}");
            var facts = type!.GetMethods().Where(m => m.GetCustomAttribute<FactAttribute>() is not null).Select(m => m.Name).ToHashSet();
            foreach (var property in result.Properties) Assert.Contains(property.Name, facts);
            Assert.Equal(result.Properties.Count, facts.Count);
        }
    }
}
