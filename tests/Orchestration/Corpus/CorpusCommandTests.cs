using Verifier.Orchestration.Corpus;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Verifier.Tests.Cli;
using Xunit;
using static Verifier.Tests.Cli.CliRunner;

namespace Verifier.Tests.Orchestration.Corpus;

/// <summary>The corpus commands as users run them: determinism across shards, resumption after a kill, validation.</summary>
public class CorpusCommandTests
{
    private static string TempPath() => Path.Combine(Path.GetTempPath(), $"verifier-corpus-{Guid.NewGuid():N}.jsonl");

    /// <summary>The records without their timings, sorted by id (what must not depend on how the corpus was made).</summary>
    private static List<string> Canonical(params string[] files) =>
        files.SelectMany(File.ReadAllLines)
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .Select(o => { o.Remove("timings"); return o; })
            .OrderBy(o => (long)o["id"]!)
            .Select(o => o.ToJsonString())
            .ToList();

    private static string[] Generate(string outPath, params string[] extra) =>
        ["generate", "--dim", "1", "--points", "5..25", "--count", "40", "--seed", "3", "--kind", "planted", "--p", "0.2,0.6", "--out", outPath, .. extra];

    [Fact]
    public void TwoShardsConcatenatedEqualTheUnshardedCorpus()
    {
        string all = TempPath(), s0 = TempPath(), s1 = TempPath();
        try
        {
            Assert.Equal(0, Run(Generate(all)).ExitCode);
            Assert.Equal(0, Run(Generate(s0, "--shard", "0/2")).ExitCode);
            Assert.Equal(0, Run(Generate(s1, "--shard", "1/2")).ExitCode);
            var whole = Canonical(all);
            Assert.Equal(40, whole.Count);
            Assert.Equal(whole, Canonical(s0, s1));
            Assert.All(File.ReadAllLines(s0), l => Assert.Equal(0, (long)JsonNode.Parse(l)!["id"]! % 2));
            Assert.Equal(0, Run("validate", all).ExitCode);
        }
        finally { foreach (var f in new[] { all, s0, s1 }) File.Delete(f); }
    }

    [Fact]
    public void TwoDimensionalShardsAgreeToo()
    {
        string all = TempPath(), s0 = TempPath(), s1 = TempPath();
        string[] Args(string o, params string[] extra) =>
            ["generate", "--dim", "2", "--points", "3..4", "--count", "2", "--seed", "9", "--kind", "grid", "--time-limit", "30", "--out", o, .. extra];
        try
        {
            Assert.Equal(0, Run(Args(all)).ExitCode);
            Assert.Equal(0, Run(Args(s0, "--shard", "0/2")).ExitCode);
            Assert.Equal(0, Run(Args(s1, "--shard", "1/2")).ExitCode);
            Assert.Equal(Canonical(all), Canonical(s0, s1));
            var first = JsonNode.Parse(File.ReadLines(all).First())!;
            Assert.Equal("optimal", (string?)first["sparsest"]!["status"]);
            Assert.Empty(first["lp"]!.AsArray()); // no --p: no ℓ^p minimisers asked for
            Assert.Null(first["lpReason"]);
            // Even without ℓ^p minimisers the record carries p*'s certified bracket; on data this small it comes from
            // every basic solution and is exact (the validator below re-runs that enumeration).
            double lower = (double)first["pStar"]!["lower"]!, upper = (double)first["pStar"]!["upper"]!;
            Assert.True(0 < lower && lower <= upper && upper <= 1, $"[{lower}, {upper}]");
            Assert.Equal(CorpusRecordBuilder.EnumeratedPStarMethod, (string?)first["pStar"]!["method"]);
            Assert.True((bool)first["pStar"]!["exact"]!);
            var v = Run("validate", all);
            Assert.Equal(0, v.ExitCode);
        }
        finally { foreach (var f in new[] { all, s0, s1 }) File.Delete(f); }
    }

    [Fact]
    public void AKilledAndResumedRunEqualsAnUninterruptedOne()
    {
        string whole = TempPath(), killed = TempPath();
        string[] Args(string o) => ["generate", "--dim", "1", "--points", "10..40", "--count", "1500", "--seed", "11", "--out", o];
        try
        {
            // Start the built CLI and kill it once some records are on disk.
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "verifier.dll"));
            foreach (var a in Args(killed)) psi.ArgumentList.Add(a);
            using (var p = Process.Start(psi)!)
            {
                var clock = Stopwatch.StartNew();
                while (!p.HasExited && (!File.Exists(killed) || new FileInfo(killed).Length < 100_000) && clock.Elapsed.TotalSeconds < 60)
                    Thread.Sleep(5);
                Assert.False(p.HasExited, "the run finished before it could be killed; make the corpus larger");
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
            }
            int linesAtKill = File.ReadAllLines(killed).Length;
            Assert.InRange(linesAtKill, 1, 1499);
            // A torn tail as a kill inside a write would leave it (kills between writes leave none).
            File.AppendAllText(killed, "{\"id\":99999,\"generator\":{\"kind\":\"ran");

            var resumed = Run(Args(killed));
            Assert.Equal(0, resumed.ExitCode);
            Assert.Contains("torn last line", resumed.Stderr);
            Assert.Contains("resuming", resumed.Stderr);
            Assert.Equal(0, Run(Args(whole)).ExitCode);

            var bytes = File.ReadAllBytes(killed);
            Assert.Equal((byte)'\n', bytes[^1]);
            Assert.Equal(Canonical(whole), Canonical(killed));
            Assert.Equal(1500, File.ReadAllLines(killed).Length);

            // Resuming a complete corpus writes nothing.
            var again = Run(Args(killed));
            Assert.Equal(0, again.ExitCode);
            Assert.Equal(bytes, File.ReadAllBytes(killed));
        }
        finally { File.Delete(whole); File.Delete(killed); }
    }

    [Fact]
    public void ValidateRejectsTamperedRecordsWithTheirLineNumbers()
    {
        string path = TempPath();
        try
        {
            Assert.Equal(0, Run("generate", "--dim", "1", "--points", "8", "--count", "6", "--seed", "1", "--p", "0.5", "--out", path).ExitCode);
            Assert.Equal(0, Run("validate", path).ExitCode);
            var lines = File.ReadAllLines(path);

            // Line 2: a label changed, so the witness no longer interpolates. Line 4: the count lowered with its bound.
            var r2 = JsonNode.Parse(lines[1])!.AsObject();
            r2["data"]!["y"]![0] = "12345/1000";
            lines[1] = r2.ToJsonString();
            var r4 = JsonNode.Parse(lines[3])!.AsObject();
            int c = (int)r4["sparsest"]!["count"]!;
            r4["sparsest"]!["count"] = c - 1;
            r4["sparsest"]!["lowerBound"] = c - 1;
            r4["sparsest"]!["upperBound"] = c - 1;
            lines[3] = r4.ToJsonString();
            lines[5] = lines[0]; // a repeated id
            File.WriteAllLines(path, lines);

            var v = Run("validate", path);
            Assert.Equal(1, v.ExitCode);
            Assert.Contains($"{path}:2: id 1:", v.Stdout);
            Assert.Contains("does not interpolate", v.Stdout);
            Assert.Contains($"{path}:4: id 3: sparsest.count", v.Stdout);
            Assert.Contains($"{path}:6: id 0: id 0 repeats the record of line 1", v.Stdout);
            Assert.DoesNotContain($"{path}:1:", v.Stdout);
            Assert.DoesNotContain($"{path}:3:", v.Stdout);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ValidateRejectsATimeoutThatClaimsACountAndATornLine()
    {
        string path = TempPath();
        try
        {
            Assert.Equal(0, Run("generate", "--dim", "1", "--points", "6", "--count", "2", "--seed", "2", "--out", path).ExitCode);
            var lines = File.ReadAllLines(path);
            var r = JsonNode.Parse(lines[0])!.AsObject();
            r["sparsest"]!["status"] = "timeout";
            lines[0] = r.ToJsonString();
            File.WriteAllText(path, lines[0] + "\n" + lines[1][..20]);
            var v = Run("validate", path);
            Assert.Equal(1, v.ExitCode);
            Assert.Contains($"{path}:1: id 0: a timeout must not carry a count", v.Stdout);
            Assert.Contains($"{path}:2: torn last line", v.Stdout);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void BadInputExitsWithTwo()
    {
        Assert.Equal(2, Run("validate", TempPath()).ExitCode);
        using (var empty = CliRunner.TempFile.Empty(".jsonl"))
        {
            var v = Run("validate", empty.Path);
            Assert.Equal(2, v.ExitCode);
            Assert.Contains("empty corpus", v.Stderr);
            Assert.Equal("", v.Stdout);
        }
        string path = TempPath();
        try
        {
            Assert.Equal(0, Run("generate", "--dim", "1", "--points", "6", "--count", "2", "--seed", "2", "--out", path).ExitCode);
            // Resuming with other arguments would mix two corpora in one file.
            var other = Run("generate", "--dim", "1", "--points", "6", "--count", "2", "--seed", "3", "--out", path);
            Assert.Equal(2, other.ExitCode);
            Assert.Contains($"{path}:1:", other.Stderr);
            Assert.Equal(2, Run("generate", "--dim", "1", "--points", "9..4", "--count", "2", "--seed", "2", "--out", path).ExitCode);
            Assert.Equal(2, Run("generate", "--dim", "1", "--points", "4", "--count", "2", "--seed", "2", "--p", "1.5", "--out", path).ExitCode);
            Assert.Equal(2, Run("generate", "--dim", "1", "--points", "4", "--count", "2", "--seed", "2", "--shard", "2/2", "--out", path).ExitCode);
            Assert.Equal(2, File.ReadAllLines(path).Length);
        }
        finally { File.Delete(path); }
    }
}
