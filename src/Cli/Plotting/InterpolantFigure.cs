using ScottPlot;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;

namespace Verifier.Cli.Plotting;

/// <summary>
/// Pictures of interpolants. In 1-D each network f(x) = Σ v_k (w_k x + b_k)_+ + a x + c is piecewise linear with
/// knots t_k = −b_k/w_k, so it is drawn exactly as the polyline through the window's ends and its knots; the
/// knots are marked. In 2-D one network is drawn as a heat map over the data's bounding box with each neuron's
/// kink line w_k·x + b_k = 0 dashed. The data points are drawn on top in both cases.
/// </summary>
public static class InterpolantFigure
{
    /// <summary>Line colours: the Category10 palette (colour-blind friendlier than the default cycle).</summary>
    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    /// <summary>1-D data with one or more interpolants, each labelled with <paramref name="labels"/>.</summary>
    public static Plot Univariate(Dataset data, IReadOnlyList<ShallowReluNetwork> nets, IReadOnlyList<string> labels, string? title)
    {
        var xs = data.XDouble; var ys = data.YDouble;
        double lo = xs.Min(), hi = xs.Max(), span = hi > lo ? hi - lo : 1;
        // The window: the data with a margin, widened to show knots lying up to one data span outside it.
        double left = lo - 0.08 * span, right = hi + 0.08 * span;
        foreach (var net in nets)
            foreach (var t in Knots(net))
                if (t >= lo - span && t <= hi + span) { left = Math.Min(left, t - 0.04 * span); right = Math.Max(right, t + 0.04 * span); }

        var plot = FigureFile.NewPlot();
        for (int i = 0; i < nets.Count; i++)
        {
            var net = nets[i];
            var color = Palette.GetColor(i);
            var knots = Knots(net).Where(t => t > left && t < right).Distinct().Order().ToArray();
            double[] px = [left, .. knots, right];
            double[] py = px.Select(x => net.Evaluate([x])).ToArray();
            var line = plot.Add.ScatterLine(px, py, color);
            line.LineWidth = 2.5f;
            if (i > 0) line.LinePattern = i % 2 == 1 ? LinePattern.Dashed : LinePattern.DenselyDashed;
            int neurons = SparsityMeasures.ActiveNeurons(net);
            line.LegendText = $"{labels[i]} ({neurons} neuron{(neurons == 1 ? "" : "s")})";
            if (knots.Length > 0)
            {
                var marks = plot.Add.Markers(knots, knots.Select(x => net.Evaluate([x])).ToArray(), MarkerShape.OpenDiamond, 13, color);
                marks.MarkerStyle.LineWidth = 2;
            }
        }
        var points = plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 8, Colors.Black);
        points.LegendText = $"data ({data.Count} points)";
        if (nets.Any(n => Knots(n).Any(t => t > left && t < right)))
        {
            // One legend entry for the knot symbol, drawn outside the view.
            var key = plot.Add.Markers(new[] { double.NaN }, new[] { double.NaN }, MarkerShape.OpenDiamond, 13, Colors.Gray);
            key.LegendText = "knots −b/w";
        }
        plot.Axes.SetLimitsX(left, right);
        plot.XLabel("x");
        plot.YLabel("f(x)");
        plot.ShowLegend(Alignment.UpperLeft);
        if (title is not null) plot.Title(title);
        return plot;
    }

    /// <summary>2-D data with one network as a heat map, its kink lines dashed and the points on top.</summary>
    public static Plot Bivariate(Dataset data, ShallowReluNetwork net, string label, string? title, int cells = 200)
    {
        var xy = data.XDouble;
        double[] x1 = Enumerable.Range(0, data.Count).Select(i => xy[2 * i]).ToArray();
        double[] x2 = Enumerable.Range(0, data.Count).Select(i => xy[2 * i + 1]).ToArray();
        var (l, r) = Padded(x1.Min(), x1.Max());
        var (b, t) = Padded(x2.Min(), x2.Max());

        // Row 0 is the top edge of the rectangle, column 0 the left edge; values at cell centres.
        var z = new double[cells, cells];
        for (int row = 0; row < cells; row++)
            for (int col = 0; col < cells; col++)
                z[row, col] = net.Evaluate([l + (col + 0.5) * (r - l) / cells, t - (row + 0.5) * (t - b) / cells]);

        var plot = FigureFile.NewPlot();
        var map = plot.Add.Heatmap(z);
        map.Rectangle = new CoordinateRect(l, r, b, t);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        var bar = plot.Add.ColorBar(map);
        bar.Label = $"f(x) — {label}";
        bar.LabelStyle.FontName = FigureFile.FontName;
        bar.LabelStyle.Bold = false;

        foreach (var n in net.Neurons)
        {
            if (n.V.IsZero) continue;
            if (KinkSegment(n.W[0].ToDouble(), n.W[1].ToDouble(), n.B.ToDouble(), l, r, b, t) is not { } s) continue;
            var kink = plot.Add.Line(s.X1, s.Y1, s.X2, s.Y2);
            kink.LineColor = Colors.White;
            kink.LinePattern = LinePattern.Dashed;
            kink.LineWidth = 1.5f;
        }
        var points = plot.Add.Markers(x1, x2, MarkerShape.FilledCircle, 9, Colors.White);
        points.MarkerStyle.OutlineColor = Colors.Black;
        points.MarkerStyle.OutlineWidth = 1.5f;
        points.LegendText = $"data ({data.Count} points)";
        int neurons = SparsityMeasures.ActiveNeurons(net);
        var key = plot.Add.Line(double.NaN, double.NaN, double.NaN, double.NaN);
        key.LineColor = Colors.Gray; key.LinePattern = LinePattern.Dashed;
        key.LegendText = $"kinks of {label} ({neurons} neuron{(neurons == 1 ? "" : "s")})";
        plot.Axes.SetLimits(l, r, b, t);
        plot.XLabel("x₁");
        plot.YLabel("x₂");
        plot.ShowLegend(Alignment.UpperLeft);
        if (title is not null) plot.Title(title);
        return plot;
    }

    /// <summary>The knot locations −b_k/w_k of the active neurons of a 1-D network (as doubles, for drawing).</summary>
    public static IEnumerable<double> Knots(ShallowReluNetwork net) =>
        net.Neurons.Where(n => !n.V.IsZero && !n.W[0].IsZero).Select(n => (-n.B / n.W[0]).ToDouble());

    private static (double Lo, double Hi) Padded(double lo, double hi)
    {
        double span = hi > lo ? hi - lo : 1;
        return (lo - 0.08 * span, hi + 0.08 * span);
    }

    /// <summary>The part of the line w1·x + w2·y + b = 0 inside the rectangle, or null when it misses it.</summary>
    private static (double X1, double Y1, double X2, double Y2)? KinkSegment(double w1, double w2, double bias, double l, double r, double b, double t)
    {
        var hits = new List<(double X, double Y)>();
        if (w2 != 0)
            foreach (var x in new[] { l, r })
            {
                double y = -(bias + w1 * x) / w2;
                if (y >= b && y <= t) hits.Add((x, y));
            }
        if (w1 != 0)
            foreach (var y in new[] { b, t })
            {
                double x = -(bias + w2 * y) / w1;
                if (x >= l && x <= r) hits.Add((x, y));
            }
        if (hits.Count < 2) return null;
        var (p, q) = (hits[0], hits.MaxBy(h => Math.Abs(h.X - hits[0].X) + Math.Abs(h.Y - hits[0].Y)));
        return (p.X, p.Y, q.X, q.Y);
    }
}
