namespace Verifier.Exact.Problems;

/// <summary>Time limits as cancellation: <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> rejects spans
/// beyond about 24.8 days (and infinite ones), so a longer limit is treated as no limit instead of an error.</summary>
public static class TimeLimit
{
    public static void CancelAfterSeconds(this CancellationTokenSource source, double seconds)
    {
        if (seconds * 1000 < int.MaxValue) source.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(0, seconds * 1000)));
    }
}
