using FsCheck;
using FsCheck.Fluent;
using Verifier;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Testing;
using Xunit;

public class MyTrainingTests
{
    // Your sparse-training method goes here; this stand-in minimises the ℓ^p path norm below p* (Thm 3.2).
    static ShallowReluNetwork Train(Dataset d) => ReluInterpolation.MinimiseLp(d, ReluInterpolation.PStar(d).Lower!.Value / 2).Network!;

    [Fact]
    public void FindsTheSparsestInterpolant() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(20), SparseTrainingProperties.FindsSparsestUnivariate(Train, slack: 0));
}
