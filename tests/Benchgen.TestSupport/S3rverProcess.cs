using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Benchgen.TestSupport;

/// <summary>
/// An s3rver process of a test's own, on a fixed loopback port and data directory, so a test can stop it (an S3
/// outage) and start it again with the same objects. Found at <c>BENCHGEN_TEST_S3RVER_JS</c>, else at
/// <c>tests/infra/node_modules/s3rver/bin/s3rver.js</c> of the repository (tests/infra/start.sh installs it);
/// <see cref="SkipReason"/> says why not when node or s3rver is missing.
/// </summary>
public sealed class S3rverProcess : IDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    Process? process;

    public S3rverProcess()
    {
        Script = Locate();
        Port = FreePort();
        DataDirectory = Path.Combine(Path.GetTempPath(), "benchgen-s3rver-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        if (Script is null)
            SkipReason = "s3rver is not installed (run tests/infra/start.sh once, or set BENCHGEN_TEST_S3RVER_JS)";
        else if (!OnPath("node"))
            SkipReason = "node is not installed";
    }

    public string? Script { get; }
    public int Port { get; }
    public string DataDirectory { get; }
    public string? SkipReason { get; }
    public string ServiceUrl => $"http://127.0.0.1:{Port}";
    public bool Running => process is { HasExited: false };

    /// <summary>Starts the server and waits (at most 20 s) until it accepts connections.</summary>
    public void Start()
    {
        if (SkipReason is not null)
            throw new InvalidOperationException(SkipReason);
        if (Running)
            return;
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Script!, "-d", DataDirectory, "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" })
            info.ArgumentList.Add(argument);
        process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!Accepts(Port))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"s3rver exited at start-up with code {process.ExitCode}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"s3rver did not listen on {ServiceUrl} within 20 s");
            Thread.Sleep(100);
        }
    }

    /// <summary>Kills the server (the outage begins); its data directory stays.</summary>
    public void Stop()
    {
        if (process is null)
            return;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
        process = null;
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("BENCHGEN_TEST_S3RVER_JS") is { Length: > 0 } given && File.Exists(given))
            return given;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "infra", "node_modules", "s3rver", "bin", "s3rver.js");
            if (File.Exists(candidate))
                return candidate;
        }

        return null;
    }

    static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Any(dir => File.Exists(Path.Combine(dir, program)));

    static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
