using System.Diagnostics;
using FsCheck;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace Verifier.Proofs.Running;

/// <summary>How to run: cases per property (null: each property's default), a seed for a reproducible run,
/// or a replay of one recorded case ("seed,gamma[,size]" as a failure prints it).</summary>
public sealed record ProofSettings(int? Cases = null, ulong? Seed = null, string? Replay = null)
{
    /// <summary>Odd increment of the splittable generator; any odd value gives a valid stream.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>Parses "seed,gamma" or "seed,gamma,size" (parentheses and spaces allowed).</summary>
    public static FsCheck.Replay ParseReplay(string text)
    {
        var parts = text.Trim('(', ')', ' ').Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3 || !ulong.TryParse(parts[0], out var seed) || !ulong.TryParse(parts[1], out var gamma)
            || gamma % 2 == 0 || (parts.Length == 3 && !int.TryParse(parts[2], out _)))
            throw new FormatException($"replay '{text}' is not \"seed,gamma[,size]\" with an odd gamma");
        var size = parts.Length == 3 ? FSharpOption<int>.Some(int.Parse(parts[2])) : FSharpOption<int>.None;
        return new FsCheck.Replay(new Rnd(seed, gamma), size);
    }
}

/// <summary>The outcome of one property: cases tried, verdict, time, and for a failure the shrunk
/// counterexample, the replay seed of the failing case and FsCheck's full report.</summary>
/// <param name="Exhausted">The generator's filter discarded so many candidates that only <see cref="Tried"/> of
/// <see cref="Requested"/> cases were checked. This does not pass: a property that tests (almost) nothing
/// proves nothing, so it fails the run, but it is reported as exhausted, not as a counterexample.</param>
/// <param name="Requested">The number of cases the run asked for.</param>
public sealed record PropertyOutcome(string Result, string Property, int Tried, bool Passed, double Seconds,
    string? Counterexample, string? Replay, string? Report, bool Exhausted = false, int Requested = 0)
{
    /// <summary>One line for an exhausted property: "exhausted: only K of N cases generated …"; null otherwise.</summary>
    public string? ExhaustedMessage => Exhausted
        ? $"exhausted: only {Tried} of {Requested} cases generated (the generator's filter discarded the rest); a property that tests too little fails the run"
        : null;
}

/// <summary>
/// Runs catalogue properties with FsCheck outside any test framework (the xunit suite and <c>verifier prove</c>
/// both go through here, so they run the same properties). Silent: the caller prints.
/// </summary>
public static class ProofRunner
{
    public static PropertyOutcome Run(ProofResult result, ProofProperty property, ProofSettings settings)
    {
        var capture = new CapturingRunner();
        int requested = settings.Replay is null ? property.CasesFor(settings.Cases) : 1;
        var config = Config.Quick.WithMaxTest(requested)
            .WithName($"{result.Name}/{property.Name}").WithRunner(capture);
        if (settings.Replay is { } replay)
            config = config.WithReplay(FSharpOption<FsCheck.Replay>.Some(ProofSettings.ParseReplay(replay)));
        else if (settings.Seed is { } seed)
            config = config.WithReplay(FSharpOption<FsCheck.Replay>.Some(new FsCheck.Replay(new Rnd(seed, ProofSettings.Gamma), FSharpOption<int>.None)));
        var clock = Stopwatch.StartNew();
        Check.One(config, property.Build());
        double seconds = clock.Elapsed.TotalSeconds;
        var r = capture.Result ?? throw new InvalidOperationException("FsCheck reported no result");
        string name = $"{result.Name}/{property.Name}";
        return r switch
        {
            // A passing property that classified or collected its cases reports them (e.g. how many were certified).
            TestResult.Passed p => new PropertyOutcome(result.Name, property.Name, p.Item1.NumberOfTests, true, seconds, null, null,
                p.Item1.Stamps.Any() ? Runner.onFinishedToString(name, r) : null, Requested: requested),
            TestResult.Failed f => new PropertyOutcome(result.Name, property.Name, f.Item1.NumberOfTests, false, seconds,
                string.Join(" ; ", f.Item3.Select(a => a?.ToString() ?? "null")),
                $"{f.Item6.Seed},{f.Item6.Gamma},{f.Item7}", Runner.onFinishedToString(name, r), Requested: requested),
            TestResult.Exhausted e => new PropertyOutcome(result.Name, property.Name, e.Item.NumberOfTests, false, seconds,
                null, null, Runner.onFinishedToString(name, r), Exhausted: true, Requested: requested),
            _ => throw new InvalidOperationException("unknown FsCheck result"),
        };
    }

    private sealed class CapturingRunner : IRunner
    {
        public TestResult? Result { get; private set; }
        public void OnStartFixture(Type t) { }
        public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every) { }
        public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink) { }
        public void OnFinished(string name, TestResult testResult) => Result = testResult;
    }
}
