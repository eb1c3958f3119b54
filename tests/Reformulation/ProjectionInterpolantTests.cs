using Verifier.Reformulation;
using Verifier.Exact.Mip;
using Verifier.Shared.Checks;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;
using Xunit;

namespace Verifier.Tests.Reformulation;

public class ProjectionInterpolantTests
{
    [Theory]
    [InlineData(6, 2, 1, false)]
    [InlineData(9, 3, 2, false)]
    [InlineData(9, 3, 3, true)]
    [InlineData(5, 40, 4, false)]
    public void InterpolatesRandomDataExactlyWithAtMostNNeurons(int n, int d, int seed, bool skip)
    {
        var rng = new Random(seed);
        var data = Dataset.Create(d, Enumerable.Range(0, n * d).Select(_ => Rational.Create(rng.Next(-1000, 1001), 1000)).ToArray(),
            Enumerable.Range(0, n).Select(_ => Rational.Create(rng.Next(-1000, 1001), 1000)).ToArray());
        var net = ProjectionInterpolant.Build(data, skip)!;
        Assert.True(InterpolationCheck.Check(net, data).Interpolates);
        Assert.Equal(skip, net.Skip is not null);
        Assert.True(SparsityMeasures.ActiveNeurons(net) <= (skip ? n - 2 : n));
    }

    /// <summary>(1, 0) and (0, 1) collide on a = (1, 1) (t = 1), so the direction must move on to t = 2; the labels
    /// need the linear part, which without the skip term becomes two opposite neurons.</summary>
    [Fact]
    public void MovesOnWhenTheFirstDirectionMergesTwoInputs()
    {
        var data = Dataset.Create(2, [1, 0, 0, 1, 0, 0], [3, 5, 0]);
        var net = ProjectionInterpolant.Build(data, skip: false)!;
        Assert.True(InterpolationCheck.Check(net, data).Interpolates);
        Assert.All(net.Neurons, q => Assert.Equal(q.W[1], q.W[0] * Rational.Create(2, 1)));
    }
}
