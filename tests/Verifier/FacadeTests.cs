using FsCheck;
using FsCheck.Fluent;
using Verifier.Exact.Problems;
using Verifier.Testing;
using Xunit;

namespace Verifier.Tests.Facade;

/// <summary>The library facade (package Verifier.Library) as other people's code calls it.</summary>
public class FacadeTests
{
    [Fact]
    public void SparsestPStarLpAndCheckAgreeOnPeakPlateau()
    {
        var data = ReluInterpolation.Data([[-2], [-1], [0], [1], [2], [3]], [0, 0, 1, 1, 0, 0]);
        var sparsest = ReluInterpolation.Sparsest(data);
        Assert.Equal((SolveStatus.Optimal, 3, true), (sparsest.Status, sparsest.Count!.Value, sparsest.Verified));
        Assert.True(ReluInterpolation.Check(sparsest.Network!, data).Interpolates);
        var pStar = ReluInterpolation.PStar(data);
        Assert.Equal(3, pStar.Sparsest);
        var lp = ReluInterpolation.MinimiseLp(data, 0.5);
        Assert.True(lp.Certified);
        Assert.Equal(3, ReluInterpolation.Check(lp.Network!, data).Neurons);
    }

    [Fact]
    public void ReadNetworkChoosesTheOnnxReaderByExtension()
    {
        var net = ReluInterpolation.ReadNetwork(OnnxFixtures.Path("relu-1d-gemm-f32.onnx"));
        var gap = ReluInterpolation.CompareWithSparsest(net, ReluInterpolation.ReadData(OnnxFixtures.Path("peak-plateau.csv")));
        Assert.Equal((4, 1), (gap.NetworkCount, gap.Excess!.Value));
    }

    [Fact]
    public void ATrainingMethodCanBeRunAgainstTheTrainingProperties()
    {
        // Below p* the min-ℓ^p interpolant is sparsest (Thm 3.2): a "training method" that passes with no slack.
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(15),
            SparseTrainingProperties.FindsSparsestUnivariate(d => ReluInterpolation.MinimiseLp(d, ReluInterpolation.PStar(d).Lower!.Value / 2).Network!));
        Assert.NotEmpty(Theorems.All);
    }
}
