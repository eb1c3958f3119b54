using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Verifier.Shared.Numbers;
using Verifier.Reformulation;

namespace Verifier.Exact.Mip;

/// <summary>The cut store of <see cref="FarkasBranchingSearch"/>: the pool shared by workers, this search's mirror of it as
/// masks over groups and over cuts, and the scans of open cuts that feed propagation.</summary>
internal sealed partial class FarkasBranchingSearch
{
    /// <summary>The cuts known to all workers, as masks over groups, in the order they were found (append only).</summary>
    private sealed class CutPool
    {
        private readonly List<ulong[]> _masks = [];
        private int _count;
        public int Count => Volatile.Read(ref _count);

        public void Add(ulong[] mask)
        {
            lock (_masks)
            {
                _masks.Add(mask);
                Volatile.Write(ref _count, _masks.Count);
            }
        }

        public List<ulong[]> Range(int from)
        {
            lock (_masks) return _masks.GetRange(from, _masks.Count - from);
        }
    }

    /// <summary>Adds to the open mask of <paramref name="node"/> the cuts from index <paramref name="scanned"/> on that the
    /// selection does not hit; returns the new scan position.</summary>
    private int ExtendOpen(DepthScratch node, int scanned, ulong[] chosenMask)
    {
        for (int c = scanned; c < _cutCount; c++)
        {
            if (WordMasks.Intersects(CutAt(c), chosenMask)) continue;
            node.Open[c >> 6] |= 1UL << (c & 63);
            node.OpenWords = Math.Max(node.OpenWords, (c >> 6) + 1);
        }
        return _cutCount;
    }

    private ReadOnlySpan<ulong> CutAt(int c) => _cutBits.AsSpan(c * _words, _words);

    /// <summary>
    /// One propagation pass over the open cuts of <paramref name="node"/>: the repair level of a cut is the cheapest r with
    /// an admissible group of cost ≤ r in it (<c>AdmissibleAt</c>); every level below it gets the cut intersected into its
    /// must-hit mask (<c>MustHit</c>, <c>Constrained</c>). False: some open cut has no admissible group at all.
    /// </summary>
    private bool ScanOpenCuts(DepthScratch node, int levels)
    {
        var admissibleAt = node.AdmissibleAt;
        var mustHit = node.MustHit;
        var constrained = node.Constrained;
        for (int ow = 0; ow < node.OpenWords; ow++)
        {
            ulong openBits = node.Open[ow];
            while (openBits != 0)
            {
                int c = ow * 64 + BitOperations.TrailingZeroCount(openBits);
                openBits &= openBits - 1;
                var cut = CutAt(c);
                int repairLevel = 0;
                while (repairLevel < levels && !WordMasks.Intersects(cut, admissibleAt.AsSpan(repairLevel * _words, _words))) repairLevel++;
                if (repairLevel == levels) return false;
                for (int r = 0; r < repairLevel; r++)
                {
                    var level = mustHit.AsSpan(r * _words, _words);
                    if (!constrained[r]) { cut.CopyTo(level); constrained[r] = true; }
                    else WordMasks.AndInto(level, cut);
                }
            }
        }
        return true;
    }

    /// <summary><see cref="ScanOpenCuts"/> for masks of one 512-bit block (at most 512 groups), with the per-level masks
    /// held as vectors. The levels a cut constrains are a prefix [0, repair level), so the constrained ones are too.</summary>
    private bool ScanOpenCutsOneBlock(DepthScratch node, int levels)
    {
        Span<Vector512<ulong>> admissibleAt = stackalloc Vector512<ulong>[levels];
        Span<Vector512<ulong>> mustHit = stackalloc Vector512<ulong>[levels];
        for (int r = 0; r < levels; r++)
        {
            admissibleAt[r] = Vector512.LoadUnsafe(ref node.AdmissibleAt[r * WordMasks.Block]);
            mustHit[r] = Vector512<ulong>.AllBitsSet;
        }
        int constrainedLevels = 0;
        ref ulong cuts = ref MemoryMarshal.GetArrayDataReference(_cutBits);
        for (int ow = 0; ow < node.OpenWords; ow++)
        {
            ulong openBits = node.Open[ow];
            while (openBits != 0)
            {
                int c = ow * 64 + BitOperations.TrailingZeroCount(openBits);
                openBits &= openBits - 1;
                var cut = Vector512.LoadUnsafe(ref cuts, (nuint)c * WordMasks.Block);
                int repairLevel = 0;
                while (repairLevel < levels && (cut & admissibleAt[repairLevel]) == Vector512<ulong>.Zero) repairLevel++;
                if (repairLevel == levels) return false;
                for (int r = 0; r < repairLevel; r++) mustHit[r] &= cut;
                constrainedLevels = Math.Max(constrainedLevels, repairLevel);
            }
        }
        for (int r = 0; r < constrainedLevels; r++)
        {
            mustHit[r].StoreUnsafe(ref node.MustHit[r * WordMasks.Block]);
            node.Constrained[r] = true;
        }
        return true;
    }

    /// <summary>Brings this search's mirror of the cut pool up to date.</summary>
    private void ImportCuts()
    {
        if (_pool.Count > _cutCount) foreach (var mask in _pool.Range(_cutCount)) AddCutMask(mask);
    }

    /// <summary>Appends a cut (a mask over groups) to the mirror, growing the masks over cuts when they are full.</summary>
    private void AddCutMask(ulong[] mask)
    {
        if ((_cutCount + 1) * _words > _cutBits.Length) Array.Resize(ref _cutBits, Math.Max(2 * _cutBits.Length, (_cutCount + 1) * _words));
        if (_cutCount >= 64 * _cutWords)
        {
            _cutWords *= 2;
            for (int k = 0; k < _cutsWith.Length; k++) Array.Resize(ref _cutsWith[k], _cutWords);
            foreach (var s in _scratch) Array.Resize(ref s.Open, _cutWords);
        }
        int c = _cutCount++;
        mask.CopyTo(_cutBits, c * _words);
        for (int k = 0; k < _groups.Count; k++) if (Get(mask, k)) _cutsWith[k][c >> 6] |= 1UL << (c & 63);
    }

    private ulong[] MaskOf(IEnumerable<int> groups)
    {
        var mask = new ulong[_words];
        foreach (int k in groups) Set(mask, k);
        return mask;
    }

    private static void Set(ulong[] mask, int k) => mask[k >> 6] |= 1UL << (k & 63);
    private static void Clear(ulong[] mask, int k) => mask[k >> 6] &= ~(1UL << (k & 63));
    private static bool Get(ulong[] mask, int k) => (mask[k >> 6] >> (k & 63) & 1) != 0;
}
