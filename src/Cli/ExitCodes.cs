using Verifier.Shared.Data;

namespace Verifier.Cli;

/// <summary>Exit codes of INTERFACE.md, and the one place where errors are mapped to them.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int CheckFailed = 1;
    public const int BadInput = 2;
    public const int InternalError = 3;

    /// <summary>Runs a command body; user errors become one line on stderr and exit 2, bugs exit 3.</summary>
    public static int Guard(Func<int> body)
    {
        try { return body(); }
        catch (DataFormatException e) { return Fail(e.Message, BadInput); }
        catch (UsageException e) { return Fail(e.Message, BadInput); }
        catch (IOException e) { return Fail($"input/output error: {e.Message}", BadInput); }      // a full disk, a vanished file: the environment, not a bug
        catch (UnauthorizedAccessException e) { return Fail($"permission denied: {e.Message}", BadInput); }
        catch (OutOfMemoryException) { return Fail("out of memory", InternalError); }
        catch (Exception e)
        {
            Console.Error.WriteLine($"verifier: internal error: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("VERIFIER_DEBUG") is "1") Console.Error.WriteLine(e);
            return InternalError;
        }
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"verifier: {message}");
        return code;
    }
}

/// <summary>A request the tool cannot serve as asked (bad option combination, not yet available).</summary>
public sealed class UsageException(string message) : Exception(message);
