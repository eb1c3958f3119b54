using System.Text;
using System.Text.Json.Nodes;
using Verifier.Orchestration.Corpus;
using Verifier.Exact.Problems;
using Verifier.Shared.Data;
using Xunit;
using Verifier.Orchestration.Data;

namespace Verifier.Tests.Orchestration.Corpus;

/// <summary>Resuming a corpus file: complete lines are read back by streaming, a torn tail is cut at its exact byte offset.</summary>
public class JsonlCorpusFileTests
{
    private static readonly CorpusSpec Spec = new(1, 5, 5, 10, Seed: 1, InstanceKind.Random, Objective: null, [], TimeLimitSeconds: 1);

    private static string TempPath() => Path.Combine(Path.GetTempPath(), $"verifier-jsonl-{Guid.NewGuid():N}.jsonl");

    /// <summary>A line the resume reader accepts (it checks only "id" and "corpus"), padded with multi-byte text.</summary>
    private static string Line(long id, int pad) =>
        new JsonObject { ["id"] = id, ["corpus"] = Spec.ToJson(), ["pad"] = new string('ℓ', pad) }.ToJsonString(JsonlCorpusFile.LineOptions) + "\n";

    [Fact]
    public void LinesAcrossChunkBoundariesAreReadAndTheTornTailIsCutAtItsExactByteOffset()
    {
        string path = TempPath();
        try
        {
            // ~3.6 MB of 3-byte characters in lines of varying length, so lines straddle the reader's 1 MiB chunks.
            var sb = new StringBuilder();
            for (int i = 0; i < 400; i++) sb.Append(Line(i, 1000 + 37 * i % 2000));
            string tail = "{\"id\":400,\"pad\":\"ℓℓ";
            File.WriteAllText(path, sb + tail);
            long complete = Encoding.UTF8.GetByteCount(sb.ToString());
            using (var file = JsonlCorpusFile.OpenForAppend(path, Spec.ToJson()))
            {
                Assert.Equal(400, file.CompleteIds.Count);
                Assert.Equal(Encoding.UTF8.GetByteCount(tail), file.TruncatedBytes);
                file.Append(JsonNode.Parse(Line(400, 3).TrimEnd('\n'))!.AsObject());
            }
            var text = File.ReadAllText(path);
            Assert.Equal(sb + Line(400, 3), text);
            Assert.Equal(complete + Encoding.UTF8.GetByteCount(Line(400, 3)), new FileInfo(path).Length);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AFileLargerThanTwoGigabytesIsStreamedNotLoaded()
    {
        // One complete record followed by a (sparse) torn tail of 2 GiB + 1 KiB of zero bytes without a newline:
        // reading the whole file into one array cannot work; streaming keeps the record and cuts the tail exactly.
        string path = TempPath();
        try
        {
            string first = Line(0, 10);
            long size = (1L << 31) + 1024;
            using (var f = new FileStream(path, FileMode.CreateNew))
            {
                f.Write(Encoding.UTF8.GetBytes(first));
                f.SetLength(size);
            }
            using (var file = JsonlCorpusFile.OpenForAppend(path, Spec.ToJson()))
            {
                Assert.Equal([0L], file.CompleteIds.ToArray());
                Assert.Equal(size - Encoding.UTF8.GetByteCount(first), file.TruncatedBytes);
            }
            Assert.Equal(first, File.ReadAllText(path));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AnotherCorpusInTheFileIsRejectedWithItsLineAndNothingIsCut()
    {
        string path = TempPath();
        try
        {
            string other = Line(1, 5).Replace("\"seed\":1", "\"seed\":2", StringComparison.Ordinal);
            string text = Line(0, 5) + "\n" + other + "{\"torn";
            File.WriteAllText(path, text);
            var e = Assert.Throws<DataFormatException>(() => JsonlCorpusFile.OpenForAppend(path, Spec.ToJson()));
            Assert.Contains($"{path}:3:", e.Message);
            Assert.Equal(text, File.ReadAllText(path));
        }
        finally { File.Delete(path); }
    }
}

/// <summary>Writing a corpus: a record that throws is reported with its id, skipped, and the run goes on.</summary>
public class CorpusWriterTests
{
    [Fact]
    public void AnInstanceThatThrowsIsReportedWithItsIdAndTheOthersAreWritten()
    {
        var spec = new CorpusSpec(1, 5, 5, 4, Seed: 3, InstanceKind.Random, Objective: null, [], TimeLimitSeconds: 1);
        string path = Path.Combine(Path.GetTempPath(), $"verifier-writer-{Guid.NewGuid():N}.jsonl");
        var reports = new List<CorpusProgress>();
        try
        {
            CorpusWriteSummary summary;
            using (var file = JsonlCorpusFile.OpenForAppend(path, spec.ToJson()))
                summary = CorpusWriter.Write(spec, file, [0, 1, 2, 3], new SyncProgress(reports.Add),
                    (s, i) => i == 2 ? throw new ArgumentException("solver bug") : CorpusRecordBuilder.Build(s, i));
            Assert.Equal(3, summary.Written);
            var f = Assert.Single(summary.Failures);
            Assert.Equal(2, f.Id);
            Assert.Equal("ArgumentException: solver bug", f.Problem);
            Assert.Equal(4, reports.Count);
            Assert.Equal(f, reports[2].Failure);
            Assert.Null(reports[3].Failure);
            using var reopened = JsonlCorpusFile.OpenForAppend(path, spec.ToJson());
            Assert.Equal([0L, 1, 3], reopened.CompleteIds.Order().ToArray());
        }
        finally { File.Delete(path); }
    }

    private sealed class SyncProgress(Action<CorpusProgress> report) : IProgress<CorpusProgress>
    {
        public void Report(CorpusProgress value) => report(value);
    }
}
