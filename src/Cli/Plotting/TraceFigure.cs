using ScottPlot;

namespace Verifier.Cli.Plotting;

/// <summary>
/// The paper's Fig. 3 from our own runs: a sparsity measure (active neurons or nonzero parameters, log scale)
/// against the training step for several traces, with the exact sparsest count as a dashed line.
/// </summary>
public static class TraceFigure
{
    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    /// <summary>Draws log10 of the selected series; rows with a value ≤ 0 have no logarithm and are left out.</summary>
    public static Plot Create(IReadOnlyList<TraceFile> traces, IReadOnlyList<string> labels, string series, int? sparsest, string? title)
    {
        var plot = FigureFile.NewPlot();
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int i = 0; i < traces.Count; i++)
        {
            var y = traces[i].Series(series);
            var keep = Enumerable.Range(0, y.Length).Where(k => y[k] > 0).ToArray();
            var xs = keep.Select(k => traces[i].Steps[k]).ToArray();
            var ys = keep.Select(k => Math.Log10(y[k])).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, Palette.GetColor(i));
            line.LineWidth = 2;
            line.LegendText = labels[i];
            if (ys.Length > 0) { min = Math.Min(min, ys.Min()); max = Math.Max(max, ys.Max()); }
        }
        if (sparsest is int k0 && k0 > 0)
        {
            double level = Math.Log10(k0);
            var exact = plot.Add.HorizontalLine(level);
            exact.LineColor = Colors.Black;
            exact.LinePattern = LinePattern.Dashed;
            exact.LineWidth = 2;
            exact.LegendText = $"sparsest (exact): {k0}";
            min = Math.Min(min, level); max = Math.Max(max, level);
        }
        if (double.IsInfinity(min)) { min = 0; max = 1; }
        plot.Axes.Left.TickGenerator = LogTicks(min, max, sparsest);
        plot.Axes.SetLimitsY(min - 0.08 * Math.Max(max - min, 0.5), max + 0.08 * Math.Max(max - min, 0.5));
        plot.XLabel("step");
        plot.YLabel(series == "nonzeros" ? "nonzero parameters (log scale)" : "active neurons (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        if (title is not null) plot.Title(title);
        return plot;
    }

    /// <summary>Ticks for a log10 axis: labels at 1, 2, 5 × 10^e and at the sparsest count, minor ticks at the
    /// other integers of each decade.</summary>
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double min, double max, int? sparsest)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int e = (int)Math.Floor(min) - 1; e <= (int)Math.Ceiling(max) + 1; e++)
            for (int m = 1; m <= 9; m++)
            {
                double v = m * Math.Pow(10, e), at = Math.Log10(v);
                if (m is 1 or 2 or 5 || (e == 0 && m == sparsest)) ticks.AddMajor(at, v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture));
                else ticks.AddMinor(at);
            }
        if (sparsest is int k && k >= 10 && !IsOneTwoFive(k)) ticks.AddMajor(Math.Log10(k), k.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return ticks;
    }

    private static bool IsOneTwoFive(int k)
    {
        while (k % 10 == 0) k /= 10;
        return k is 1 or 2 or 5;
    }
}
