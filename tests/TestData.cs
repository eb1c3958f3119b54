using Verifier.Shared.Data;
using Verifier.Shared.Numbers;

namespace Verifier.Tests;

/// <summary>Small datasets used across the unit tests (the worked examples of SPEC §2).</summary>
public static class TestData
{
    public static Dataset Univariate(string[] xs, string[] ys) =>
        Dataset.Univariate(xs.Select(Rational.Parse).ToArray(), ys.Select(Rational.Parse).ToArray());

    public static Dataset Univariate(long[] xs, long[] ys) =>
        Dataset.Univariate(xs.Select(v => (Rational)v).ToArray(), ys.Select(v => (Rational)v).ToArray());

    /// <summary>Paper §5, eq. 81: runs {−1}, {0,1}, {2}; 3 neurons.</summary>
    public static Dataset PeakPlateau => Univariate([-2, -1, 0, 1, 2, 3], [0, 0, 1, 1, 0, 0]);

    /// <summary>One run of four points with Δ = (1, 100, 100, 1); p* ≈ 0.1807.</summary>
    public static Dataset PStarSwitch => Univariate([0, 1, 2, 3, 4, 5], [0, 0, 1, 102, 303, 505]);

    /// <summary>Δ = (+1, +1, 0, +1, +1): the zero splits the run; 2 neurons.</summary>
    public static Dataset ZeroCurvatureSplit => Univariate([0, 1, 2, 3, 4, 5, 6], [0, 0, 1, 3, 5, 8, 12]);

    /// <summary>Path to a file of the repository's examples/ folder.</summary>
    public static string Example(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Verifier.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "examples", name);
    }
}
