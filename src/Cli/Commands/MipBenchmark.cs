using System.Globalization;
using Verifier.Exact.Certificates;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier bench mip</c>: the exact multivariate solver on random data (3-decimal inputs and labels on
/// [−1, 1]) and on data planted from a random 2- or 3-neuron network, with fixed seeds, one thread.
/// </summary>
public static class MipBenchmark
{
    public static int Run(string sizes, string dims, double limit, int seed, string objectives, string kinds, string formulations)
    {
        var formulationList = formulations.Split(',').Select(f => f.Trim()).ToArray();
        var (lo, hi) = ParseRange(sizes);
        var dimList = dims.Split(',').Select(int.Parse).ToArray();
        var objList = objectives.Split(',').Select(o => o.Trim() == "neurons" ? SparsityObjective.Neurons : SparsityObjective.Parameters).ToArray();
        var kindList = kinds.Split(',').Select(k => k.Trim()).ToArray();
        Console.WriteLine("| N | d | data | objective | formulation | status | value | lower bound | seconds | master solves | cuts | verified |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (int d in dimList)
            foreach (string kind in kindList)
                for (int n = lo; n <= hi; n++)
                {
                    var data = kind == "planted" ? Planted(n, d, seed * 1000 + n * 10 + d) : RandomData(n, d, seed * 1000 + n * 10 + d);
                    foreach (var objective in objList)
                    foreach (var formulation in formulationList)
                    {
                        var problem = new SparsestProblem(data, Skip: d == 1, objective);
                        IExactSolver solver = formulation switch
                        {
                            "pattern" => new PatternMip(new MipOptions(limit)),
                            "direct" => new DirectMip(new MipOptions(limit)),
                            _ => new CombinatorialBendersSolver(new MipOptions(limit)),
                        };
                        var result = solver.Solve(problem);
                        bool verified = result.Witness is not null && CertificateCheck.Verify(problem, result).Verified;
                        var st = result.Statistics!;
                        Console.Error.WriteLine($"N={n} d={d} {kind} {objective} {formulation}: " +
                                                string.Join(" ", st.Select(kv => $"{kv.Key}={kv.Value.ToString("G4", CultureInfo.InvariantCulture)}")));
                        Console.WriteLine($"| {n} | {d} | {kind} | {objective.ToString().ToLowerInvariant()} | {formulation} | {result.Status.ToString().ToLowerInvariant()} | " +
                                          $"{result.Objective?.ToString() ?? "-"} | {result.LowerBound} | {st["seconds"].ToString("F2", CultureInfo.InvariantCulture)} | " +
                                          $"{st.GetValueOrDefault("iterations")} | {st.GetValueOrDefault("cuts")} | {verified} |" +
                                          (st.TryGetValue("modelBound", out var mb) ? $" model bound {mb:G4} (under guessed M) |" : ""));
                    }
                }
        return ExitCodes.Success;
    }

    private static (int, int) ParseRange(string text)
    {
        var parts = text.Split("..");
        return parts.Length == 2 ? (int.Parse(parts[0]), int.Parse(parts[1])) : (int.Parse(text), int.Parse(text));
    }

    private static Rational Milli(Random rng) => Rational.Create(rng.Next(-1000, 1001), 1000);

    /// <summary>Distinct random inputs with 3 decimals and labels uniform on [−1, 1] (3 decimals).</summary>
    public static Dataset RandomData(int n, int d, int seed)
    {
        var rng = new Random(seed);
        var xs = new List<Rational>();
        var seen = new HashSet<string>();
        while (seen.Count < n)
        {
            var x = Enumerable.Range(0, d).Select(_ => Milli(rng)).ToArray();
            if (seen.Add(string.Join(",", x))) xs.AddRange(x);
        }
        return Dataset.Create(d, xs.ToArray(), Enumerable.Range(0, n).Select(_ => Milli(rng)).ToArray());
    }

    /// <summary>Random inputs labelled by a random network of 2 or 3 neurons with 1-decimal weights (no skip).</summary>
    public static Dataset Planted(int n, int d, int seed)
    {
        var rng = new Random(seed);
        int k = 2 + rng.Next(2);
        var neurons = Enumerable.Range(0, k).Select(_ => new Neuron(
            Enumerable.Range(0, d).Select(_ => Rational.Create(rng.Next(-10, 11), 10)).ToArray(),
            Rational.Create(rng.Next(-10, 11), 10), rng.Next(2) == 0 ? Rational.One : Rational.MinusOne)).ToArray();
        var net = new ShallowReluNetwork(d, neurons, d == 1 ? new LinearSkip([Rational.Zero], Rational.Zero) : null);
        var random = RandomData(n, d, seed);
        var ys = Enumerable.Range(0, random.Count).Select(i => net.EvaluateExact(random.Input(i))).ToArray();
        var xs = Enumerable.Range(0, random.Count).SelectMany(i => random.Input(i).ToArray()).ToArray();
        return Dataset.Create(d, xs, ys);
    }
}
