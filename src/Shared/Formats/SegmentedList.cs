namespace Verifier.Shared.Formats;

/// <summary>
/// An append-only list in fixed segments of <see cref="SegmentLength"/> items. A <see cref="List{T}"/> of a million
/// entries doubles its array about twenty times, and each abandoned array over 85 kB sits on the large-object heap
/// until a full collection; here nothing is ever copied, and <see cref="Release"/> frees the segments a reader has
/// consumed while it builds the next representation.
/// </summary>
internal sealed class SegmentedList<T>
{
    public const int SegmentLength = 8192;
    private readonly List<T[]?> _segments = [];

    public int Count { get; private set; }

    public void Add(T item)
    {
        if (Count % SegmentLength == 0) _segments.Add(new T[SegmentLength]);
        _segments[^1]![Count % SegmentLength] = item;
        Count++;
    }

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            return (_segments[index / SegmentLength] ?? throw new InvalidOperationException("segment already released"))[index % SegmentLength];
        }
    }

    /// <summary>Frees every segment that holds only items before <paramref name="index"/>; reading them afterwards
    /// throws.</summary>
    public void Release(int index)
    {
        for (int s = 0; s < Math.Min(index / SegmentLength, _segments.Count); s++) _segments[s] = null;
    }
}
