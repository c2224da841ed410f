using System.Globalization;

namespace Benchgen.Generation.Sandbox;

/// <summary>
/// A cgroup v2 directory Benchgen may create one child cgroup in per script run, with the memory and pids
/// controllers enabled for its children. Found by <see cref="Probe"/>: the configured
/// <c>Generation:SandboxCgroup</c>, or else Benchgen's own cgroup when it can delegate to children (it must not hold
/// processes itself, or be the hierarchy's root). Without one, the sandbox limits every process with rlimits instead.
/// </summary>
internal sealed class CgroupV2Parent
{
    private CgroupV2Parent(string path) => Path = path;

    public string Path { get; }

    /// <summary>Finds a usable parent cgroup, or returns null with the reason in <paramref name="reason"/>.</summary>
    public static CgroupV2Parent? Probe(string? configured, out string reason, string mountPoint = "/sys/fs/cgroup",
        string selfCgroup = "/proc/self/cgroup")
    {
        string parent;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            parent = configured;
        }
        else
        {
            if (!File.Exists(System.IO.Path.Combine(mountPoint, "cgroup.controllers")))
            {
                reason = $"no cgroup v2 hierarchy at {mountPoint} (cgroup v1 or hybrid)";
                return null;
            }
            var own = ReadOwnCgroup(selfCgroup);
            if (own is null)
            {
                reason = $"{selfCgroup} names no cgroup v2 path";
                return null;
            }
            parent = System.IO.Path.Combine(mountPoint, own.TrimStart('/'));
        }

        try
        {
            var controllers = File.ReadAllText(System.IO.Path.Combine(parent, "cgroup.controllers")).Split(' ', '\n', StringSplitOptions.RemoveEmptyEntries);
            if (!controllers.Contains("memory") || !controllers.Contains("pids"))
            {
                reason = $"cgroup {parent} does not offer the memory and pids controllers (it offers: {string.Join(' ', controllers)})";
                return null;
            }
            var subtree = System.IO.Path.Combine(parent, "cgroup.subtree_control");
            var enabled = File.ReadAllText(subtree).Split(' ', '\n', StringSplitOptions.RemoveEmptyEntries);
            if (!enabled.Contains("memory") || !enabled.Contains("pids"))
            {
                // Fails (EBUSY) when the cgroup holds processes of its own and is not the root: then it cannot delegate.
                File.WriteAllText(subtree, "+memory +pids");
            }
            var probe = System.IO.Path.Combine(parent, $"benchgen-probe-{Environment.ProcessId}");
            Directory.CreateDirectory(probe);
            try
            {
                File.WriteAllText(System.IO.Path.Combine(probe, "pids.max"), "1");
                File.WriteAllText(System.IO.Path.Combine(probe, "memory.max"), "67108864");
            }
            finally
            {
                Directory.Delete(probe);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            reason = $"cgroup {parent} is not writable for Benchgen or cannot delegate to children ({ex.Message})";
            return null;
        }
        reason = $"cgroup v2 under {parent}";
        return new CgroupV2Parent(parent);
    }

    internal static string? ReadOwnCgroup(string selfCgroup)
    {
        try
        {
            foreach (var line in File.ReadLines(selfCgroup))
                if (line.StartsWith("0::", StringComparison.Ordinal)) return line[3..];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        return null;
    }

    /// <summary>Creates the cgroup of one run: memory.max (no swap), pids.max, the whole group killed on OOM.</summary>
    public CgroupV2Run Create(string name, long memoryBytes, int maxProcesses)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(path);
        var run = new CgroupV2Run(path);
        try
        {
            File.WriteAllText(System.IO.Path.Combine(path, "memory.max"), memoryBytes.ToString(CultureInfo.InvariantCulture));
            WriteIfPresent(System.IO.Path.Combine(path, "memory.swap.max"), "0");
            WriteIfPresent(System.IO.Path.Combine(path, "memory.oom.group"), "1");
            File.WriteAllText(System.IO.Path.Combine(path, "pids.max"), maxProcesses.ToString(CultureInfo.InvariantCulture));
        }
        catch
        {
            run.Dispose();
            throw;
        }
        return run;
    }

    private static void WriteIfPresent(string file, string value)
    {
        if (File.Exists(file)) File.WriteAllText(file, value);
    }
}

/// <summary>One run's cgroup: the child joins it through <see cref="ProcsFile"/>; disposing kills what is left and removes it.</summary>
internal sealed class CgroupV2Run(string path) : IDisposable
{
    public string Path { get; } = path;

    public string ProcsFile => System.IO.Path.Combine(Path, "cgroup.procs");

    /// <summary>Kills every process in the run's cgroup.</summary>
    public void KillAll()
    {
        try
        {
            var kill = System.IO.Path.Combine(Path, "cgroup.kill");
            if (File.Exists(kill)) File.WriteAllText(kill, "1");
            else
                foreach (var line in File.ReadAllLines(ProcsFile))
                    if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) _ = Libc.kill(pid, Libc.SIGKILL);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* already gone */ }
    }

    public void Dispose()
    {
        for (var round = 0; round < 100 && Directory.Exists(Path); round++)
        {
            KillAll();
            try
            {
                Directory.Delete(Path);
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(10); // processes still dying (rmdir answers EBUSY)
            }
        }
    }
}
