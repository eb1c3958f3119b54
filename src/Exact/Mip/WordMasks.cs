using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Verifier.Exact.Mip;

/// <summary>
/// Word-parallel operations on bit masks stored as <c>ulong</c> words, eight words (512 bits) at a time where the
/// hardware has 512-bit vectors, word by word otherwise. Lengths passed to the vector paths are multiples of
/// <see cref="Block"/>; callers pad their masks with zero words (<see cref="Padded"/>). Results never depend on the path.
/// Operands shorter than the span they are combined over are rejected (the vector path reads without bounds checks).
/// </summary>
internal static class WordMasks
{
    /// <summary>Words per vector block.</summary>
    public const int Block = 8;

    /// <summary>The smallest multiple of <see cref="Block"/> that holds <paramref name="words"/> words.</summary>
    public static int Padded(int words) => (words + Block - 1) / Block * Block;

    /// <summary>Whether a ∩ b ≠ ∅ (over the length of <paramref name="a"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Intersects(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (b.Length < a.Length) throw new ArgumentException("the second mask is shorter than the first", nameof(b));
        if (Vector512.IsHardwareAccelerated && a.Length % Block == 0)
        {
            ref ulong ra = ref MemoryMarshal.GetReference(a);
            ref ulong rb = ref MemoryMarshal.GetReference(b);
            for (nuint w = 0; w < (nuint)a.Length; w += Block)
                if ((Vector512.LoadUnsafe(ref ra, w) & Vector512.LoadUnsafe(ref rb, w)) != Vector512<ulong>.Zero) return true;
            return false;
        }
        for (int w = 0; w < a.Length; w++) if ((a[w] & b[w]) != 0) return true;
        return false;
    }

    /// <summary>target ← target ∩ source.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AndInto(Span<ulong> target, ReadOnlySpan<ulong> source)
    {
        if (source.Length < target.Length) throw new ArgumentException("the source mask is shorter than the target", nameof(source));
        if (Vector512.IsHardwareAccelerated && target.Length % Block == 0)
        {
            ref ulong rt = ref MemoryMarshal.GetReference(target);
            ref ulong rs = ref MemoryMarshal.GetReference(source);
            for (nuint w = 0; w < (nuint)target.Length; w += Block)
                (Vector512.LoadUnsafe(ref rt, w) & Vector512.LoadUnsafe(ref rs, w)).StoreUnsafe(ref rt, w);
            return;
        }
        for (int w = 0; w < target.Length; w++) target[w] &= source[w];
    }

    /// <summary>result ← a ∖ b (over the length of <paramref name="result"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AndNot(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result)
    {
        if (a.Length < result.Length || b.Length < result.Length) throw new ArgumentException("an operand is shorter than the result");
        if (Vector512.IsHardwareAccelerated && result.Length % Block == 0)
        {
            ref ulong ra = ref MemoryMarshal.GetReference(a);
            ref ulong rb = ref MemoryMarshal.GetReference(b);
            ref ulong rr = ref MemoryMarshal.GetReference(result);
            for (nuint w = 0; w < (nuint)result.Length; w += Block)
                Vector512.AndNot(Vector512.LoadUnsafe(ref ra, w), Vector512.LoadUnsafe(ref rb, w)).StoreUnsafe(ref rr, w);
            return;
        }
        for (int w = 0; w < result.Length; w++) result[w] = a[w] & ~b[w];
    }

    /// <summary>|a ∩ b|.</summary>
    public static int CountAnd(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int count = 0;
        for (int w = 0; w < a.Length; w++) count += BitOperations.PopCount(a[w] & b[w]);
        return count;
    }
}
