using System.CommandLine;
using System.Text.Json.Nodes;
using Verifier.Orchestration.Corpus;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier validate FILE.jsonl</c>: re-checks every record of a corpus (what is re-derived and what is only
/// checked for consistency: <see cref="CorpusValidator"/>; for d &gt; 1 optimality is not re-proved). Exit 0 when
/// all pass, 1 when some fail, 2 when the file is unreadable or holds no record (an empty corpus proves nothing),
/// 3 when the check of some record threw an unexpected error (every record is still checked and reported first).
/// </summary>
public static class ValidateCommand
{
    public const int FailureListLimit = 100;

    public static Command Build()
    {
        var json = CommonOptions.Json();
        var file = new Argument<string>("FILE") { Description = "a JSON-lines corpus written by 'verifier generate' (or elsewhere)" };
        var cmd = new Command("validate", "Re-check a corpus: every network interpolates exactly, counts, statuses and bounds agree; in 1-D the sparsest count, ℓ^p minimisers and p* are recomputed, for d > 1 optimality is only checked for consistency") { file, json };
        cmd.SetAction(r => ExitCodes.Guard(() => Run(r.GetValue(file)!, r.GetValue(json))));
        return cmd;
    }

    private static int Run(string path, bool json)
    {
        var result = CorpusValidator.Validate(path);
        int exit = result.AllPass ? ExitCodes.Success : result.InternalErrors > 0 ? ExitCodes.InternalError : ExitCodes.CheckFailed;
        if (json)
        {
            CommonOptions.PrintJson(new JsonObject
            {
                ["file"] = path,
                ["records"] = result.Records,
                ["allPass"] = result.AllPass,
                ["failed"] = result.Failures.Count,
                ["internalErrors"] = result.InternalErrors,
                ["statusCounts"] = new JsonObject(result.StatusCounts.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
                ["failures"] = new JsonArray(result.Failures.Take(FailureListLimit).Select(f => (JsonNode)new JsonObject
                {
                    ["line"] = f.Line, ["id"] = f.Id, ["problem"] = f.Problem, ["internal"] = f.Internal,
                }).ToArray()),
            });
            return exit;
        }
        foreach (var f in result.Failures.Take(FailureListLimit))
            Console.WriteLine($"{path}:{f.Line}: {(f.Id is { } id ? $"id {id}: " : "")}{f.Problem}");
        if (result.Failures.Count > FailureListLimit) Console.WriteLine($"… and {result.Failures.Count - FailureListLimit} more failing records");
        string statuses = string.Join(", ", result.StatusCounts.Select(kv => $"{kv.Value} {kv.Key}"));
        Console.WriteLine(result.AllPass
            ? $"{path}: all {result.Records} records pass the exact re-check ({statuses})"
            : $"{path}: {result.Failures.Count} of {result.Records} records FAIL the exact re-check" +
              (result.InternalErrors > 0 ? $" ({result.InternalErrors} of them by an internal error of the check)" : ""));
        return exit;
    }
}
