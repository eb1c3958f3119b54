using System.Runtime.InteropServices;

namespace Verifier.Cli.Output;

/// <summary>
/// What <c>stat(2)</c> says about a path (symbolic links followed): device and inode, which name one file however it
/// is reached (symlinks, hard links, <c>./</c>), and its type (regular, directory, device, FIFO, …).
/// .NET exposes neither, so <see cref="Of"/> calls the C library on Linux (x86-64 and ARM64 layouts); elsewhere it
/// returns null and callers fall back to comparing resolved full paths and treating existing files as regular.
/// </summary>
public readonly record struct FileIdentity(ulong Device, ulong Inode, uint Mode)
{
    private const uint TypeMask = 0xF000, RegularType = 0x8000, DirectoryType = 0x4000;

    public bool IsRegular => (Mode & TypeMask) == RegularType;
    public bool IsDirectory => (Mode & TypeMask) == DirectoryType;

    /// <summary>True when both name the same file.</summary>
    public bool SameFileAs(FileIdentity other) => Device == other.Device && Inode == other.Inode;

    /// <summary>The identity of the file <paramref name="path"/> names (links followed), or null when it does not
    /// exist or the platform is not supported.</summary>
    public static FileIdentity? Of(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        int modeOffset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24,   // dev, ino, nlink (8 bytes each), then mode
            Architecture.Arm64 => 16, // dev, ino, then mode (generic layout)
            _ => -1,
        };
        if (modeOffset < 0) return null;
        var buffer = new byte[256]; // struct stat is 144 (x86-64) or 128 (ARM64) bytes
        int rc;
        try { rc = Stat(path, buffer); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            try { rc = XStat(RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 1 : 0, path, buffer); }
            catch (Exception e2) when (e2 is DllNotFoundException or EntryPointNotFoundException) { return null; }
        }
        if (rc != 0) return null;
        return new FileIdentity(BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8), BitConverter.ToUInt32(buffer, modeOffset));
    }

    [DllImport("libc.so.6", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);

    // glibc before 2.33 exports stat only as __xstat(version, path, buffer).
    [DllImport("libc.so.6", EntryPoint = "__xstat", SetLastError = true)]
    private static extern int XStat(int version, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);
}
