namespace Verifier.Orchestration.Data;

/// <summary>
/// Stable per-instance seeds and the pseudo-random stream of one instance. Both are fixed here, independent of
/// the .NET runtime (no <see cref="HashCode"/>, no <see cref="Random"/>), so a corpus is reproducible from its
/// arguments on any machine and instance i does not depend on which other instances were generated.
/// </summary>
/// <remarks>
/// seed_i = Mix(Mix(S) ⊕ (i + 1)·0x9E3779B97F4A7C15), where Mix is the SplitMix64 finaliser
/// (z ⊕= z≫30; z ·= 0xBF58476D1CE4E5B9; z ⊕= z≫27; z ·= 0x94D049BB133111EB; z ⊕= z≫31), all arithmetic mod 2^64.
/// The stream of instance i is SplitMix64 started at seed_i (state += 0x9E3779B97F4A7C15, output Mix(state)).
/// </remarks>
public static class InstanceSeed
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>The SplitMix64 finaliser: a bijection of 64-bit words with full avalanche.</summary>
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z ^= z >> 30; z *= 0xBF58476D1CE4E5B9UL;
            z ^= z >> 27; z *= 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>The seed of instance <paramref name="index"/> of the corpus with seed <paramref name="corpusSeed"/>.</summary>
    public static ulong Derive(long corpusSeed, long index) =>
        unchecked(Mix(Mix((ulong)corpusSeed) ^ ((ulong)index + 1) * Golden));
}

/// <summary>The SplitMix64 generator (Steele, Lea &amp; Flood 2014): small, fast, and specified bit for bit.</summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        unchecked { _state += 0x9E3779B97F4A7C15UL; }
        return InstanceSeed.Mix(_state);
    }

    /// <summary>Uniform integer in [lo, hi] (inclusive), by rejection, so no value is favoured.</summary>
    public long Next(long lo, long hi)
    {
        if (hi < lo) throw new ArgumentException("empty range");
        ulong span = (ulong)(hi - lo) + 1;
        ulong limit = ulong.MaxValue - ulong.MaxValue % span;
        ulong r;
        do r = NextUInt64(); while (r >= limit);
        return lo + (long)(r % span);
    }
}
