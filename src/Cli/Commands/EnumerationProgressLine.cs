using Verifier.Continuous.GlobalLp.Enumeration;

namespace Verifier.Cli.Commands;

/// <summary>The progress of <see cref="BasicSolutionEnumeration"/> on stderr for <c>lp</c> and <c>pstar</c> in d &gt; 1,
/// at most one line every two seconds (reports arrive once a second, from one thread).</summary>
internal sealed class EnumerationProgressLine(string command) : IProgress<EnumerationProgress>
{
    private double _lastSeconds;

    public void Report(EnumerationProgress e)
    {
        if (e.Seconds - _lastSeconds < 2) return;
        _lastSeconds = e.Seconds;
        // The share counts finished subtrees weighted by their estimated sizes: an estimate, floored so it never shows
        // 100 % before the end.
        Console.Error.WriteLine($"verifier: {command} {e.Seconds:F1}s enumerating every basic solution ({e.Generators} generators): " +
            $"about {Math.Floor(100 * e.Share)} % of the work done, {e.Candidates} candidate networks so far");
    }
}
