using System.Globalization;
using System.Runtime.InteropServices;

namespace Benchgen.Generation.Sandbox;

/// <summary>The few libc calls the sandbox needs (uid checks, chown of a run's folder, killing a run's processes).</summary>
internal static partial class Libc
{
    private const string Lib = "libc";

    [LibraryImport(Lib)] internal static partial uint geteuid();

    [LibraryImport(Lib, SetLastError = true)] internal static partial int kill(int pid, int signal);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int chown(string path, uint owner, uint group);

    [LibraryImport(Lib, SetLastError = true)] internal static partial int waitpid(int pid, out int status, int options);

    internal const int SIGKILL = 9;
    internal const int WNOHANG = 1;
}

/// <summary>
/// Host-side facts and helpers: whether Benchgen runs as root (it can then run every script as a uid of its own),
/// the per-run uid pool, and the sweep that kills whatever a run left behind.
/// </summary>
internal static class SandboxPlatform
{
    public const string Setpriv = "/usr/bin/setpriv";
    public const string Prlimit = "/usr/bin/prlimit";
    public const string Shell = "/bin/sh";

    public static bool IsRoot { get; } = OperatingSystem.IsLinux() && Libc.geteuid() == 0;

    /// <summary>True when scripts can run as a uid of their own (root, with util-linux's setpriv).</summary>
    public static bool CanDropToOwnUid { get; } = IsRoot && File.Exists(Setpriv);

    private readonly record struct ProcessEntry(int Pid, int ParentPid, uint Uid, bool Zombie);

    /// <summary>Every process on this host with its parent, real uid and whether it is a zombie.</summary>
    private static IEnumerable<ProcessEntry> Processes()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (Read(pid) is { } entry) yield return entry;
        }
    }

    private static ProcessEntry? Read(int pid)
    {
        try
        {
            bool? zombie = null;
            int? parent = null;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("State:", StringComparison.Ordinal)) zombie = line[6..].TrimStart().StartsWith('Z');
                else if (line.StartsWith("PPid:", StringComparison.Ordinal)) parent = int.Parse(line[5..].Trim(), CultureInfo.InvariantCulture);
                else if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    var fields = line[4..].Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries);
                    return fields.Length > 0 && uint.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                        ? new ProcessEntry(pid, parent ?? 0, uid, zombie ?? false) : null;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException) { /* gone */ }
        return null;
    }

    /// <summary>The live (not zombie) processes on this host whose real uid is <paramref name="uid"/>.</summary>
    public static IReadOnlyList<int> ProcessesOf(uint uid) =>
        Processes().Where(p => p.Uid == uid && !p.Zombie).Select(p => p.Pid).ToArray();

    /// <summary>Real uids any process on this host has, zombies included (a zombie still counts for RLIMIT_NPROC).</summary>
    public static HashSet<uint> UidsInUse() => Processes().Select(p => p.Uid).ToHashSet();

    /// <summary>
    /// Reaps the zombies with a sandbox uid (<paramref name="firstUid"/> and the <paramref name="count"/> after it) that
    /// are Benchgen's children: orphans of a run (bubblewrap's namespace init outlives the bubblewrap Benchgen started)
    /// come to Benchgen when it is a container's PID 1, and .NET reaps only the children it started itself.
    /// </summary>
    public static void ReapOrphans(uint firstUid, int count)
    {
        var self = Environment.ProcessId;
        foreach (var zombie in Processes().Where(p => p.Zombie && p.ParentPid == self && p.Uid >= firstUid && p.Uid - firstUid < (uint)count))
            _ = Libc.waitpid(zombie.Pid, out _, Libc.WNOHANG);
    }

    /// <summary>
    /// Kills every process whose real uid is the run's own uid, again until none is left (a fork bomb is bounded by
    /// the process limit, so this ends). Returns how many were killed.
    /// </summary>
    public static int KillAllOf(uint uid)
    {
        var killed = 0;
        for (var round = 0; round < 50; round++)
        {
            var pids = ProcessesOf(uid);
            if (pids.Count == 0) return killed;
            foreach (var pid in pids)
                if (Libc.kill(pid, Libc.SIGKILL) == 0) killed++;
            Thread.Sleep(round < 5 ? 2 : 20);
        }
        return killed;
    }

    /// <summary>Kills a process group (the driver makes itself a session and group leader).</summary>
    public static void KillGroup(int pgid)
    {
        if (pgid > 1) _ = Libc.kill(-pgid, Libc.SIGKILL);
    }

    /// <summary>Removes what a run's uid left in the host's shared temporary folders (weak sandbox only).</summary>
    public static void RemoveFilesOwnedBy(uint uid)
    {
        foreach (var root in new[] { "/tmp", "/var/tmp", "/dev/shm" })
        {
            if (!Directory.Exists(root)) continue;
            IEnumerable<string> entries;
            try { entries = Directory.EnumerateFileSystemEntries(root).ToArray(); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { continue; }
            foreach (var entry in entries)
            {
                try
                {
                    if (OwnerOf(entry) != uid) continue;
                    var info = new FileInfo(entry);
                    if ((info.Attributes & FileAttributes.Directory) != 0 && (info.Attributes & FileAttributes.ReparsePoint) == 0)
                        Directory.Delete(entry, recursive: true);
                    else
                        File.Delete(entry);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* best effort */ }
            }
        }
    }

    private static uint? OwnerOf(string path) => Stat.Owner(path);
}

/// <summary>The owner uid of a path, not following symlinks (glibc's statx; struct statx is 256 bytes).</summary>
internal static partial class Stat
{
    [StructLayout(LayoutKind.Sequential)]
    private struct StatxTimestamp { public long Sec; public uint Nsec; public int Reserved; }

    [StructLayout(LayoutKind.Sequential)]
    private struct Statx
    {
        public uint Mask, Blksize;
        public ulong Attributes;
        public uint Nlink, Uid, Gid;
        public ushort Mode, Spare0;
        public ulong Ino, Size, Blocks, AttributesMask;
        public StatxTimestamp Atime, Btime, Ctime, Mtime;
        public uint RdevMajor, RdevMinor, DevMajor, DevMinor;
        public ulong MntId;
        public uint DioMemAlign, DioOffsetAlign;
        public ulong Spare1, Spare2, Spare3, Spare4, Spare5, Spare6, Spare7, Spare8, Spare9, Spare10, Spare11, Spare12;
    }

    private const int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, STATX_UID = 0x8;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, out Statx buffer);

    public static uint? Owner(string path) =>
        statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_UID, out var buffer) == 0 ? buffer.Uid : null;
}

/// <summary>
/// Hands out the uids scripts run as: one per concurrent run, from a range no host account uses
/// (<c>Generation:SandboxUidBase</c>, <c>Generation:SandboxUidCount</c>), so the kernel's per-uid process count
/// (RLIMIT_NPROC) is the count of that one sandbox and a run's leftovers can be found and killed by uid. A uid is
/// held with an exclusive lock file, so two Benchgen processes on one host never run scripts as the same uid.
/// </summary>
internal static class SandboxUids
{
    private static readonly string LockDir = Path.Combine(Path.GetTempPath(), "benchgen-sandbox-uids");

    public sealed class Lease(uint uid, FileStream lockFile) : IDisposable
    {
        public uint Uid { get; } = uid;

        public void Dispose() => lockFile.Dispose();
    }

    public static Lease Rent(uint baseUid, int count)
    {
        if (count < 1) throw new InvalidOperationException("Generation:SandboxUidCount must be at least 1");
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the sandbox runs on Linux only");
        Directory.CreateDirectory(LockDir);
        File.SetUnixFileMode(LockDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var start = (int)((uint)Environment.ProcessId * 2654435761u % (uint)count);
        // A uid some process still has (a zombie of an earlier run not yet reaped, or a host account) is passed over:
        // its processes would count against the run's process limit.
        var inUse = SandboxPlatform.UidsInUse();
        for (var i = 0; i < count; i++)
        {
            var uid = checked(baseUid + (uint)((start + i) % count));
            if (inUse.Contains(uid)) continue;
            try
            {
                // .NET takes an exclusive flock for FileShare.None: released when the stream closes or the process dies.
                var stream = new FileStream(Path.Combine(LockDir, uid.ToString(CultureInfo.InvariantCulture)),
                    FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new Lease(uid, stream);
            }
            catch (IOException) { /* held by another run */ }
        }
        throw new InvalidOperationException($"all {count} sandbox uids from {baseUid} are in use; raise Generation:SandboxUidCount");
    }
}
