using Verifier.Exact;
using Verifier.Continuous.GlobalLp;
using Verifier.Continuous.Univariate;
using Verifier.Exact.Certificates;
using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Exact.Univariate;
using Verifier.Orchestration.Drivers;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Formats;
using Verifier.Shared.Formats.Onnx;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier;

/// <summary>The sparsest interpolant of <see cref="ReluInterpolation.Sparsest"/>. <see cref="Count"/> is the objective
/// value of <see cref="Network"/> (neurons or nonzero parameters); <see cref="SolveStatus.Optimal"/> means it equals
/// the proven <see cref="LowerBound"/> and the network was re-checked exactly.</summary>
public sealed record SparsestAnswer(SolveStatus Status, string Method, SparsityObjective Objective, bool Skip,
    int? Count, int LowerBound, ShallowReluNetwork? Network, bool Verified, string Proof);

/// <summary>The global minimiser of the ℓ^p path norm Σ_k |v_k|^p ‖(w_k, b_k)‖^p subject to interpolation.</summary>
public sealed record LpAnswer(double P, double Value, bool Certified, double LowerBound, double UpperBound, ShallowReluNetwork? Network);

/// <summary>The critical exponent p*: for every p &lt; p* the ℓ^p minimisers are sparsest. [Lower, Upper] is a certified
/// bracket in every dimension (in d &gt; 1: Lower from Thm 4.1 with exact Cramer bounds, Upper from an interpolant
/// cheaper than every (exactly enumerated) sparsest one, or a certified non-sparsest minimiser, or the trivial 1); <see cref="PStar"/> is an estimate inside it; <see cref="Exact"/> when the
/// bracket is at most 1e-9 wide. <see cref="Sparsest"/> is the sparsest count.</summary>
public sealed record PStarAnswer(double? PStar, double? Lower, double? Upper, bool Exact, int? Sparsest, string Method);

/// <summary>The exact verdict on a network: <see cref="Interpolates"/> is decided in rational arithmetic;
/// <see cref="MaxError"/> is the floating error, for information only.</summary>
public sealed record CheckAnswer(bool Interpolates, double MaxError, int FirstMismatch, int Neurons, int Parameters);

/// <summary>How far a network is from the sparsest interpolant of the same architecture: <see cref="Excess"/> =
/// network count − proven sparsest count (null unless the sparsest count is proven optimal);
/// <see cref="ExcessAtMost"/> = network count − proven lower bound.</summary>
public sealed record SparsityGap(int NetworkCount, SparsestAnswer Sparsest, int? Excess, int ExcessAtMost);

/// <summary>
/// The small public facade of the library: read data and networks, solve for the sparsest interpolant, the ℓ^p
/// minimiser and p*, and check a network exactly. Every verdict is decided in exact rational arithmetic.
/// Architecture and objective follow the paper: in 1-D a free linear term and the neuron count, in d &gt; 1 no linear
/// term and the count of nonzero parameters.
/// </summary>
public static class ReluInterpolation
{
    /// <summary>Reads a CSV (x1,…,xd,y) or JSON dataset; numbers are parsed exactly (0.1 is 1/10).</summary>
    public static Dataset ReadData(string path) => DatasetReader.ReadFile(path);

    /// <summary>A dataset from doubles, each taken at its exact binary value.</summary>
    public static Dataset Data(double[][] x, double[] y)
    {
        if (x.Length != y.Length || x.Length == 0) throw new ArgumentException("x and y must have the same, positive length");
        int d = x[0].Length;
        if (x.Any(r => r.Length != d)) throw new ArgumentException("every input must have the same dimension");
        return Dataset.Create(d, x.SelectMany(r => r).Select(Rational.FromDouble).ToArray(), y.Select(Rational.FromDouble).ToArray());
    }

    /// <summary>Reads a network: an ONNX file exported by PyTorch (by the .onnx extension, see
    /// <see cref="OnnxNetworkReader"/>) or the JSON network format.</summary>
    public static ShallowReluNetwork ReadNetwork(string path) =>
        OnnxNetworkReader.IsOnnxPath(path) ? OnnxNetworkReader.ReadFile(path).Network : NetworkJson.ReadFile(path);

    /// <summary>The provably sparsest interpolating network (problems (3) and (9) of the paper). 1-D data with the
    /// linear term is solved exactly by the univariate run decomposition (no time limit); otherwise by the exact
    /// combinatorial Benders solver within <paramref name="timeLimitSeconds"/>.</summary>
    public static SparsestAnswer Sparsest(Dataset data, bool? skip = null, SparsityObjective? objective = null, double timeLimitSeconds = 60, int threads = 1)
    {
        var problem = SparsestProblem.WithDefaults(data, skip, objective);
        IExactSolver solver = ExactSolvers.Default(problem, new MipOptions(timeLimitSeconds, threads));
        var verdict = SparsestVerdict.Decide(problem, solver.Solve(problem)); // the one status decision; throws on a solver defect
        return new SparsestAnswer(verdict.Status, solver.Name, problem.Objective, problem.Skip, verdict.Count, verdict.LowerBound,
            verdict.Network, verdict.Verified, verdict.Proof);
    }

    /// <summary>The global minimiser of the ℓ^p path norm (0 &lt; p &lt; 1) subject to interpolation: in 1-D the exact
    /// dynamic programme over block partitions (Thm 3.1); in d &gt; 1 branch and bound over activation patterns, seeded
    /// with the exact ℓ^0 network (the time limit covers both).</summary>
    public static LpAnswer MinimiseLp(Dataset data, double p, double timeLimitSeconds = 60)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), "p must lie in (0, 1)");
        if (data.Dimension != 1)
        {
            var r = SeededGlobalLp.Solve(data, p, timeLimitSeconds).Lp;
            return new LpAnswer(p, r.UpperBound, r.Certified, r.LowerBound, r.UpperBound, r.Network);
        }
        var solution = MinVpDynamicProgram.Solve(UnivariateStructure.Analyze(data), p);
        var network = solution.Partition.ToNetwork();
        // "certified" is only said of a network that interpolates exactly (as the CLI's lp checks it).
        if (InterpolationCheck.Check(network, data) is { Interpolates: false } miss)
            throw new InvalidOperationException($"the ℓ^p dynamic programme's network misses point {miss.FirstMismatch} exactly");
        return new LpAnswer(p, solution.Value, true, solution.Value, solution.Value, network);
    }

    /// <summary>p*: below it the ℓ^p minimiser is a sparsest interpolant (Thms 3.2 and 4.1). In 1-D a certified bracket
    /// (<see cref="PStarAnswer.Exact"/> when at most 1e-9 wide); in d &gt; 1 a certified bracket too (lower end from Thm 4.1
    /// with exact Cramer bounds, upper end from an interpolant cheaper than every sparsest one — all enumerated exactly —
    /// or a certified non-sparsest ℓ^p minimiser, or the trivial 1), with the value
    /// an unproven estimate from certified probes unless the bracket is exact.</summary>
    public static PStarAnswer PStar(Dataset data, double timeLimitSeconds = 60)
    {
        if (data.Dimension != 1)
        {
            var m = MultivariatePStar.Compute(data, timeLimitSeconds);
            return new PStarAnswer(m.Estimate, m.Lower, m.Upper, m.Exact, m.Sparsest, m.Method);
        }
        var r = UnivariatePStar.Compute(UnivariateStructure.Analyze(data));
        return new PStarAnswer(r.PStar, r.Lower, r.Upper, r.Exact, r.SparsestNeurons, "univariate");
    }

    /// <summary>Whether the network interpolates the data exactly (rational arithmetic), with its sparsity.</summary>
    public static CheckAnswer Check(ShallowReluNetwork network, Dataset data)
    {
        var v = InterpolationCheck.Check(network, data);
        return new CheckAnswer(v.Interpolates, v.MaxError, v.FirstMismatch, SparsityMeasures.ActiveNeurons(network), SparsityMeasures.NonzeroParameters(network));
    }

    /// <summary>Compares a network with the sparsest interpolant of an architecture that contains it: with the free
    /// linear term when the network has one (an output bias counts), without it otherwise; the objective is the
    /// paper's default for the dimension. So when the network interpolates, <see cref="SparsityGap.Excess"/> ≥ 0.</summary>
    public static SparsityGap CompareWithSparsest(ShallowReluNetwork network, Dataset data, double timeLimitSeconds = 60)
    {
        var sparsest = Sparsest(data, skip: network.Skip is not null, timeLimitSeconds: timeLimitSeconds);
        int count = sparsest.Objective == SparsityObjective.Neurons
            ? SparsityMeasures.ActiveNeurons(network)
            : SparsityMeasures.NonzeroParameters(network);
        int? excess = sparsest.Status == SolveStatus.Optimal && sparsest.Count is { } c ? count - c : null;
        return new SparsityGap(count, sparsest, excess, count - sparsest.LowerBound);
    }
}
