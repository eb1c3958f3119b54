using Verifier.Orchestration.Corpus;
using System.Globalization;
using System.Text.Json.Nodes;
using Verifier.Exact.Certificates;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Verifier.Orchestration.Data;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier bench mip</c>: the exact multivariate solver on random data (3-decimal inputs and labels on
/// [−1, 1]) and on data planted from a random 2- or 3-neuron network, with fixed seeds, one thread. One Markdown
/// row per solve: formulations <c>benders</c> (the default exact method), <c>pattern</c> (monolithic Lemma 4.1
/// model, SCIP with indicators) and <c>direct</c> (big-M baseline, SCIP).
/// </summary>
/// <remarks>
/// The <c>nodes</c> column: for <c>benders</c>, the statistic <c>nodes</c> of <see cref="CombinatorialBendersSolver"/>:
/// the depth-first master's search nodes (d ≥ 2 by default; all workers together with several threads), or CP-SAT
/// branch decisions summed over all master solves with the CP-SAT master (1-D by default). For <c>pattern</c> and <c>direct</c> it is
/// <c>n/a</c>: OR-Tools 9.15 ModelBuilder's <c>Solver</c> exposes only objective, bound, wall and user time, and
/// SCIP's own log (which has "Solving Nodes") goes straight to the process's stdout, not to its log callback.
/// </remarks>
public static class MipBenchmark
{
    public static readonly string[] Formulations = ["benders", "pattern", "direct"];
    public static readonly string[] Kinds = ["random", "planted"];

    private const string Header =
        "| N | d | data | objective | formulation | status | value | lower bound | seconds | nodes | master solves | cuts | verified |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    /// <summary>The grid of solves, validated as a whole before anything is written.</summary>
    private sealed record Plan(int Lo, int Hi, int[] Dims, SparsityObjective[] Objectives, string[] Kinds, string[] Formulations);

    public static int Run(string sizes, string dims, double limit, int seed, string objectives, string kinds, string formulations,
        bool stopAfterTimeout = false, string? outPath = null, int threads = 1, bool json = false)
    {
        var plan = Validate(sizes, dims, limit, objectives, kinds, formulations, threads);
        using var output = new TableOutput(outPath, json);
        output.Emit($"Time limit {limit.ToString(CultureInfo.InvariantCulture)} s per solve, {threads} solver thread{(threads == 1 ? "" : "s")}, data seed {seed}.");
        output.Emit("");
        output.Emit(Header);
        var series = new TimeoutSeries();
        foreach (int d in plan.Dims)
            foreach (string kind in plan.Kinds)
                for (int n = plan.Lo; n <= plan.Hi; n++)
                {
                    Dataset? data = null;
                    foreach (var objective in plan.Objectives)
                    foreach (var formulation in plan.Formulations)
                    {
                        var key = new SeriesKey(d, kind, objective, formulation);
                        if (stopAfterTimeout && series.TimedOutAt(key) is int at)
                        {
                            output.Emit($"| {n} | {d} | {kind} | {Name(objective)} | {formulation} | skipped (timed out at N = {at}) | | | | | | | |");
                            continue;
                        }
                        data ??= kind == "planted" ? BenchmarkData.Planted(n, d, seed * 1000 + n * 10 + d) : BenchmarkData.Random(n, d, seed * 1000 + n * 10 + d);
                        output.Emit(SolveRow(key, n, data, limit, threads, series));
                    }
                }
        if (json)
            CommonOptions.PrintJson(new JsonObject
            {
                ["timeLimit"] = limit, ["threads"] = threads, ["seed"] = seed, ["rows"] = output.Table.Rows,
            });
        return ExitCodes.Success;
    }

    /// <summary>Checks every option (threads, points, dims, objectives, kinds, formulations, time limit, in that order).</summary>
    private static Plan Validate(string sizes, string dims, double limit, string objectives, string kinds, string formulations, int threads)
    {
        CommonOptions.ValidateThreads(threads);
        var (lo, hi) = ParseRange(sizes);
        var dimList = ParseValues(dims, "--dims", text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int d) && d >= 1 ? d : (int?)null);
        var objList = ParseValues(objectives, "--objectives", text => text switch
        {
            "neurons" => SparsityObjective.Neurons,
            "parameters" => SparsityObjective.Parameters,
            _ => (SparsityObjective?)null,
        });
        var kindList = ParseList(kinds, "--kinds", text => Kinds.Contains(text) ? text : null);
        var formulationList = ParseList(formulations, "--formulations", text => Formulations.Contains(text) ? text : null);
        CommonOptions.ValidateTimeLimit(limit);
        return new Plan(lo, hi, dimList, objList, kindList, formulationList);
    }

    /// <summary>One solve and its table row; the solver's statistics go to stderr, the timeout to <paramref name="series"/>.</summary>
    private static string SolveRow(SeriesKey key, int n, Dataset data, double limit, int threads, TimeoutSeries series)
    {
        var problem = new SparsestProblem(data, Skip: key.Dimension == 1, key.Objective);
        IExactSolver solver = key.Formulation switch
        {
            "pattern" => new PatternMip(new MipOptions(limit, threads)),
            "direct" => new DirectMip(new MipOptions(limit, threads)),
            _ => new CombinatorialBendersSolver(new MipOptions(limit, threads)),
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = solver.Solve(problem);
        double wall = clock.Elapsed.TotalSeconds;
        var verdict = SparsestVerdict.Decide(problem, result);
        var st = result.Statistics?.ToDictionary() ?? new Dictionary<string, double>();
        // The solver's own clock when it reports one (it may run out during the pattern enumeration
        // and report none), else the wall time of the Solve call.
        double seconds = st.TryGetValue("seconds", out var own) ? own : wall;
        series.Record(key, n, TimeoutSeries.TimedOut(verdict.Status, Math.Max(seconds, wall), limit));
        Console.Error.WriteLine($"N={n} d={key.Dimension} {key.Kind} {Name(key.Objective)} {key.Formulation}: " +
                                string.Join(" ", st.Select(kv => $"{kv.Key}={kv.Value.ToString("G4", CultureInfo.InvariantCulture)}")));
        return FormatRow(key, n, verdict, st, seconds);
    }

    /// <summary>The Markdown row of one solve: the verdict's status, count and proven lower bound (with SCIP's own bound,
    /// which proves nothing, named as such), the time, and the Benders counts.</summary>
    private static string FormatRow(SeriesKey key, int n, SparsestVerdict verdict, IReadOnlyDictionary<string, double> st, double seconds)
    {
        bool isBenders = key.Formulation == "benders";
        string lower = verdict.LowerBound.ToString(CultureInfo.InvariantCulture) +
                       (st.TryGetValue("modelBound", out var mb) ? $" (SCIP bound {mb.ToString("G4", CultureInfo.InvariantCulture)} inside the guessed box, not a proof)" : "");
        return $"| {n} | {key.Dimension} | {key.Kind} | {Name(key.Objective)} | {key.Formulation} | {verdict.StatusName} | " +
               $"{verdict.Count?.ToString(CultureInfo.InvariantCulture) ?? "-"} | {lower} | {seconds.ToString("F2", CultureInfo.InvariantCulture)} | " +
               $"{(st.TryGetValue("nodes", out var nodes) ? nodes.ToString("F0", CultureInfo.InvariantCulture) : "n/a")} | " +
               $"{(isBenders ? st.GetValueOrDefault("iterations").ToString(CultureInfo.InvariantCulture) : "-")} | " +
               $"{(isBenders ? st.GetValueOrDefault("cuts").ToString(CultureInfo.InvariantCulture) : "-")} | {(verdict.Verified ? "yes" : "no")} |";
    }

    private static string Name(SparsityObjective objective) => objective.ToString().ToLowerInvariant();

    /// <summary>Where the table goes: stdout (stderr with <c>--json</c>, where the JSON is the answer), the JSON rows, and
    /// the <c>--out</c> file, flushed after each line so that a partial run stays usable.</summary>
    private sealed class TableOutput(string? outPath, bool json) : IDisposable
    {
        private readonly StreamWriter? _file = outPath is null ? null : OpenOut(outPath);
        private readonly TextWriter _human = json ? Console.Error : Console.Out;

        public JsonTable Table { get; } = new();

        public void Emit(string line)
        {
            _human.WriteLine(line);
            Table.Add(line);
            if (_file is null) return;
            _file.WriteLine(line);
            _file.Flush();
        }

        public void Dispose() => _file?.Dispose();
    }

    private static StreamWriter OpenOut(string path)
    {
        try { return new StreamWriter(path, append: false); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"--out {path}: cannot write the file: {e.Message}");
        }
    }

    private static (int, int) ParseRange(string text)
    {
        if (!CorpusSpec.TryParseRange(text.Replace(" ", ""), out int lo, out int hi) || lo < 1 || lo > hi || hi > 64)
            throw new UsageException($"--points: expected N or LO..HI with 1 ≤ LO ≤ HI ≤ 64, got '{text}'");
        return (lo, hi);
    }

    private static T[] ParseValues<T>(string text, string option, Func<string, T?> parse) where T : struct
    {
        var items = text.Split(',').Select(s => s.Trim()).ToArray();
        var result = new T[items.Length];
        for (int i = 0; i < items.Length; i++)
            result[i] = parse(items[i]) ?? throw new UsageException($"{option}: unknown or invalid value '{items[i]}'");
        return result;
    }

    private static string[] ParseList(string text, string option, Func<string, string?> parse)
    {
        var items = text.Split(',').Select(s => s.Trim()).ToArray();
        return items.Select(item => parse(item) ?? throw new UsageException($"{option}: unknown value '{item}' (allowed: " +
            string.Join(", ", option == "--kinds" ? Kinds : Formulations) + ")")).ToArray();
    }
}

/// <summary>One series of the benchmark table: the solves that differ only in N.</summary>
public readonly record struct SeriesKey(int Dimension, string Kind, SparsityObjective Objective, string Formulation);

/// <summary>
/// The <c>--stop-after-timeout</c> bookkeeping: once a series times out at some N, its larger N are skipped
/// (reported as skipped, never as solved). Pure: no clock, no solver.
/// </summary>
public sealed class TimeoutSeries
{
    private readonly Dictionary<SeriesKey, int> _timedOutAt = new();

    /// <summary>
    /// A solve timed out when it ended without a proof of optimality after using (essentially) its whole time
    /// limit: a non-optimal status after at least 95 % of the limit. A non-optimal result that stops early did not
    /// time out: the pattern model in 1-D, the direct model after SCIP closed its box-restricted gap, or status
    /// <c>timeout</c> reached early because the exact rebuild of SCIP's answer failed.
    /// </summary>
    public static bool TimedOut(SolveStatus status, double seconds, double limit) =>
        status != SolveStatus.Optimal && seconds >= 0.95 * limit;

    /// <summary>Records the outcome at N; the first timeout of a series is kept.</summary>
    public void Record(SeriesKey key, int n, bool timedOut)
    {
        if (timedOut && !_timedOutAt.ContainsKey(key)) _timedOutAt[key] = n;
    }

    /// <summary>The N at which the series first timed out, or null.</summary>
    public int? TimedOutAt(SeriesKey key) => _timedOutAt.TryGetValue(key, out int n) ? n : null;
}
