using System.CommandLine;
using Verifier.Continuous.Corpus;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier validate FILE.jsonl</c>: re-checks every record of a corpus exactly. Exit 0 all pass, 1 some fail, 2 unreadable.</summary>
public static class ValidateCommand
{
    public const int FailureListLimit = 100;

    public static Command Build()
    {
        var file = new Argument<string>("FILE") { Description = "a JSON-lines corpus written by 'verifier generate' (or elsewhere)" };
        var cmd = new Command("validate", "Re-check a corpus exactly: witnesses interpolate, counts, statuses and bounds agree, 1-D counts recomputed") { file };
        cmd.SetAction(r => ExitCodes.Guard(() => Run(r.GetValue(file)!)));
        return cmd;
    }

    private static int Run(string path)
    {
        var result = CorpusValidator.Validate(path);
        foreach (var f in result.Failures.Take(FailureListLimit))
            Console.WriteLine($"{path}:{f.Line}: {(f.Id is { } id ? $"id {id}: " : "")}{f.Problem}");
        if (result.Failures.Count > FailureListLimit) Console.WriteLine($"… and {result.Failures.Count - FailureListLimit} more failing records");
        string statuses = string.Join(", ", result.StatusCounts.Select(kv => $"{kv.Value} {kv.Key}"));
        Console.WriteLine(result.AllPass
            ? $"{path}: all {result.Records} records pass the exact re-check ({statuses})"
            : $"{path}: {result.Failures.Count} of {result.Records} records FAIL the exact re-check");
        return result.AllPass ? ExitCodes.Success : ExitCodes.CheckFailed;
    }
}
