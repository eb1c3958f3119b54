using System.Globalization;
using System.Runtime.InteropServices;
using Verifier.Shared.Data;

namespace Verifier.Cli.Output;

/// <summary>
/// The output files of one command (<c>--out</c>, <c>--trace</c>, pictures), which land together or not at all.
/// Every output is declared before the work starts (<see cref="Create"/>): it is refused when it names an input of
/// the command or another output (same path, symlink or hard link: device and inode where the file exists), when it
/// is a directory or its directory does not exist. The command writes into a temporary file; <see cref="Commit"/>
/// then puts every output in place: a regular file (or a missing one, or the regular target of a symlink) is
/// replaced atomically by renaming the temporary file over it; anything else (a device such as /dev/null, a FIFO)
/// is written through, never replaced. Without a commit (an error, a full disk) every temporary file is deleted and
/// no target is touched. Failures to write are <see cref="DataFormatException"/>s (exit 2).
/// </summary>
public sealed class OutputFiles : IDisposable
{
    private sealed record Input(string Path, string Full, FileIdentity? Id);

    private sealed class Pending(string option, string path, string target, string staging, bool replace, FileIdentity? id, FileStream stream)
    {
        public string Option { get; } = option;
        public string Path { get; } = path;
        /// <summary>The file finally written: the path with its symlinks resolved.</summary>
        public string Target { get; } = target;
        public string Staging { get; } = staging;
        /// <summary>True for a regular (or missing) target, renamed over; false for a device or FIFO, written through.</summary>
        public bool Replace { get; } = replace;
        public FileIdentity? Id { get; } = id;
        public FileStream Stream { get; } = stream;
    }

    /// <summary>Transactions not yet committed or disposed: their temporary files are deleted if the process is
    /// stopped (Ctrl-C, SIGTERM) before they finish, so no <c>*.tmp-PID</c> file is left behind.</summary>
    private static readonly HashSet<OutputFiles> Open = [];
    private static readonly Lock OpenGate = new();

    private static readonly PosixSignalRegistration[] Signals;

    static OutputFiles()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => AbandonAll();
        // Ctrl-C and SIGTERM end the process without unwinding: clean up, then let the default handling stop it.
        Signals = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, _ => AbandonAll()))];
    }

    private static void AbandonAll()
    {
        OutputFiles[] open;
        lock (OpenGate) open = [.. Open];
        foreach (var files in open) files.Dispose();
    }

    private readonly List<Input> _inputs = [];
    private readonly List<Pending> _pending = [];
    private bool _done;

    /// <summary>A transaction for a command whose inputs are <paramref name="inputs"/> (null entries are ignored).</summary>
    public OutputFiles(params IEnumerable<string?> inputs)
    {
        foreach (var input in inputs) AddInput(input);
        lock (OpenGate) Open.Add(this);
    }

    /// <summary>One more file the outputs must not overwrite.</summary>
    public void AddInput(string? path)
    {
        if (string.IsNullOrEmpty(path)) return;
        string full;
        try { full = Resolve(System.IO.Path.GetFullPath(path)); }
        catch (Exception e) when (e is ArgumentException or IOException or NotSupportedException) { return; } // the reader reports it
        _inputs.Add(new Input(path, full, FileIdentity.Of(path)));
    }

    /// <summary>Declares the output <paramref name="path"/> of option <paramref name="option"/> and returns the stream
    /// to write it into (a temporary file until <see cref="Commit"/>). Checks everything that can be checked before
    /// the work starts.</summary>
    public Stream Create(string path, string option)
    {
        if (_done) throw new InvalidOperationException("the outputs were already committed or abandoned");
        if (string.IsNullOrWhiteSpace(path)) throw new UsageException($"{option}: an output file name is needed");
        string full, target;
        try
        {
            full = System.IO.Path.GetFullPath(path);
            target = Resolve(full);
        }
        catch (Exception e) when (e is ArgumentException or IOException or NotSupportedException)
        { throw new UsageException($"{option} {path}: not a usable file path ({e.Message})"); }
        if (Directory.Exists(target)) throw new UsageException($"{option} {path}: is a directory, a file name is needed");
        var id = FileIdentity.Of(full);
        foreach (var input in _inputs)
            if (Same(id, target, input.Id, input.Full))
                throw new UsageException($"{option} {path} is the input {input.Path}: refusing to write over it (choose another output file)");
        foreach (var other in _pending)
            if (Same(id, target, other.Id, other.Target))
                throw new UsageException($"{option} {path} is the same file as {other.Option} {other.Path}");

        bool exists = File.Exists(target);
        bool replace = !exists || (id?.IsRegular ?? true);
        string staging;
        if (replace)
        {
            string? dir = System.IO.Path.GetDirectoryName(target);
            if (dir is not null && !Directory.Exists(dir)) throw new UsageException($"{option} {path}: the directory {dir} does not exist");
            staging = $"{target}.tmp-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
        }
        else staging = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"verifier-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}.tmp");
        FileStream stream;
        try { stream = new FileStream(staging, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new UsageException($"{option} {path}: cannot write there ({e.Message})"); }
        _pending.Add(new Pending(option, path, target, staging, replace, id, stream));
        return stream;
    }

    /// <summary>Drops a declared output that the command turned out to have nothing for (its target is left as it was).</summary>
    public void Abandon(Stream stream)
    {
        var p = _pending.FirstOrDefault(p => ReferenceEquals(p.Stream, stream));
        if (p is null) return;
        _pending.Remove(p);
        Delete(p);
    }

    /// <summary>Puts every output in place. Devices and FIFOs are written first (they are where a full disk or a
    /// missing reader shows), then the regular files are renamed over their targets.</summary>
    public void Commit()
    {
        if (_done) throw new InvalidOperationException("the outputs were already committed or abandoned");
        Pending? current = null;
        try
        {
            foreach (var p in _pending) { current = p; p.Stream.Dispose(); } // flushes: a full disk fails here
            foreach (var p in _pending.Where(p => !p.Replace))
            {
                current = p;
                using var source = new FileStream(p.Staging, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                using var sink = new FileStream(p.Target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16);
                source.CopyTo(sink);
                sink.Flush();
            }
            foreach (var p in _pending.Where(p => p.Replace))
            {
                current = p;
                // The replaced file keeps its permissions (the temporary file has the default ones).
                if (!OperatingSystem.IsWindows() && File.Exists(p.Target)) File.SetUnixFileMode(p.Staging, File.GetUnixFileMode(p.Target));
                File.Move(p.Staging, p.Target, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Dispose();
            throw new DataFormatException($"cannot write the output ({e.Message}); no output file was changed", current is null ? null : $"{current.Option} {current.Path}");
        }
        finally
        {
            foreach (var p in _pending.Where(p => !p.Replace)) Delete(p);
        }
        _done = true;
        lock (OpenGate) Open.Remove(this);
    }

    /// <summary>Without a commit: closes and deletes every temporary file; no target is touched.</summary>
    public void Dispose()
    {
        lock (OpenGate) Open.Remove(this);
        if (_done) return;
        _done = true;
        foreach (var p in _pending) Delete(p);
    }

    private static void Delete(Pending p)
    {
        try { p.Stream.Dispose(); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // e.g. the flush of a full disk
        try { File.Delete(p.Staging); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>The path with every symlink resolved (the file a write would reach); the path itself when it is not a link.</summary>
    private static string Resolve(string full)
    {
        var info = new FileInfo(full);
        if (info.LinkTarget is null) return full;
        return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
    }

    private static bool Same(FileIdentity? a, string aPath, FileIdentity? b, string bPath) =>
        a is { } x && b is { } y ? x.SameFileAs(y) : string.Equals(aPath, bPath, StringComparison.Ordinal);
}
