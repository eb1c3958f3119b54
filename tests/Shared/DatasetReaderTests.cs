using Verifier.Shared.Data;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Shared;

public class DatasetReaderTests
{
    private static Dataset Csv(string text) => DatasetReader.ReadCsv(new StringReader(text), "t.csv");

    private static DataFormatException CsvError(string text) => Assert.ThrowsAny<DataFormatException>(() => Csv(text));

    [Fact]
    public void ReadsHeaderBlankLinesAndSortsByX()
    {
        var d = Csv("x,y\n\n3,1/3\n-1,0.5\n\n1e-1,2\n");
        Assert.Equal(1, d.Dimension);
        Assert.Equal(3, d.Count);
        Assert.Equal(["-1", "1/10", "3"], d.XUnivariate.ToArray().Select(x => x.ToString()));
        Assert.Equal(Rational.Create(1, 2), d.Y(0));
        Assert.Equal(4, d.LineOf(0)); // source lines survive sorting
    }

    [Fact]
    public void ReadsMultivariateRows()
    {
        var d = Csv("1,2,3\n0,0,1\n");
        Assert.Equal(2, d.Dimension);
        Assert.Equal(2, d.Count);
        Assert.Equal(Rational.Zero, d.X(0, 1));
    }

    [Fact]
    public void NamesTheLineOfARaggedRow()
    {
        var e = CsvError("x,y\n1,2\n2,3,4\n");
        Assert.Equal(3, e.Line);
        Assert.Contains("ragged", e.Message);
        Assert.StartsWith("t.csv:3:", e.Message);
    }

    [Theory]
    [InlineData("1,2\n2,abc\n", 2, "not a number")]
    [InlineData("1,2\n2,nan\n", 2, "non-finite")]
    [InlineData("1,2\n\n2,inf\n", 3, "non-finite")]
    [InlineData("1,2\n2,\n", 2, "empty")]
    [InlineData("x,y\nfoo,bar\n", 2, "not a number")]
    public void NamesTheLineOfABadNumber(string text, int line, string reason)
    {
        var e = CsvError(text);
        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("x,y\n")]
    public void RejectsDataWithoutPoints(string text) => Assert.Contains("no points", CsvError(text).Message);

    [Fact]
    public void RejectsSingleColumnRows() => Assert.Contains("two columns", CsvError("1\n2\n").Message);

    [Fact]
    public void MergesExactDuplicatesWithAWarning()
    {
        var d = Csv("0,1\n1,2\n0.0,1/1\n");
        Assert.Equal(2, d.Count);
        Assert.Contains(d.Warnings, w => w.Contains("line 3") && w.Contains("line 1"));
    }

    [Fact]
    public void EqualInputsWithDifferentLabelsHaveNoInterpolant()
    {
        var e = Assert.Throws<NoInterpolantException>(() => Csv("0,1\n1,2\n0,3\n"));
        Assert.Contains("no interpolating network exists", e.Message);
        Assert.Contains("lines 1 and 3", e.Message);
        Assert.Equal(1, e.FirstLine);
        Assert.Equal(3, e.SecondLine);
    }

    [Fact]
    public void ReadsJsonWithNumbersAndExactStrings()
    {
        var d = DatasetReader.ReadJson("""{"x": [[0, 1], [2, "1/3"]], "y": [0.1, "-2"]}""");
        Assert.Equal(2, d.Dimension);
        Assert.Equal(Rational.Create(1, 10), d.Y(0));
        Assert.Equal(Rational.Create(1, 3), d.X(1, 1));
        var flat = DatasetReader.ReadJson("""{"x": [3, 1, 2], "y": [1, 2, 3]}""");
        Assert.Equal(1, flat.Dimension);
        Assert.Equal(Rational.FromInteger(2), flat.Y(0));
    }

    [Theory]
    [InlineData("""{"x": [[0], [1, 2]], "y": [1, 2]}""", "ragged")]
    [InlineData("""{"x": [[0]], "y": [1, 2]}""", "entries")]
    [InlineData("""{"x": [[0]], "y": [null]}""", "expected a number")]
    [InlineData("""{"x": [[0]], "y": ["nan"]}""", "non-finite")]
    [InlineData("""{"y": [1]}""", "\"x\"")]
    [InlineData("""{"x": [[0]], "y": [1]""", "invalid JSON")]
    [InlineData("""{"x": [], "y": []}""", "no points")]
    public void RejectsBadJson(string text, string reason) =>
        Assert.Contains(reason, Assert.ThrowsAny<DataFormatException>(() => DatasetReader.ReadJson(text)).Message);

    /// <summary>JSON datasets are read token by token (issue 14: the whole document used to be held): keys in any order,
    /// other keys skipped whatever their value, a key given twice and content after the object refused.</summary>
    [Fact]
    public void StreamedJsonTakesKeysInAnyOrderAndRefusesDuplicatesAndTrailingContent()
    {
        var d = DatasetReader.ReadJson("""{"name": {"a": [1, [2]]}, "y": [5, 6], "note": "x", "x": [[1, 2], [3, 4]]}""");
        Assert.Equal(2, d.Dimension);
        Assert.Equal(2, d.Count);
        Assert.Contains("twice", Assert.Throws<DataFormatException>(() => DatasetReader.ReadJson("""{"x": [[0]], "x": [[1]], "y": [1]}""")).Message);
        Assert.Contains("invalid JSON", Assert.ThrowsAny<DataFormatException>(() => DatasetReader.ReadJson("""{"x": [[0]], "y": [1]} 5""")).Message);
        Assert.Contains("found array", Assert.Throws<DataFormatException>(() => DatasetReader.ReadJson("""{"x": [[[0]]], "y": [1]}""")).Message);
        Assert.Contains("expected an object", Assert.Throws<DataFormatException>(() => DatasetReader.ReadJson("[1]")).Message);
    }

    /// <summary>A file larger than the token stream's buffer (64 KiB) reads the same as the text does.</summary>
    [Fact]
    public void AJsonFileAcrossManyBuffersReadsAsItsText()
    {
        int n = 20_000;
        string text = "{\"x\": [" + string.Join(", ", Enumerable.Range(0, n).Select(i => $"[{i}, \"{i}/7\"]")) + "], \"y\": ["
                      + string.Join(", ", Enumerable.Range(0, n).Select(i => (i % 13).ToString())) + "]}";
        var path = Path.Combine(Path.GetTempPath(), $"verifier-json-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        try
        {
            var fromFile = DatasetReader.ReadFile(path);
            var fromText = DatasetReader.ReadJson(text);
            Assert.Equal(n, fromFile.Count);
            Assert.Equal(fromText.Count, fromFile.Count);
            for (int i = 0; i < n; i += 997)
            {
                Assert.Equal(fromText.Y(i), fromFile.Y(i));
                Assert.Equal(fromText.X(i, 1), fromFile.X(i, 1));
            }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ANumberBeyondTheLengthCapIsRejectedQuickly()
    {
        string huge = new('7', RationalParser.MaxLength + 1);
        var e = Assert.Throws<DataFormatException>(() => DatasetReader.ReadCsv(new StringReader($"0,1\n{huge},2\n")));
        Assert.Contains("at most", e.Message);
        Assert.Equal(2, e.Line);
        // On the first row too (where a non-number would be taken for a header).
        Assert.Throws<DataFormatException>(() => DatasetReader.ReadCsv(new StringReader($"{huge},2\n0,1\n")));
        Assert.Throws<DataFormatException>(() => DatasetReader.ReadJson($"{{\"x\": [{huge}], \"y\": [1]}}"));
        Assert.True(RationalParser.TryParse(new string('7', RationalParser.MaxLength), out _, out _));
    }

    [Fact]
    public void ALineBeyondTheLengthCapIsRejectedWithItsNumber()
    {
        var longLine = "1," + new string(' ', BoundedLineReader.DefaultMaxLength) + "2";
        var e = Assert.Throws<DataFormatException>(() => DatasetReader.ReadCsv(new StringReader($"x,y\n0,1\n{longLine}\n")));
        Assert.Contains("line longer", e.Message);
        Assert.Equal(3, e.Line);
    }

    [Theory]
    [InlineData("a\nbb\r\nccc\rdddd", new[] { "a", "bb", "ccc", "dddd" })]
    [InlineData("a\n\nb\n", new[] { "a", "", "b" })]
    [InlineData("\r\n\r\n", new[] { "", "" })]
    public void LinesEndAtNewlineCarriageReturnOrBoth(string text, string[] expected)
    {
        foreach (int chunk in new[] { 1, 2, 3, 1000 })
        {
            var reader = new BoundedLineReader(new ChunkedReader(text, chunk), "<t>", maxLength: 8);
            var lines = new List<string>();
            while (reader.TryReadLine(out var line)) lines.Add(line.ToString());
            Assert.Equal(expected, lines);
        }
        var tooLong = new BoundedLineReader(new StringReader("123456789\n"), "<t>", maxLength: 8);
        Assert.Throws<DataFormatException>(() => tooLong.TryReadLine(out _));
    }

    /// <summary>A reader that hands out at most <c>chunk</c> characters per call (line ends fall across buffers).</summary>
    private sealed class ChunkedReader(string text, int chunk) : TextReader
    {
        private int _at;

        public override int Read(char[] buffer, int index, int count)
        {
            int n = Math.Min(Math.Min(count, chunk), text.Length - _at);
            text.CopyTo(_at, buffer, index, n);
            _at += n;
            return n;
        }
    }
}
