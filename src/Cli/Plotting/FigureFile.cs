using System.Text;
using ScottPlot;
using Verifier.Shared.Data;

namespace Verifier.Cli.Plotting;

/// <summary>Writes a finished figure as SVG or PNG, chosen by the file extension; the file appears whole or not at all.</summary>
public static class FigureFile
{
    /// <summary>The supported output formats, by lower-case extension.</summary>
    public static readonly string[] Extensions = [".svg", ".png"];

    /// <summary>Fails (as bad usage) unless the path ends in .svg or .png.</summary>
    public static void CheckExtension(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (!Extensions.Contains(ext)) throw new UsageException($"--out {path}: unknown picture format '{ext}' (use .svg or .png)");
    }

    /// <summary>Well-known places of DejaVu Sans (has ℓ, ₁, −). SkiaSharp without fontconfig cannot look fonts
    /// up by family name and falls back to its default face, which lacks some of these glyphs.</summary>
    private static readonly string[] SansFontFiles =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    ];

    /// <summary>The font family all labels use: DejaVu Sans when found, else SkiaSharp's default face.</summary>
    public static string FontName { get; } = RegisterSansFont();

    private static string RegisterSansFont()
    {
        var file = SansFontFiles.FirstOrDefault(File.Exists);
        if (file is null) return Fonts.Default; // text still renders, in the default face
        Fonts.AddFontFile("DejaVu Sans", file);
        return "DejaVu Sans";
    }

    /// <summary>A new plot whose labels use <see cref="FontName"/>.</summary>
    public static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        return plot;
    }

    /// <summary>Renders <paramref name="plot"/> as the format of <paramref name="path"/> onto <paramref name="stream"/>
    /// (an output of the CLI's output-file helper, which puts it in place whole or not at all).</summary>
    public static void Write(Plot plot, Stream stream, string path, int width, int height)
    {
        CheckExtension(path);
        plot.Font.Set(FontName); // again: plottables added since NewPlot
        byte[] bytes = Path.GetExtension(path).ToLowerInvariant() == ".svg"
            ? Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height))
            : plot.GetImageBytes(width, height, ImageFormat.Png);
        stream.Write(bytes);
    }
}
