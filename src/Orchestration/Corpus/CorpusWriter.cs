namespace Verifier.Orchestration.Corpus;

/// <summary>An instance whose record could not be built (an unexpected error): its id and the error.</summary>
public sealed record CorpusBuildFailure(long Id, string Problem);

/// <summary>Progress after each instance: how many are done, the status counts so far, and the failure of this
/// instance if it failed (null otherwise).</summary>
public sealed record CorpusProgress(int Done, int Total, IReadOnlyDictionary<string, int> StatusCounts, CorpusBuildFailure? Failure);

/// <summary>The outcome of <see cref="CorpusWriter.Write(CorpusSpec, JsonlCorpusFile, IReadOnlyList{long}, IProgress{CorpusProgress}?)"/>.</summary>
public sealed record CorpusWriteSummary(int Written, IReadOnlyDictionary<string, int> StatusCounts, IReadOnlyList<CorpusBuildFailure> Failures);

/// <summary>
/// Builds and appends the records of a list of instance ids, one line each. An unexpected exception while
/// building one record (a solver bug, an invalid witness) does not stop the run: that instance is recorded as a
/// <see cref="CorpusBuildFailure"/> with its id, nothing is written for it (so a rerun retries it), and the run
/// goes on with the next id; the caller decides how to report failures (the CLI exits non-zero). Errors of the
/// file itself (writing) are not per-record and propagate. Silent: progress goes through <see cref="IProgress{T}"/>,
/// invoked synchronously after every instance.
/// </summary>
public static class CorpusWriter
{
    public static CorpusWriteSummary Write(CorpusSpec spec, JsonlCorpusFile file, IReadOnlyList<long> ids, IProgress<CorpusProgress>? progress = null) =>
        Write(spec, file, ids, progress, CorpusRecordBuilder.Build);

    /// <summary>As above with the record builder replaceable (tests of the failure handling).</summary>
    internal static CorpusWriteSummary Write(CorpusSpec spec, JsonlCorpusFile file, IReadOnlyList<long> ids,
        IProgress<CorpusProgress>? progress, Func<CorpusSpec, long, CorpusRecord> build)
    {
        var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<CorpusBuildFailure>();
        int written = 0;
        for (int k = 0; k < ids.Count; k++)
        {
            CorpusRecord? record = null;
            CorpusBuildFailure? failure = null;
            try { record = build(spec, ids[k]); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failure = new CorpusBuildFailure(ids[k], $"{e.GetType().Name}: {e.Message}");
                failures.Add(failure);
            }
            if (record is not null)
            {
                file.Append(record.Json);
                written++;
                string status = Verifier.Exact.Certificates.SparsestVerdict.Name(record.Status);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }
            progress?.Report(new CorpusProgress(k + 1, ids.Count, statuses, failure));
        }
        return new CorpusWriteSummary(written, statuses, failures);
    }
}
