using System.Xml.Linq;
using Xunit;
using static Verifier.Tests.Cli.CliRunner;

namespace Verifier.Tests.Cli;

public class PlotCommandTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly string TraceHeader = "step,loss,activeNeurons,nonzeros,lpNorm\n";

    /// <summary>A trace whose active-neuron count decays from <paramref name="start"/> to 3.</summary>
    private static TempFile Trace(int start) =>
        new(TraceHeader + string.Concat(Enumerable.Range(0, 20).Select(i =>
        {
            int active = Math.Max(3, start >> i);
            return $"{i * 50},{1.0 / (i + 1)},{active},{2 * active},{0.5 * active}\n";
        })));

    private static XDocument ReadSvg(string path) => XDocument.Load(path);

    private static List<string> Texts(XDocument svg) =>
        svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();

    /// <summary>Stroke colours of the drawn polylines (the Category10 palette colours mark our series).</summary>
    private static int PathsStroked(XDocument svg, string color) =>
        svg.Descendants().Count(e => e.Name.LocalName == "path" && string.Equals((string?)e.Attribute("stroke"), color, StringComparison.OrdinalIgnoreCase));

    private static string Sparsest(string example, TempFile net)
    {
        Assert.Equal(0, Run("sparsest", TestData.Example(example), "--out", net.Path).ExitCode);
        return net.Path;
    }

    [Fact]
    public void OneDimensionalPngHasThePngSignature()
    {
        using var net = TempFile.Empty();
        using var fig = TempFile.Empty(".png");
        var r = Run("plot", TestData.Example("peak-plateau.csv"), Sparsest("peak-plateau.csv", net), "--out", fig.Path);
        Assert.Equal(0, r.ExitCode);
        var bytes = File.ReadAllBytes(fig.Path);
        Assert.True(bytes.Length > 1000, $"PNG of {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);
    }

    [Fact]
    public void TwoInterpolantsAreTwoLabelledSeriesInTheSvg()
    {
        using var p05 = TempFile.Empty();
        using var p01 = TempFile.Empty();
        using var fig = TempFile.Empty(".svg");
        var data = TestData.Example("pstar-switch.csv");
        Assert.Equal(0, Run("lp", data, "--p", "0.5", "--out", p05.Path).ExitCode);
        Assert.Equal(0, Run("lp", data, "--p", "0.1", "--out", p01.Path).ExitCode);
        var r = Run("plot", data, p05.Path, p01.Path, "--labels", "p=0.5", "p=0.1", "--out", fig.Path);
        Assert.Equal(0, r.ExitCode);

        var svg = ReadSvg(fig.Path);
        var texts = Texts(svg);
        Assert.Contains("p=0.5 (3 neurons)", texts);
        Assert.Contains("p=0.1 (2 neurons)", texts);
        Assert.Contains("data (6 points)", texts);
        Assert.Contains("knots −b/w", texts);
        // Each series: its curve, its knot markers and its legend swatch in its own colour; no third series.
        Assert.True(PathsStroked(svg, "#1F77B4") >= 2);
        Assert.True(PathsStroked(svg, "#FF7F0E") >= 2);
        Assert.Equal(0, PathsStroked(svg, "#2CA02C"));
    }

    [Fact]
    public void TwoDimensionalDataGiveAHeatMapWithThePoints()
    {
        using var data = new TempFile("x1,x2,y\n0,0,0\n1,0,1\n0,1,0\n1,1,0\n2,1,1\n");
        using var net = new TempFile("""{ "inputDim": 2, "neurons": [ { "w": [1, -1], "b": 0, "v": 1 } ], "skip": null }""", ".json");
        using var fig = TempFile.Empty(".svg");
        var r = Run("plot", data.Path, net.Path, "--labels", "relu(x1-x2)", "--out", fig.Path);
        Assert.Equal(0, r.ExitCode);
        var svg = ReadSvg(fig.Path);
        Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "image"); // the heat map bitmap
        var texts = Texts(svg);
        Assert.Contains("data (5 points)", texts);
        Assert.Contains("kinks of relu(x1-x2) (1 neuron)", texts);
    }

    [Fact]
    public void TracesWithTheExactSparsestCountFromTheData()
    {
        using var a = Trace(200);
        using var b = Trace(100);
        using var fig = TempFile.Empty(".svg");
        var r = Run("plot", "--trace", a.Path, b.Path, "--labels", "run A", "run B", "--data", TestData.Example("peak-plateau.csv"), "--out", fig.Path);
        Assert.Equal(0, r.ExitCode);
        var texts = Texts(ReadSvg(fig.Path));
        Assert.Contains("run A", texts);
        Assert.Contains("run B", texts);
        Assert.Contains("sparsest (exact): 3", texts); // Σ⌈L/2⌉ of peak-plateau.csv
        Assert.Contains("active neurons (log scale)", texts);
    }

    [Fact]
    public void TracesOfNonzerosToPng()
    {
        using var a = Trace(64);
        using var fig = TempFile.Empty(".png");
        var r = Run("plot", "--trace", a.Path, "--y", "nonzeros", "--sparsest", "6", "--out", fig.Path);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(PngSignature, File.ReadAllBytes(fig.Path)[..8]);
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "missing-net", "file not found" },
        { "wrong-dimension", "input dimension" },
        { "unknown-extension", "unknown picture format" },
        { "missing-trace", "file not found" },
        { "bad-trace-row", ":3:" },
        { "trace-without-columns", "lacks the column" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputExitsTwoWithOneLineAndNoPicture(string problem, string message)
    {
        var data = TestData.Example("peak-plateau.csv");
        using var net2 = new TempFile("""{ "inputDim": 2, "neurons": [], "skip": null }""", ".json");
        using var badRow = new TempFile(TraceHeader + "0,1,5,10,2\n50,0.5,four,8,1\n");
        using var noColumns = new TempFile("step,loss\n0,1\n");
        var output = Path.Combine(Path.GetTempPath(), $"verifier-test-{Guid.NewGuid():N}{(problem == "unknown-extension" ? ".pdf" : ".png")}");
        string missing = Path.Combine(Path.GetTempPath(), $"verifier-test-missing-{Guid.NewGuid():N}");
        string[] args = problem switch
        {
            "missing-net" => ["plot", data, missing + ".json", "--out", output],
            "wrong-dimension" => ["plot", data, net2.Path, "--out", output],
            "unknown-extension" => ["plot", data, net2.Path, "--out", output],
            "missing-trace" => ["plot", "--trace", missing + ".csv", "--out", output],
            "bad-trace-row" => ["plot", "--trace", badRow.Path, "--out", output],
            _ => ["plot", "--trace", noColumns.Path, "--out", output],
        };
        try
        {
            var r = Run(args);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(message, r.Stderr);
            Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.False(File.Exists(output));
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(output)}*"));
        }
        finally { if (File.Exists(output)) File.Delete(output); }
    }
}
