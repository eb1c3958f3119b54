using Verifier.Cli.Commands;
using Xunit;
using static Verifier.Tests.Cli.CliRunner;

namespace Verifier.Tests.Continuous.Training;

public class TrainCommandTests
{
    [Fact]
    public void ShortRunPrintsTheContractFieldsAndAnHonestExactCheck()
    {
        using var data = new TempFile("x,y\n-2,0\n-1,0\n0,1\n1,1\n2,0\n3,0\n");
        using var trace = new TempFile("", ".csv");
        var r = Run("train", data.Path, "--p", "0.4", "--steps", "1500", "--width", "12", "--trace", trace.Path, "--trace-every", "500", "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        foreach (var field in new[] { "neurons", "parameters", "mse", "steps", "seconds", "network", "seed", "optimizer", "p", "lambda", "lr", "width", "pathNorm" })
            Assert.True(j.ContainsKey(field), field);
        Assert.Equal(1500, (int)j["steps"]!);
        Assert.Equal(3, (int)j["exactSparsest"]!);               // the worked example: outer data slopes are 0
        Assert.False((bool)j["interpolatesExactly"]!);           // float weights: no exact interpolation claimed
        var lines = File.ReadAllLines(trace.Path);
        Assert.Equal(TrainCommand.TraceHeader, lines[0]);
        Assert.Equal("step,loss,activeNeurons,nonzeros,lpNorm", lines[0]);
        Assert.Equal(4, lines.Length);                          // steps 500, 1000, 1500
        Assert.StartsWith("1500,", lines[3]);
    }

    [Theory]
    [InlineData("--p", "1.5")]
    [InlineData("--optimizer", "sgd")]
    [InlineData("--steps", "-1")]
    public void BadOptionsExitWithCodeTwo(string option, string value)
    {
        var args = new List<string> { "train", "--preset", "paper-univariate", option, value };
        if (option != "--p") args.AddRange(["--p", "0.4"]);
        var r = Run(args.ToArray());
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void IrlOneNeedsP()
    {
        var r = Run("train", "--preset", "paper-univariate");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--p", r.Stderr);
    }
}
