using Verifier.Exact.Mip;
using Verifier.Exact.Problems;
using Verifier.Shared.Networks;
using Xunit;

namespace Verifier.Tests.Exact;

/// <summary>The cut pool re-checks every cut exactly as it arrives (inside the search's time), so the solver no longer
/// re-checks the whole list after the search, where that had no budget.</summary>
public class BendersCutPoolTests
{
    private static (BendersInstance Instance, BendersCertificate Certificate) Solved()
    {
        var problem = new SparsestProblem(BendersSolverTests.RandomMilliData(7, 2, 4), false, SparsityObjective.Parameters);
        var (_, certificate) = BendersSolverTests.Solve(problem);
        var instance = BendersInstance.TryBuild(problem, 60, default, out _)!;
        return (instance, certificate);
    }

    [Fact]
    public void RealCutsPassAndAForgedOneIsCaughtOnArrival()
    {
        var (instance, certificate) = Solved();
        var pool = new BendersCutPool(instance);
        foreach (var cut in certificate.Cuts) pool.Add(cut);
        Assert.True(pool.AllVerified);
        Assert.Equal(certificate.Cuts.Count, pool.Count);
        // A cut naming a group that does not exist (otherwise a valid, weaker cut) fails its exact check.
        var forged = certificate.Cuts[0] with { Groups = [.. certificate.Cuts[0].Groups, instance.Groups.Count + 3] };
        pool.Add(forged);
        Assert.False(pool.AllVerified);
        Assert.False(pool.Certificate().VerifyCuts());
    }

    [Fact]
    public void ASignFlippedCutFailsOnArrival()
    {
        // The solver reads only the pool's verdict (AllVerified) before reporting any bound above the trivial one.
        var (instance, certificate) = Solved();
        var pool = new BendersCutPool(instance);
        var wrongSign = certificate.Cuts.First(c => c.Pi.Any(v => !v.IsZero));
        pool.Add(wrongSign with { Pi = wrongSign.Pi.Select(v => -v).ToArray() });
        Assert.False(pool.AllVerified);
    }

    [Fact]
    public void ConcurrentAddsKeepEachDistinctCutOnce()
    {
        var (instance, certificate) = Solved();
        var pool = new BendersCutPool(instance);
        int added = 0;
        pool.Added += _ => Interlocked.Increment(ref added);
        Parallel.For(0, 4, _ => { foreach (var cut in certificate.Cuts) pool.Add(cut); });
        Assert.Equal(certificate.Cuts.Count, pool.Count);
        Assert.Equal(certificate.Cuts.Count, added);
        Assert.True(pool.AllVerified);
        Assert.True(pool.CheckSeconds > 0);
    }
}
