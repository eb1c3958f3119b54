using System.CommandLine;
using System.Text.Json.Nodes;
using ScottPlot;
using Verifier.Cli.Output;
using Verifier.Cli.Plotting;
using Verifier.Exact.Univariate;
using Verifier.Reformulation.Univariate;
using Verifier.Shared.Formats;
using Verifier.Shared.Networks;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier plot DATA NET… --out FIG</c>: the data with one or more interpolants (1-D: curves with knots
/// marked; 2-D: a heat map of one network). <c>verifier plot --trace TRACE… --out FIG</c>: active neurons or
/// nonzeros against the step for several training runs, with the exact sparsest count dashed.
/// </summary>
public static class PlotCommand
{
    public static Command Build()
    {
        var files = new Argument<string[]>("DATA NET") { Description = "dataset, then one or more network JSON files (as written by --out)", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string>("--out") { HelpName = "FIG.svg|FIG.png", Description = "the picture to write: FIG.svg or FIG.png", Required = true };
        var traces = new Option<string[]>("--trace") { HelpName = "TRACE", Description = "training traces (CSV: step,loss,activeNeurons,nonzeros,lpNorm) to plot instead of interpolants", AllowMultipleArgumentsPerToken = true };
        var labels = new Option<string[]>("--labels") { Description = "legend labels, one per NET or TRACE (default: the file names)", AllowMultipleArgumentsPerToken = true };
        var sparsest = new Option<int?>("--sparsest") { HelpName = "K", Description = "trace plots: the exact sparsest neuron count K, drawn dashed" };
        var data = new Option<string?>("--data") { HelpName = "DATA", Description = "trace plots: 1-D dataset whose exact sparsest count (with the free linear term) is drawn dashed" };
        var series = new Option<string>("--y") { Description = "trace plots: the sparsity measure on the y-axis", DefaultValueFactory = _ => "activeNeurons" };
        series.AcceptOnlyFromAmong("activeNeurons", "nonzeros");
        var title = new Option<string?>("--title") { Description = "figure title" };
        var width = new Option<int>("--width") { Description = "picture width in pixels", DefaultValueFactory = _ => 800 };
        var height = new Option<int>("--height") { Description = "picture height in pixels", DefaultValueFactory = _ => 500 };
        var json = CommonOptions.Json();
        var cmd = new Command("plot", "Draw interpolants over their data, or sparsity against step for training traces")
            { files, output, traces, labels, sparsest, data, series, title, width, height, json };
        cmd.SetAction(r => ExitCodes.Guard(() =>
        {
            var size = (r.GetValue(width), r.GetValue(height));
            if (size.Item1 is < 100 or > 8000 || size.Item2 is < 100 or > 8000) throw new UsageException("--width and --height must lie between 100 and 8000 pixels");
            var o = new Settings(r.GetValue(output)!, r.GetValue(labels), r.GetValue(title), size.Item1, size.Item2, r.GetValue(json));
            var traceFiles = r.GetValue(traces);
            return traceFiles is { Length: > 0 }
                ? RunTraces(traceFiles, r.GetValue(files) ?? [], r.GetValue(sparsest), r.GetValue(data), r.GetValue(series)!, o)
                : RunInterpolants(r.GetValue(files) ?? [], r.GetValue(sparsest), r.GetValue(data), o);
        }));
        return cmd;
    }

    private sealed record Settings(string Out, string[]? Labels, string? Title, int Width, int Height, bool Json);

    private static int RunInterpolants(string[] files, int? sparsest, string? dataOption, Settings o)
    {
        if (files.Length < 2) throw new UsageException("plot needs DATA and at least one NET (or --trace TRACE… for training traces)");
        if (sparsest is not null || dataOption is not null) throw new UsageException("--sparsest and --data belong to trace plots (--trace)");
        FigureFile.CheckExtension(o.Out);
        using var outputs = new OutputFiles(files);
        var figure = outputs.Create(o.Out, "--out");
        var nets = files[1..];
        var labels = Labels(o.Labels, nets);
        var (data, _, _) = CommonOptions.Load(files[0]);
        var networks = nets.Select(NetworkJson.ReadFile).ToArray();
        for (int i = 0; i < nets.Length; i++)
            if (networks[i].InputDim != data.Dimension)
                throw new UsageException($"{nets[i]}: network has input dimension {networks[i].InputDim}, but {files[0]} has {data.Dimension}");
        Plot plot = data.Dimension switch
        {
            1 => InterpolantFigure.Univariate(data, networks, labels, o.Title),
            2 when networks.Length == 1 => InterpolantFigure.Bivariate(data, networks[0], labels[0], o.Title),
            2 => throw new UsageException("a 2-D plot draws one network as a heat map: give exactly one NET"),
            _ => throw new UsageException($"{files[0]}: can only draw 1-D or 2-D data, this has dimension {data.Dimension}"),
        };
        FigureFile.Write(plot, figure, o.Out, o.Width, o.Height);
        outputs.Commit();
        Console.Error.WriteLine($"verifier: wrote {o.Out} ({data.Count} points, {networks.Length} network{(networks.Length == 1 ? "" : "s")})");
        if (o.Json) CommonOptions.PrintJson(new JsonObject { ["out"] = o.Out, ["kind"] = "interpolants", ["points"] = data.Count, ["networks"] = networks.Length, ["inputDim"] = data.Dimension });
        return ExitCodes.Success;
    }

    private static int RunTraces(string[] traces, string[] files, int? sparsest, string? dataPath, string series, Settings o)
    {
        if (files.Length > 0) throw new UsageException("with --trace give no DATA/NET arguments (use --data DATA for the exact sparsest count)");
        if (sparsest is not null && dataPath is not null) throw new UsageException("give either --sparsest K or --data DATA, not both");
        if (sparsest is < 1) throw new UsageException("--sparsest must be a positive neuron count");
        FigureFile.CheckExtension(o.Out);
        using var outputs = new OutputFiles([.. traces, dataPath]);
        var figure = outputs.Create(o.Out, "--out");
        var labels = Labels(o.Labels, traces);
        var read = traces.Select(TraceFile.Read).ToArray();
        int? level = sparsest;
        if (dataPath is not null)
        {
            var (data, _, _) = CommonOptions.Load(dataPath);
            if (data.Dimension != 1) throw new UsageException($"{dataPath}: the exact sparsest count is computed for 1-D data only (this has dimension {data.Dimension}); give --sparsest K");
            // In 1-D each active neuron has exactly one nonzero product v·w (SparsityMeasures), so the sparsest
            // neuron count Σ⌈L/2⌉ (SPEC §2) is also the sparsest nonzero count for --y nonzeros.
            level = UnivariateStructure.Analyze(data).SparsestNeuronCount;
        }
        var plot = TraceFigure.Create(read, labels, series, level, o.Title);
        FigureFile.Write(plot, figure, o.Out, o.Width, o.Height);
        outputs.Commit();
        Console.Error.WriteLine($"verifier: wrote {o.Out} ({read.Length} trace{(read.Length == 1 ? "" : "s")}{(level is null ? "" : $", sparsest {level}")})");
        if (o.Json) CommonOptions.PrintJson(new JsonObject { ["out"] = o.Out, ["kind"] = "traces", ["traces"] = read.Length, ["sparsest"] = level, ["y"] = series });
        return ExitCodes.Success;
    }

    private static string[] Labels(string[]? given, string[] files)
    {
        if (given is not { Length: > 0 }) return files.Select(f => Path.GetFileName(f)).ToArray();
        if (given.Length != files.Length) throw new UsageException($"--labels gives {given.Length} label(s) for {files.Length} file(s)");
        return given;
    }
}
