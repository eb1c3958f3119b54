using FsCheck;
using Microsoft.FSharp.Core;

namespace Verifier.Proofs;

/// <summary>
/// Runs a property with the suite's budget. <c>VERIFIER_PROOF_SCALE</c> multiplies the number of cases
/// (default 1, so CI stays short); <c>VERIFIER_PROOF_REPLAY="seed,gamma"</c> replays the run whose seed a
/// failure printed. Failures throw with FsCheck's report: the shrunk counterexample and its replay seed.
/// </summary>
public static class ProofCheck
{
    public static int Scale =>
        int.TryParse(Environment.GetEnvironmentVariable("VERIFIER_PROOF_SCALE"), out var s) && s > 0 ? s : 1;

    public static void Holds(string name, Property property, int cases = 100)
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(cases * Scale).WithName(name).WithQuietOnSuccess(true);
        if (Replay() is { } replay) config = config.WithReplay(FSharpOption<FsCheck.Replay>.Some(replay));
        Check.One(config, property);
    }

    private static FsCheck.Replay? Replay()
    {
        var text = Environment.GetEnvironmentVariable("VERIFIER_PROOF_REPLAY");
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Trim('(', ')', ' ').Split(',', StringSplitOptions.TrimEntries);
        return new FsCheck.Replay(new Rnd(ulong.Parse(parts[0]), ulong.Parse(parts[1])), FSharpOption<int>.None);
    }
}
