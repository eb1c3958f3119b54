using Verifier.Proofs.Running;
using Xunit.Sdk;

namespace Verifier.Proofs.Tests;

/// <summary>
/// Runs one catalogue property with the suite's budget. <c>VERIFIER_PROOF_SCALE</c> multiplies each property's
/// default number of cases (default 1, so CI stays short); <c>VERIFIER_PROOF_REPLAY="seed,gamma[,size]"</c>
/// replays the case a failure printed. Failures throw with FsCheck's report: the shrunk counterexample and its
/// replay seed.
/// </summary>
public static class ProofCheck
{
    public static int Scale =>
        int.TryParse(Environment.GetEnvironmentVariable("VERIFIER_PROOF_SCALE"), out var s) && s > 0 ? s : 1;

    public static void Holds(ProofResult result, string property)
    {
        var prop = result.Property(property);
        var replay = Environment.GetEnvironmentVariable("VERIFIER_PROOF_REPLAY");
        var settings = new ProofSettings(Cases: prop.DefaultCases * Scale, Replay: string.IsNullOrWhiteSpace(replay) ? null : replay);
        var outcome = ProofRunner.Run(result, prop, settings);
        if (outcome.Exhausted)
            throw new XunitException($"{result.Name}/{property} {outcome.ExhaustedMessage}");
        if (!outcome.Passed)
            throw new XunitException($"{result.Name}/{property} failed after {outcome.Tried} cases.\n"
                + $"Shrunk counterexample: {outcome.Counterexample}\nReplay: VERIFIER_PROOF_REPLAY=\"{outcome.Replay}\"\n{outcome.Report}");
    }
}
