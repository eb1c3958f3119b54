using FsCheck;
using FsCheck.Fluent;
using Verifier.Proofs.Generators;
using Verifier.Proofs.Running;
using Xunit;

namespace Verifier.Proofs.Tests;

/// <summary>The runner itself: a false law is reported with a shrunk counterexample and a replay seed that
/// reproduces the failing case alone; a seed makes a run reproducible.</summary>
public class ProofRunnerTests
{
    /// <summary>False on purpose: "every dataset has at most three points".</summary>
    private static readonly ProofResult FalseLaw = new("FalseLaw", "every dataset has at most three points",
        [new("AtMostThreePoints", "N ≤ 3", 100, () => Prop.ForAll(UnivariateGenerators.Arb(UnivariateGenerators.DistinctInputUnivariateData), s => s.Count <= 3))]);

    [Fact]
    public void AFailureIsShrunkToAMinimalCounterexampleWithAReplaySeed()
    {
        var outcome = ProofRunner.Run(FalseLaw, FalseLaw.Properties[0], new ProofSettings(Seed: 11));
        Assert.False(outcome.Passed);
        Assert.NotNull(outcome.Replay);
        // Minimal: four points, each simplified to integers 0..3 with labels 0.
        Assert.Equal("x,y | 0,0 | 1,0 | 2,0 | 3,0", outcome.Counterexample);
        var replayed = ProofRunner.Run(FalseLaw, FalseLaw.Properties[0], new ProofSettings(Replay: outcome.Replay));
        Assert.False(replayed.Passed);
        Assert.Equal(1, replayed.Tried);
    }

    /// <summary>A filter no case survives: nothing is tested.</summary>
    private static readonly ProofResult EmptyLaw = new("EmptyLaw", "a law whose precondition never holds",
        [new("NeverApplies", "x > 100 ⇒ true, for x in 0..10", 50, () => Prop.ForAll(Arb.From(Gen.Choose(0, 10)), x => true.When(x > 100)))]);

    [Fact]
    public void AnExhaustedPropertyFailsWithItsOwnMessageAndNoCounterexample()
    {
        var outcome = ProofRunner.Run(EmptyLaw, EmptyLaw.Properties[0], new ProofSettings(Seed: 3));
        Assert.False(outcome.Passed);
        Assert.True(outcome.Exhausted);
        Assert.Null(outcome.Counterexample);
        Assert.Null(outcome.Replay);
        Assert.Equal(50, outcome.Requested);
        Assert.InRange(outcome.Tried, 0, 49);
        Assert.StartsWith($"exhausted: only {outcome.Tried} of 50 cases generated", outcome.ExhaustedMessage);

        var failed = ProofRunner.Run(FalseLaw, FalseLaw.Properties[0], new ProofSettings(Seed: 11)); // a counterexample is no exhaustion
        Assert.False(failed.Exhausted);
        Assert.Null(failed.ExhaustedMessage);
    }

    [Fact]
    public void TheSameSeedGivesTheSameRun()
    {
        var a = ProofRunner.Run(FalseLaw, FalseLaw.Properties[0], new ProofSettings(Seed: 5));
        var b = ProofRunner.Run(FalseLaw, FalseLaw.Properties[0], new ProofSettings(Seed: 5));
        Assert.Equal(a.Tried, b.Tried);
        Assert.Equal(a.Counterexample, b.Counterexample);
        Assert.Equal(a.Replay, b.Replay);
    }
}
