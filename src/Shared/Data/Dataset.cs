using Verifier.Shared.Numbers;

namespace Verifier.Shared.Data;

/// <summary>
/// N labelled points (x_i, y_i), x_i ∈ R^d, held exactly as rationals, with a floating view for search code.
/// A dataset built by <see cref="Create"/> is canonical: inputs are distinct and sorted lexicographically
/// (in 1-D: increasing x), exact duplicates have been merged (with a warning), and equal inputs with
/// different labels have been rejected (<see cref="NoInterpolantException"/>), since no function fits them.
/// </summary>
public sealed class Dataset
{
    private readonly Rational[] _x; // row-major N × d
    private readonly Rational[] _y;
    private readonly int[] _lines;
    private double[]? _xDouble, _yDouble;

    public int Count => _y.Length;
    public int Dimension { get; }
    /// <summary>Where the data came from (file name), for messages.</summary>
    public string? Source { get; }
    /// <summary>Non-fatal findings of canonicalisation (e.g. merged duplicates).</summary>
    public IReadOnlyList<string> Warnings { get; }

    private Dataset(int dimension, Rational[] x, Rational[] y, int[] lines, string? source, List<string> warnings)
    {
        Dimension = dimension; _x = x; _y = y; _lines = lines; Source = source; Warnings = warnings;
    }

    public Rational X(int i, int j) => _x[i * Dimension + j];
    public Rational Y(int i) => _y[i];
    /// <summary>Source line (1-based) of point i, or 0 when the data did not come from a file.</summary>
    public int LineOf(int i) => _lines[i];

    public ReadOnlySpan<Rational> Input(int i) => _x.AsSpan(i * Dimension, Dimension);
    public ReadOnlySpan<Rational> Labels => _y;

    /// <summary>Inputs as doubles, row-major N × d (search only).</summary>
    public double[] XDouble => _xDouble ??= _x.Select(v => v.ToDouble()).ToArray();
    /// <summary>Labels as doubles (search only).</summary>
    public double[] YDouble => _yDouble ??= _y.Select(v => v.ToDouble()).ToArray();

    /// <summary>Univariate convenience: x-values (requires d = 1), sorted increasing.</summary>
    public ReadOnlySpan<Rational> XUnivariate =>
        Dimension == 1 ? _x : throw new InvalidOperationException("The dataset is not univariate.");

    /// <summary>
    /// Canonicalises raw points (row-major inputs, labels, optional source lines): sorts them, merges exact
    /// duplicates, rejects equal inputs with different labels.
    /// </summary>
    public static Dataset Create(int dimension, Rational[] x, Rational[] y, int[]? lines = null, string? source = null)
    {
        if (dimension < 1) throw new DataFormatException("input dimension must be at least 1", source);
        int n = y.Length;
        if (x.Length != n * dimension) throw new ArgumentException("x must hold N·d values.");
        if (n < 1) throw new DataFormatException("the data have no points (at least 1 is needed)", source);
        lines ??= new int[n];

        int[] order;
        if (dimension == 1) order = RationalSort.Order(x);
        else
        {
            order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            Array.Sort(order, (a, b) => { int c = CompareInputs(x, dimension, a, b); return c != 0 ? c : a.CompareTo(b); });
        }

        var warnings = new List<string>();
        var sx = new Rational[n * dimension];
        var sy = new Rational[n];
        var sl = new int[n];
        int m = 0, duplicates = 0;
        for (int k = 0; k < n; k++)
        {
            int i = order[k];
            if (m > 0 && CompareInputs(x, dimension, order[k - 1], i) == 0)
            {
                int prevLine = sl[m - 1];
                if (y[i] != sy[m - 1])
                {
                    var where = lines[i] > 0 ? $"lines {Math.Min(prevLine, lines[i])} and {Math.Max(prevLine, lines[i])}" : "two points";
                    throw new NoInterpolantException(
                        $"no interpolating network exists: {where} have equal inputs ({FormatInput(x, dimension, i)}) but different labels ({sy[m - 1]} and {y[i]})",
                        source, prevLine, lines[i]);
                }
                duplicates++;
                if (duplicates <= 5)
                    warnings.Add(lines[i] > 0
                        ? $"line {lines[i]} repeats the point of line {prevLine}; merged"
                        : $"a repeated point ({FormatInput(x, dimension, i)}) was merged");
                continue;
            }
            Array.Copy(x, i * dimension, sx, m * dimension, dimension);
            sy[m] = y[i];
            sl[m] = lines[i];
            m++;
        }
        if (duplicates > 5) warnings.Add($"{duplicates} duplicate points merged in all");
        if (m < n) { Array.Resize(ref sx, m * dimension); Array.Resize(ref sy, m); Array.Resize(ref sl, m); }
        return new Dataset(dimension, sx, sy, sl, source, warnings);
    }

    /// <summary>Convenience for code and tests: a 1-D dataset from exact x and y values.</summary>
    public static Dataset Univariate(IReadOnlyList<Rational> xs, IReadOnlyList<Rational> ys) =>
        Create(1, xs.ToArray(), ys.ToArray());

    private static int CompareInputs(Rational[] x, int d, int a, int b)
    {
        for (int j = 0; j < d; j++)
        {
            int c = x[a * d + j].CompareTo(x[b * d + j]);
            if (c != 0) return c;
        }
        return 0;
    }

    private static string FormatInput(Rational[] x, int d, int i) =>
        d == 1 ? $"x = {x[i]}" : "x = (" + string.Join(", ", Enumerable.Range(0, d).Select(j => x[i * d + j].ToString())) + ")";
}
