using FsCheck;
using FsCheck.Fluent;
using Verifier.Exact.Problems;
using Verifier.Proofs.Generators;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;

namespace Verifier.Testing;

/// <summary>
/// FsCheck properties to run against your own sparse-training method (a function from data to a network), on the
/// library's generators (<see cref="UnivariateGenerators"/>, <see cref="MultivariateGenerators"/>,
/// <see cref="PlantedSparseNetworks"/>). Each case is decided exactly: the network must interpolate in rational
/// arithmetic, and its count is compared with the proven sparsest count of the same architecture.
/// </summary>
/// <example><code>SparseTrainingProperties.FindsSparsestUnivariate(MyTrainer.Fit, slack: 1).QuickCheckThrowOnFailure();</code></example>
public static class SparseTrainingProperties
{
    /// <summary>On generated 1-D data (by default <see cref="UnivariateGenerators.AnyUnivariateData"/>), the method's
    /// network interpolates exactly and has at most sparsest + <paramref name="slack"/> active neurons. The sparsest
    /// count is proven in the method's own architecture: with the free linear term by the univariate run
    /// decomposition (exact, no time limit); for a network without it by the exact Benders solver within 60 s
    /// (when that is not proven optimal, the proven lower bound is used, so the check can only be stricter).</summary>
    public static Property FindsSparsestUnivariate(Func<Dataset, ShallowReluNetwork> train, int slack = 0, Gen<UnivariateSample>? data = null) =>
        Prop.ForAll(UnivariateGenerators.Arb(data ?? UnivariateGenerators.AnyUnivariateData),
            sample => WithinSlack(train, sample.ToDataset(), slack, timeLimitSeconds: 60));

    /// <summary>On generated points in general position in d ≥ 2 (small, so each exact solve is quick), the method's
    /// network interpolates exactly and has at most sparsest + <paramref name="slack"/> nonzero parameters.</summary>
    public static Property FindsSparsestMultivariate(Func<Dataset, ShallowReluNetwork> train, int slack = 0,
        Gen<MultivariateSample>? data = null, double timeLimitSeconds = 30) =>
        Prop.ForAll(MultivariateGenerators.Arb(data ?? MultivariateGenerators.GeneralPositionPoints(1, 5)),
            sample => WithinSlack(train, sample.ToDataset(), slack, timeLimitSeconds));

    /// <summary>The method's network interpolates every generated 1-D dataset exactly (no sparsity claim).</summary>
    public static Property InterpolatesExactly(Func<Dataset, ShallowReluNetwork> train, Gen<UnivariateSample>? data = null) =>
        Prop.ForAll(UnivariateGenerators.Arb(data ?? UnivariateGenerators.AnyUnivariateData),
            sample => InterpolationCheck.Check(train(sample.ToDataset()), sample.ToDataset()).Interpolates);

    private static bool WithinSlack(Func<Dataset, ShallowReluNetwork> train, Dataset data, int slack, double timeLimitSeconds)
    {
        var network = train(data);
        if (!InterpolationCheck.Check(network, data).Interpolates) return false;
        var gap = ReluInterpolation.CompareWithSparsest(network, data, timeLimitSeconds);
        // Without a proven optimum only the lower bound is known: the excess is then at most this much.
        return gap.Sparsest.Status == SolveStatus.Optimal ? gap.Excess <= slack : gap.ExcessAtMost <= slack;
    }
}
