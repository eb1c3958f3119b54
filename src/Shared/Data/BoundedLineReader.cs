namespace Verifier.Shared.Data;

/// <summary>
/// The lines of a text (ended by \n, \r\n or \r), each at most <see cref="MaxLength"/> characters. A longer line is
/// rejected as soon as its first character beyond the limit is read, so a hostile file with one enormous row costs
/// at most that much memory. Lines are returned as spans into an internal buffer (valid until the next read), so
/// reading allocates nothing per line.
/// </summary>
public sealed class BoundedLineReader(TextReader reader, string source, int maxLength = BoundedLineReader.DefaultMaxLength)
{
    /// <summary>The longest accepted line of a data file, in characters (1 MiB: a row of 50 000 twenty-digit numbers).</summary>
    public const int DefaultMaxLength = 1 << 20;

    private char[] _buffer = new char[1 << 16];
    private int _start, _end;
    private bool _eof;

    public int MaxLength { get; } = maxLength;

    /// <summary>The number of the line last returned (1-based).</summary>
    public int LineNumber { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        int scanned = 0; // characters after _start already known to hold no line end
        while (true)
        {
            int idx = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOfAny('\n', '\r');
            if (idx >= 0)
            {
                int length = scanned + idx;
                int end = _start + length;
                if (_buffer[end] == '\r' && end + 1 == _end && !_eof)
                {
                    // A \r at the end of the buffer: read on to see whether a \n follows.
                    CheckLength(length);
                    scanned = length;
                    Fill();
                    continue;
                }
                CheckLength(length);
                LineNumber++;
                line = _buffer.AsSpan(_start, length);
                int skip = _buffer[end] == '\r' && end + 1 < _end && _buffer[end + 1] == '\n' ? 2 : 1;
                _start = end + skip;
                return true;
            }
            scanned = _end - _start;
            CheckLength(scanned);
            if (_eof)
            {
                if (scanned == 0) { line = default; return false; }
                LineNumber++;
                line = _buffer.AsSpan(_start, scanned);
                _start = _end;
                return true;
            }
            Fill();
        }
    }

    private void CheckLength(int length)
    {
        if (length > MaxLength)
            throw new DataFormatException($"line longer than {MaxLength} characters (the limit of a data row)", source, LineNumber + 1);
    }

    /// <summary>Moves the unread part to the front (growing the buffer when it is full) and reads more.</summary>
    private void Fill()
    {
        int pending = _end - _start;
        if (pending == _buffer.Length) Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxLength + 2));
        if (_start > 0) Array.Copy(_buffer, _start, _buffer, 0, pending);
        _start = 0;
        _end = pending;
        int n = reader.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) _eof = true;
        _end += n;
    }
}
