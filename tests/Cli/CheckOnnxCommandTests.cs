using Xunit;

namespace Verifier.Tests.Cli;

/// <summary><c>verifier check DATA MODEL.onnx</c> with the PyTorch-exported fixtures.</summary>
public class CheckOnnxCommandTests
{
    private static string F(string name) => OnnxFixtures.Path(name);

    [Fact]
    public void InterpolatingExportPassesAndIsComparedWithTheSparsest()
    {
        var r = CliRunner.Run("check", F("peak-plateau.csv"), F("relu-1d-gemm-f32.onnx"), "--against-sparsest", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json;
        Assert.True((bool)j["interpolates"]!);
        Assert.Equal(4, (int)j["neurons"]!);
        Assert.Equal("float32", (string)j["onnx"]!["weightType"]!);
        var s = j["sparsest"]!;
        Assert.Equal("optimal", (string)s["status"]!);
        Assert.Equal(3, (int)s["count"]!);
        Assert.Equal(1, (int)s["excess"]!);
    }

    [Fact]
    public void MultivariateMatMulAddExportIsComparedWithinTheTimeLimit()
    {
        var r = CliRunner.Run("check", F("relu-2d.csv"), F("relu-2d-matmul-add-f32.onnx"), "--against-sparsest", "--time-limit", "30", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var s = r.Json["sparsest"]!;
        Assert.Equal("parameters", (string)s["objective"]!);
        Assert.Equal(6, (int)s["networkCount"]!);
        Assert.True((int)s["excessAtMost"]! >= 0);
    }

    [Theory]
    [InlineData("tenths.csv", "relu-1d-tenths-f32.onnx")]
    [InlineData("peak-plateau.csv", "relu-1d-trained-f32.onnx")]
    public void ExportThatDoesNotInterpolateExactlyExitsOne(string data, string model)
    {
        var r = CliRunner.Run("check", F(data), F(model), "--json");
        Assert.Equal(1, r.ExitCode);
        Assert.False((bool)r.Json["interpolates"]!);
    }

    [Fact]
    public void NotAReluRegressorExitsTwoNamingTheOperator()
    {
        var r = CliRunner.Run("check", F("peak-plateau.csv"), F("tanh-1d.onnx"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Tanh", r.Stderr);
        Assert.Equal("", r.Stdout);
    }
}
