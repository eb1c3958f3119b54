using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;


namespace Verifier.Exact.Certificates;

/// <summary>The bit masks of <see cref="HittingSetCheck"/>, written apart from the solver's own (the re-check shares no
/// code with the search it checks).</summary>
public sealed partial class HittingSetCheck
{
    /// <summary>Bit-mask operations over whole blocks of 8 words (every mask length is padded to a multiple of 8 with
    /// zero words), 512 bits at a time.</summary>
    private static class Bits
    {
        public static int Padded(int words) => Math.Max(8, (words + 7) / 8 * 8);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Meets(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
        {
            ref ulong x = ref MemoryMarshal.GetReference(a), y = ref MemoryMarshal.GetReference(b);
            var any = Vector512<ulong>.Zero;
            for (nuint i = 0; i < (nuint)a.Length; i += 8) any |= Vector512.LoadUnsafe(ref x, i) & Vector512.LoadUnsafe(ref y, i);
            return any != Vector512<ulong>.Zero;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Meets(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> c)
        {
            ref ulong x = ref MemoryMarshal.GetReference(a), y = ref MemoryMarshal.GetReference(b), z = ref MemoryMarshal.GetReference(c);
            var any = Vector512<ulong>.Zero;
            for (nuint i = 0; i < (nuint)a.Length; i += 8)
                any |= Vector512.LoadUnsafe(ref x, i) & Vector512.LoadUnsafe(ref y, i) & Vector512.LoadUnsafe(ref z, i);
            return any != Vector512<ulong>.Zero;
        }

        /// <summary>|a ∧ b|.</summary>
        public static int Count(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
        {
            int count = 0;
            for (int w = 0; w < a.Length; w++) count += BitOperations.PopCount(a[w] & b[w]);
            return count;
        }

        /// <summary>target = a ∧ b (target may be a or b).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void And(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> target)
        {
            ref ulong x = ref MemoryMarshal.GetReference(a), y = ref MemoryMarshal.GetReference(b), t = ref MemoryMarshal.GetReference(target);
            for (nuint i = 0; i < (nuint)a.Length; i += 8) (Vector512.LoadUnsafe(ref x, i) & Vector512.LoadUnsafe(ref y, i)).StoreUnsafe(ref t, i);
        }

        /// <summary>target = a ∧ ¬b.</summary>
        public static void AndNot(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> target)
        {
            ref ulong x = ref MemoryMarshal.GetReference(a), y = ref MemoryMarshal.GetReference(b), t = ref MemoryMarshal.GetReference(target);
            for (nuint i = 0; i < (nuint)a.Length; i += 8)
                Vector512.AndNot(Vector512.LoadUnsafe(ref x, i), Vector512.LoadUnsafe(ref y, i)).StoreUnsafe(ref t, i);
        }
    }
}
