using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Benchgen.Distributed.Tests;

/// <summary>
/// One service host (<c>dotnet Benchgen.X.Host.dll</c>) running as its own OS process, with its output captured to a
/// log file and a tail kept in memory for assertion messages.
/// </summary>
public sealed class ServiceHostProcess : IDisposable
{
    const int TailLines = 60;

    // The host runs under a tiny bash watchdog that kills it when the test process disappears, so a crashed or
    // aborted test run never leaves service hosts consuming from the shared broker.
    const string Watchdog = """
        watched="$1"; shift
        "$@" & child=$!
        trap 'kill -KILL "$child" 2>/dev/null; exit 143' TERM INT
        while kill -0 "$child" 2>/dev/null; do
          if ! kill -0 "$watched" 2>/dev/null; then kill -KILL "$child" 2>/dev/null; exit 1; fi
          sleep 1
        done
        wait "$child"
        """;

    readonly Process process;
    readonly StreamWriter log;
    readonly Queue<string> tail = new();
    readonly object gate = new();

    ServiceHostProcess(string name, Uri baseAddress, string logPath, Process process, StreamWriter log)
    {
        Name = name;
        BaseAddress = baseAddress;
        LogPath = logPath;
        this.process = process;
        this.log = log;
    }

    public string Name { get; }

    /// <summary>The host's own HTTP address (health endpoints; the intake API for PromptIntake).</summary>
    public Uri BaseAddress { get; }

    public string LogPath { get; }

    public bool HasExited => process.HasExited;

    public int ProcessId => process.Id;

    public static ServiceHostProcess Start(string name, string hostDll, string logPath, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(hostDll))
        {
            throw new FileNotFoundException(
                $"{name}: host assembly {hostDll} is missing. Build the test project (it builds the four hosts through its ProjectReferences).", hostDll);
        }

        var port = FreeLoopbackPort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo("/bin/bash")
        {
            // appsettings.json is read from the content root, which defaults to the working directory.
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-c", Watchdog, "benchgen-watchdog", Environment.ProcessId.ToString(), DotnetMuxer(), hostDll })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');
        info.Environment["DOTNET_NOLOGO"] = "1";

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: false, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var host = new ServiceHostProcess(name, baseAddress, logPath, process, log);
        process.OutputDataReceived += (_, e) => host.Append(e.Data, "out");
        process.ErrorDataReceived += (_, e) => host.Append(e.Data, "err");
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: bash did not start for {hostDll}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Polls <c>/health/ready</c> (MassTransit bus health) until it answers 200, the process exits, or the time is up.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {process.ExitCode} before it was ready.\n{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync("health/ready", cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {body}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = ex.GetBaseException().Message;
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"{Name} did not report /health/ready within {timeout.TotalSeconds:0} s (last: {last}).\n{Tail()}");
    }

    /// <summary>The last lines the host wrote, for assertion messages.</summary>
    public string Tail()
    {
        lock (gate)
        {
            var state = process.HasExited ? $"exited with {process.ExitCode}" : "running";
            return $"--- {Name} (pid {process.Id}, {state}, log {LogPath}), last {tail.Count} lines:\n{string.Join('\n', tail)}";
        }
    }

    /// <summary>Kills the host and everything it started at once (SIGKILL), as a crashed worker would stop.</summary>
    public void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
        lock (gate)
        {
            log.Dispose();
        }
    }

    void Append(string? line, string stream)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            try
            {
                log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {stream} {line}");
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after disposal is dropped.
            }

            tail.Enqueue(line);
            while (tail.Count > TailLines)
            {
                tail.Dequeue();
            }
        }
    }

    static string DotnetMuxer() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    public static int FreeLoopbackPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
