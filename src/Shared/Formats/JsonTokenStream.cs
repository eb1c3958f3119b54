using System.Text;
using System.Text.Json;
using Verifier.Shared.Data;

namespace Verifier.Shared.Formats;

/// <summary>
/// The tokens of one JSON document read from a stream through a fixed-size buffer (<see cref="Utf8JsonReader"/>
/// over successive blocks), so a file of any size is read in constant memory apart from what the caller keeps.
/// A single token longer than <see cref="MaxTokenBytes"/> is rejected as soon as it is seen.
/// </summary>
public sealed class JsonTokenStream
{
    /// <summary>The longest accepted token (a number or a string such as an exact rational "p/q"), in bytes.</summary>
    public const int MaxTokenBytes = 1 << 20;

    private readonly Stream _stream;
    private readonly string _source;
    private byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private bool _final;
    private JsonReaderState _state;

    public JsonTokenStream(Stream stream, string source)
    {
        _stream = stream;
        _source = source;
        _state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
    }

    public JsonTokenType TokenType { get; private set; }

    /// <summary>The text of a property name or string (unescaped), or the raw text of a number; null otherwise.</summary>
    public string? Text { get; private set; }

    /// <summary>Moves to the next token; false at the end of the document.</summary>
    public bool Read()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            bool read;
            try { read = reader.Read(); }
            catch (JsonException e) { throw new DataFormatException($"invalid JSON: {e.Message}", _source, (int?)(e.LineNumber + 1)); }
            if (read)
            {
                TokenType = reader.TokenType;
                Text = TokenType switch
                {
                    JsonTokenType.PropertyName or JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                    _ => null,
                };
                _start += (int)reader.BytesConsumed;
                _state = reader.CurrentState;
                return true;
            }
            _start += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            if (_final) return false;
            Refill();
        }
    }

    /// <summary>Skips the value whose first token is the current one (a whole object or array included).</summary>
    public void SkipValue()
    {
        if (TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return;
        int depth = 1;
        while (depth > 0 && Read())
        {
            if (TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) depth++;
            else if (TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray) depth--;
        }
    }

    private void Refill()
    {
        int pending = _end - _start;
        if (pending >= MaxTokenBytes) throw new DataFormatException($"a single JSON token is longer than {MaxTokenBytes} bytes", _source);
        if (pending == _buffer.Length) Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxTokenBytes + 1));
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
        _start = 0;
        _end = pending;
        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) _final = true;
        _end += n;
    }
}
