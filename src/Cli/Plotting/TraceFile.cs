using System.Globalization;
using Verifier.Shared.Data;

namespace Verifier.Cli.Plotting;

/// <summary>
/// One training trace as written by <c>verifier train --trace</c>: a CSV with the header
/// <c>step,loss,activeNeurons,nonzeros,lpNorm</c> (columns found by name, extra columns ignored) and one row per
/// logged step. Only the columns a figure needs are kept.
/// </summary>
public sealed record TraceFile(string Path, double[] Steps, double[] ActiveNeurons, double[] Nonzeros)
{
    /// <summary>The header columns the reader requires.</summary>
    public static readonly string[] RequiredColumns = ["step", "activeNeurons", "nonzeros"];

    /// <summary>The y-series selected by <c>--y</c>: "activeNeurons" or "nonzeros".</summary>
    public double[] Series(string name) => name == "nonzeros" ? Nonzeros : ActiveNeurons;

    /// <summary>Reads a trace; any problem is a <see cref="DataFormatException"/> naming the file and line.</summary>
    public static TraceFile Read(string path)
    {
        if (!File.Exists(path)) throw new DataFormatException("file not found", path);
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (IOException e) { throw new DataFormatException($"cannot read file: {e.Message}", path); }
        catch (UnauthorizedAccessException e) { throw new DataFormatException($"cannot read file: {e.Message}", path); }

        int headerLine = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerLine < 0) throw new DataFormatException("empty trace (expected the header step,loss,activeNeurons,nonzeros,lpNorm)", path);
        var header = lines[headerLine].Split(',').Select(c => c.Trim()).ToArray();
        var index = RequiredColumns.Select(c => Array.FindIndex(header, h => string.Equals(h, c, StringComparison.OrdinalIgnoreCase))).ToArray();
        for (int c = 0; c < RequiredColumns.Length; c++)
            if (index[c] < 0) throw new DataFormatException($"trace header lacks the column '{RequiredColumns[c]}' (expected step,loss,activeNeurons,nonzeros,lpNorm)", path, headerLine + 1);

        var steps = new List<double>(); var active = new List<double>(); var nonzeros = new List<double>();
        for (int i = headerLine + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var cells = lines[i].Split(',');
            if (cells.Length != header.Length) throw new DataFormatException($"expected {header.Length} columns, found {cells.Length}", path, i + 1);
            steps.Add(Number(cells[index[0]], path, i + 1));
            active.Add(Number(cells[index[1]], path, i + 1));
            nonzeros.Add(Number(cells[index[2]], path, i + 1));
        }
        if (steps.Count == 0) throw new DataFormatException("trace has a header but no rows", path);
        return new TraceFile(path, [.. steps], [.. active], [.. nonzeros]);
    }

    private static double Number(string cell, string path, int line)
    {
        if (double.TryParse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)) return v;
        throw new DataFormatException($"not a finite number: '{cell.Trim()}'", path, line);
    }
}
