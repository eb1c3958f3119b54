using Verifier.Shared.Numbers;

namespace Verifier.Shared.Data;

/// <summary>Points as read from a file, before canonicalisation (sorting, merging duplicates, conflict check).</summary>
/// <param name="Dimension">Input dimension d.</param>
/// <param name="X">Inputs, row-major N × d.</param>
/// <param name="Y">Labels.</param>
/// <param name="Lines">Source line of each point (0 when unknown).</param>
/// <param name="Source">File name, for messages.</param>
public sealed record RawPoints(int Dimension, Rational[] X, Rational[] Y, int[] Lines, string? Source)
{
    public Dataset ToDataset() => Dataset.Create(Dimension, X, Y, Lines, Source);
}
