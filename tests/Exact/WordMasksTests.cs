using Verifier.Exact.Mip;
using Xunit;

namespace Verifier.Tests.Exact;

public class WordMasksTests
{
    /// <summary>Whole blocks take the vector path (where the hardware has one), other lengths the word-by-word path;
    /// both must equal the plain definitions on random masks, sparse ones included (so that empty intersections occur).</summary>
    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(5)]
    [InlineData(13)]
    public void EveryOperationMatchesThePlainDefinition(int words)
    {
        var rng = new Random(words);
        ulong Word(int sparsity) { ulong v = (ulong)rng.NextInt64() ^ ((ulong)rng.NextInt64() << 1); for (int i = 0; i < sparsity; i++) v &= (ulong)rng.NextInt64(); return v; }
        for (int trial = 0; trial < 500; trial++)
        {
            int sparsity = trial % 8;
            var a = Enumerable.Range(0, words).Select(_ => Word(sparsity)).ToArray();
            var b = Enumerable.Range(0, words).Select(_ => Word(sparsity)).ToArray();
            Assert.Equal(a.Zip(b).Any(p => (p.First & p.Second) != 0), WordMasks.Intersects(a, b));
            Assert.Equal(a.Zip(b).Sum(p => System.Numerics.BitOperations.PopCount(p.First & p.Second)), WordMasks.CountAnd(a, b));
            var andNot = new ulong[words];
            WordMasks.AndNot(a, b, andNot);
            Assert.Equal(a.Zip(b).Select(p => p.First & ~p.Second), andNot);
            var target = (ulong[])a.Clone();
            WordMasks.AndInto(target, b);
            Assert.Equal(a.Zip(b).Select(p => p.First & p.Second), target);
        }
    }

    [Fact]
    public void PaddingRoundsUpToWholeBlocks()
    {
        Assert.Equal(0, WordMasks.Padded(0));
        Assert.Equal(8, WordMasks.Padded(1));
        Assert.Equal(8, WordMasks.Padded(8));
        Assert.Equal(16, WordMasks.Padded(9));
    }
}
