namespace Verifier.Shared.Limits;

/// <summary>Time limits as cancellation: <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> rejects spans
/// beyond about 24.8 days (and infinite ones), so a longer limit is treated as no limit instead of an error.</summary>
public static class TimeLimit
{
    /// <summary>Cancels after <paramref name="seconds"/>; a limit already spent (≤ 0) cancels at once, synchronously
    /// (CancelAfter would fire from a timer, possibly late on a loaded machine).</summary>
    public static void CancelAfterSeconds(this CancellationTokenSource source, double seconds)
    {
        if (!(seconds > 0)) source.Cancel();
        else if (seconds * 1000 < int.MaxValue) source.CancelAfter(TimeSpan.FromMilliseconds(seconds * 1000));
    }
}
