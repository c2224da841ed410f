using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Benchgen.Generation;
using Benchgen.Generation.Sandbox;
using Xunit;

namespace Benchgen.Security.Tests;

/// <summary>
/// Issue 8 item 5: hostile generator scripts, replayed under the strong sandbox (bubblewrap) and the weak one (forced
/// with Generation:Sandbox=process and allowed with Generation:AllowWeakSandbox). Every run is bounded by the
/// sandbox's own timeout (a few seconds) and by a small memory and process budget.
/// </summary>
public sealed class Sandbox_HostileScriptSpecs
{
    private const int ProcessLimit = 8;
    private const int MemoryLimitMb = 512;

    public static TheoryData<SandboxMode> Modes() => new() { SandboxMode.Bwrap, SandboxMode.Process };

    internal static ScriptSandbox Sandbox(SandboxMode mode, Action<GenerationOptions>? configure = null)
    {
        Skip.IfNot(File.Exists("/usr/bin/python3"), "Debian's python3 is not installed");
        var options = new GenerationOptions
        {
            Sandbox = mode,
            AllowWeakSandbox = mode == SandboxMode.Process,
            ScriptTimeoutSeconds = 8,
            ProcessLimit = ProcessLimit,
            MemoryLimitMb = MemoryLimitMb,
        };
        configure?.Invoke(options);
        var sandbox = new ScriptSandbox(options);
        var problem = mode == SandboxMode.Bwrap ? sandbox.StrongSandboxProblem : null;
        Skip.If(problem is not null, $"bubblewrap cannot run here: {problem}");
        return sandbox;
    }

    /// <summary>Runs <c>attack()</c> from <paramref name="body"/> as an untrusted generator script; its result is the MJCF string.</summary>
    internal static async Task<string> AttackAsync(ScriptSandbox sandbox, string body)
    {
        var source = body + "\n\ndef build(seed, scale=1.0):\n    return attack()\n\ndef definition(seed, scale=1.0):\n    return {}\n";
        var runs = await sandbox.RunAsync(source, ScriptTrust.Untrusted, [(1, 1.0)]);
        return runs[0].Mjcf;
    }

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task A_fork_bomb_gets_no_more_processes_than_the_whole_sandbox_limit(SandboxMode mode)
    {
        var sandbox = Sandbox(mode);
        var forked = await AttackAsync(sandbox, """
            import os, time
            def attack():
                ok = 0
                for i in range(200):
                    try:
                        pid = os.fork()
                    except OSError:
                        continue
                    if pid == 0:
                        time.sleep(5)
                        os._exit(0)
                    ok += 1
                return str(ok)
            """);
        // The driver itself is one of the limit (and bubblewrap's two processes, in the strong sandbox).
        Assert.InRange(int.Parse(forked, CultureInfo.InvariantCulture), 0, ProcessLimit - 1);
    }

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task A_memory_hog_across_several_processes_holds_no_more_than_the_whole_sandbox_memory(SandboxMode mode)
    {
        var sandbox = Sandbox(mode);
        string held;
        try
        {
            // Six children each try to hold 300 MB at the same time (1.8 GB); the whole sandbox has 512 MB.
            held = await AttackAsync(sandbox, """
                import os
                SIZE = 300 * 1024 * 1024
                def attack():
                    release_r, release_w = os.pipe()
                    reports = []
                    for i in range(6):
                        report_r, report_w = os.pipe()
                        try:
                            pid = os.fork()
                        except OSError:
                            break
                        if pid == 0:
                            os.close(release_w)
                            try:
                                block = bytearray(SIZE)
                                block[::4096] = b"\x01" * len(range(0, SIZE, 4096))
                                os.write(report_w, b"1")
                            except MemoryError:
                                os.write(report_w, b"0")
                            os.read(release_r, 1)
                            os._exit(0)
                        os.close(report_w)
                        reports.append(report_r)
                    held = sum(1 for r in reports if os.read(r, 1) == b"1")
                    os.close(release_w)
                    return str(held)
                """);
        }
        catch (GeneratorScriptException ex) when (ex.Failure == ScriptFailure.Crashed && ex.Message.Contains("killed", StringComparison.Ordinal))
        {
            held = "0"; // a cgroup's OOM killer ended the whole sandbox: nothing was held past the limit
        }
        Assert.InRange(int.Parse(held, CultureInfo.InvariantCulture) * 300, 0, MemoryLimitMb);
    }

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task A_TCP_connect_to_a_local_listener_fails_and_no_socket_can_be_made(SandboxMode mode)
    {
        var sandbox = Sandbox(mode);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var outcome = await AttackAsync(sandbox, $$"""
            import socket
            def attack():
                r = []
                try:
                    socket.create_connection(("127.0.0.1", {{port}}), timeout=2)
                    r.append("connected")
                except OSError as e:
                    r.append("tcp refused")
                for family in (socket.AF_UNIX, socket.AF_INET6, socket.AF_NETLINK):
                    try:
                        socket.socket(family, socket.SOCK_DGRAM)
                        r.append("socket %d made" % family)
                    except OSError:
                        pass
                return ",".join(r)
            """);
        Assert.Equal("tcp refused", outcome);
        Assert.False(listener.Pending(), "the listener got a connection from the sandbox");
    }

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task Reading_etc_shadow_fails(SandboxMode mode)
    {
        var sandbox = Sandbox(mode);
        var outcome = await AttackAsync(sandbox, """
            def attack():
                try:
                    return "read %d bytes" % len(open("/etc/shadow", "rb").read())
                except OSError:
                    return "denied"
            """);
        Assert.Equal("denied", outcome);
    }

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task Writing_into_usr_and_the_root_fails(SandboxMode mode)
    {
        var sandbox = Sandbox(mode);
        var name = $"benchgen-pwned-{Guid.NewGuid():N}";
        string[] targets = [$"/usr/{name}", $"/{name}", $"/usr/bin/{name}", $"/etc/{name}"];
        try
        {
            var outcome = await AttackAsync(sandbox, $$"""
                def attack():
                    wrote = []
                    for path in {{PythonList(targets)}}:
                        try:
                            with open(path, "w") as f:
                                f.write("x")
                            wrote.append(path)
                        except OSError:
                            pass
                    return ",".join(wrote) or "none"
                """);
            Assert.Equal("none", outcome);
            Assert.All(targets, t => Assert.False(File.Exists(t), $"{t} was written on the host"));
        }
        finally
        {
            foreach (var target in targets) File.Delete(target);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task The_host_environment_is_neither_inherited_nor_readable_from_proc(SandboxMode mode)
    {
        var sandbox = Sandbox(mode);
        var secret = $"benchgen-secret-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable("BENCHGEN_TEST_API_KEY", secret);
        try
        {
            var report = JsonNode.Parse(await AttackAsync(sandbox, """
                import json, os
                def attack():
                    read = {}
                    for pid in os.listdir("/proc"):
                        if not pid.isdigit() or int(pid) == os.getpid():
                            continue
                        try:
                            read[pid] = open("/proc/%s/environ" % pid, "rb").read().decode("utf-8", "replace")
                        except OSError:
                            pass
                    try:
                        parent = open("/proc/%d/environ" % os.getppid(), "rb").read().decode("utf-8", "replace")
                    except OSError:
                        parent = None
                    return json.dumps({"own": dict(os.environ), "read": read, "parent": parent, "ppid": os.getppid()})
                """))!.AsObject();

            // Only the clean environment, nothing of the host's.
            var own = report["own"]!.AsObject().Select(p => p.Key).ToArray();
            Assert.All(own, name => Assert.True(name is "PATH" or "LANG" or "TMPDIR" or "HOME" or "LC_CTYPE" or "PWD" || name.StartsWith("PYTHON", StringComparison.Ordinal),
                $"the script's environment has {name}"));
            Assert.DoesNotContain(secret, report["own"]!.ToJsonString(), StringComparison.Ordinal);

            // Nothing it could read from /proc holds the host's environment: this test process's, at start-up and now.
            var hostEntries = File.ReadAllText("/proc/self/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Where(e => !ScriptSandbox.CleanEnvironmentEntries.Contains(e)).Append(secret).ToArray();
            var readable = string.Join("\n", report["read"]!.AsObject().Select(p => p.Value!.GetValue<string>()));
            Assert.All(hostEntries, e => Assert.DoesNotContain(e, readable, StringComparison.Ordinal));
            // The parent process outside the sandbox (the weak sandbox's parent is this test host) is out of reach.
            if (mode == SandboxMode.Process) Assert.Null(report["parent"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("BENCHGEN_TEST_API_KEY", null);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task A_process_left_behind_in_a_new_session_is_killed_after_the_run(SandboxMode mode)
    {
        var sandbox = Sandbox(mode);
        var marker = "29." + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var outcome = await AttackAsync(sandbox, $$"""
            import os, time
            def attack():
                pid = os.fork()
                if pid == 0:
                    os.setsid()
                    if os.fork() == 0:
                        null = os.open("/dev/null", os.O_RDWR)
                        for fd in (0, 1, 2):
                            os.dup2(null, fd)
                        os.execv("/usr/bin/sleep", ["sleep", "{{marker}}"])
                    os._exit(0)
                os.waitpid(pid, 0)
                for _ in range(100):
                    for p in os.listdir("/proc"):
                        try:
                            if p.isdigit() and b"{{marker}}" in open("/proc/%s/cmdline" % p, "rb").read():
                                return "spawned"
                        except OSError:
                            pass
                    time.sleep(0.02)
                return "not spawned"
            """);
        Assert.Equal("spawned", outcome);
        // Bounded wait for the kernel to finish tearing down what was killed (a pid namespace dies asynchronously).
        var survivors = Survivors(marker);
        for (var i = 0; i < 150 && survivors.Count > 0; i++)
        {
            await Task.Delay(20);
            survivors = Survivors(marker);
        }
        Assert.Empty(survivors);
    }

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task The_script_has_no_capabilities_and_is_not_root(SandboxMode mode)
    {
        var sandbox = Sandbox(mode);
        var status = JsonNode.Parse(await AttackAsync(sandbox, """
            import json, os
            def attack():
                fields = {}
                for line in open("/proc/self/status"):
                    key, _, value = line.partition(":")
                    if key.startswith("Cap") or key in ("Uid", "Gid", "NoNewPrivs", "Seccomp"):
                        fields[key] = value.split()
                return json.dumps(fields)
            """))!.AsObject();
        foreach (var cap in new[] { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb" })
            Assert.Equal("0000000000000000", status[cap]![0]!.GetValue<string>());
        Assert.NotEqual("0", status["Uid"]![0]!.GetValue<string>());
        Assert.NotEqual("0", status["Gid"]![0]!.GetValue<string>());
        Assert.Equal("1", status["NoNewPrivs"]![0]!.GetValue<string>());
        Assert.Equal("2", status["Seccomp"]![0]!.GetValue<string>()); // the driver's filter
    }

    [SkippableFact]
    public async Task Inside_bubblewrap_the_script_sees_only_its_own_processes()
    {
        var sandbox = Sandbox(SandboxMode.Bwrap);
        var pids = await AttackAsync(sandbox, """
            import os
            def attack():
                return str(len([p for p in os.listdir("/proc") if p.isdigit()]))
            """);
        // bubblewrap's init and the driver (the fresh /proc of a new pid namespace).
        Assert.InRange(int.Parse(pids, CultureInfo.InvariantCulture), 1, 3);
    }

    [SkippableFact]
    public async Task Inside_bubblewrap_tmp_is_small_and_nothing_else_is_writable()
    {
        var sandbox = Sandbox(SandboxMode.Bwrap);
        var outcome = await AttackAsync(sandbox, """
            import os
            def attack():
                r = []
                for path in ("/x", "/dev/x", "/dev/shm/x", "/sandbox/x", "/proc/x"):
                    try:
                        open(path, "w").write("x")
                        r.append("wrote " + path)
                    except OSError:
                        pass
                written = 0
                try:
                    with open("/tmp/fill", "wb") as f:
                        for i in range(64):
                            f.write(b"x" * 1048576)
                            f.flush()
                            written += 1
                except OSError:
                    pass
                r.append("tmp %d MB" % written)
                return ",".join(r)
            """);
        Assert.Matches("^tmp \\d+ MB$", outcome);
        Assert.InRange(int.Parse(outcome.Split(' ')[1], CultureInfo.InvariantCulture), 1, 16);
    }

    private static List<int> Survivors(string marker)
    {
        var found = new List<int>();
        var needle = Encoding.ASCII.GetBytes(marker);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllBytes(Path.Combine(dir, "cmdline")).AsSpan().IndexOf(needle) >= 0) found.Add(pid);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }

    private static string PythonList(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(i => $"\"{i}\"")) + "]";
}
