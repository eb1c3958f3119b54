namespace Verifier.Shared.Data;

/// <summary>A user-caused input error (bad file, bad number, ragged row), optionally with the line it is on.
/// The CLI maps it to exit code 2 with a one-line message.</summary>
public class DataFormatException(string message, string? source = null, int? line = null)
    : Exception(Format(message, source, line))
{
    /// <summary>The file the error is in, if any.</summary>
    public string? SourceName { get; } = source;
    public int? Line { get; } = line;

    private static string Format(string message, string? source, int? line) =>
        (source, line) switch
        {
            (not null, not null) => $"{source}:{line}: {message}",
            (not null, null) => $"{source}: {message}",
            _ => message,
        };
}

/// <summary>The data admit no interpolating network at all: two equal inputs carry different labels.</summary>
public sealed class NoInterpolantException(string message, string? source, int firstLine, int secondLine)
    : DataFormatException(message, source, null)
{
    public int FirstLine { get; } = firstLine;
    public int SecondLine { get; } = secondLine;
}
