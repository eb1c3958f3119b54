namespace Verifier.Continuous.Training;

/// <summary>The exact sparsest count for the trained architecture: <see cref="Exact"/> when proven, otherwise the
/// proven bounds. <see cref="Objective"/> is "neurons" in 1-D and "parameters" for d &gt; 1 (SPEC §1). Computed by the
/// orchestration layer (<c>Verifier.Orchestration.Comparisons.SparsestReference</c>), which runs the exact solvers.</summary>
public sealed record SparsestReferenceResult(string Method, string Status, string Objective, int? Exact, int LowerBound, int? UpperBound, string Proof);

/// <summary>
/// Whether a trained network has reached the provably sparsest interpolant. Trained weights are floats, so the
/// network can only fit the data approximately; it has reached the sparsest interpolant when both hold:
/// <list type="number">
/// <item>it fits: max_i |f(x_i) − y_i| ≤ <see cref="RelativeTolerance"/> · max(max_i |y_i|, <see cref="ScaleFloor"/>)
/// (<see cref="Rule"/>);</item>
/// <item>its count (neurons in 1-D, nonzero parameters for d &gt; 1) equals the proven sparsest count.</item>
/// </list>
/// A count equal to the sparsest one on a network that does not fit the data proves nothing (a network with
/// random weights can have that many neurons).
/// </summary>
public static class SparsestComparison
{
    /// <summary>The fit tolerance relative to the label scale max_i |y_i|.</summary>
    public const double RelativeTolerance = 1e-3;

    /// <summary>Lower floor of the label scale (all labels 0 would otherwise leave no tolerance at all).</summary>
    public const double ScaleFloor = 1e-12;

    /// <summary>The rule in words, printed next to the verdict.</summary>
    public const string Rule = "maxError ≤ 1e-3·max(max_i |y_i|, 1e-12) and count = proven sparsest count";

    /// <summary>The absolute tolerance 1e-3 · max(max_i |y_i|, 1e-12) on max_i |f(x_i) − y_i|.</summary>
    public static double FitTolerance(ReadOnlySpan<double> y)
    {
        double scale = ScaleFloor;
        foreach (double v in y) scale = Math.Max(scale, Math.Abs(v));
        return RelativeTolerance * scale;
    }

    /// <summary>Whether the largest absolute residual <paramref name="maxError"/> is within
    /// <paramref name="tolerance"/> (a NaN residual never fits).</summary>
    public static bool Fits(double maxError, double tolerance) => maxError <= tolerance;

    /// <summary>
    /// fits ∧ (count = sparsest), in three-valued logic: false when the network does not fit, or when
    /// <paramref name="count"/> differs from the proven count or lies outside the proven bounds [lower, upper];
    /// true only when it fits and the count equals a proven sparsest count; null (unknown) when it fits, the
    /// sparsest count is not proven and the count lies within the bounds, or when there is no reference.
    /// </summary>
    public static bool? Reached(int count, bool fits, SparsestReferenceResult? reference)
    {
        if (!fits) return false;
        if (reference is null) return null;
        if (reference.Exact is int exact) return count == exact;
        if (count < reference.LowerBound || (reference.UpperBound is int upper && count > upper)) return false;
        return null;
    }
}
