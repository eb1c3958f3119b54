using System.Globalization;
using System.Text.Json.Nodes;

namespace Verifier.Cli;

/// <summary>The rows of a Markdown table a benchmark prints, collected as JSON objects keyed by the header cells
/// (numbers and true/false/yes/no as JSON values, empty cells and "–" (not applicable) as null), for <c>--json</c>.</summary>
public sealed class JsonTable
{
    private string[]? _columns;

    public JsonArray Rows { get; } = [];

    /// <summary>Takes one or more printed lines; lines that are not table rows are ignored.</summary>
    public void Add(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith('|')) continue;
            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (_columns is null) { _columns = cells; continue; }
            if (cells.All(c => c.Length > 0 && c.All(ch => ch is '-' or ':'))) continue; // the separator row
            var row = new JsonObject();
            for (int i = 0; i < Math.Min(cells.Length, _columns.Length); i++) row[_columns[i]] = Value(cells[i]);
            Rows.Add(row);
        }
    }

    private static JsonNode? Value(string cell) => cell switch
    {
        "" or "–" => null,
        "true" or "True" or "yes" => true,
        "false" or "False" or "no" => false,
        _ when double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x) => x,
        _ => cell,
    };
}
