namespace Verifier.Tests;

/// <summary>Paths to the ONNX fixtures exported by PyTorch (tests/fixtures/onnx, made by make_fixtures.py).</summary>
public static class OnnxFixtures
{
    public static string Path(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Verifier.sln"))) dir = dir.Parent;
        return System.IO.Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "tests", "fixtures", "onnx", name);
    }
}
