using DotNet.Testcontainers.Configurations;

namespace Benchgen.TestSupport;

/// <summary>Whether a Docker engine answers, asked once per test run (the docker CLI may exist without an engine).</summary>
public static class DockerAvailability
{
    static readonly Lazy<Task<string?>> Check = new(ProbeAsync);

    /// <summary>Null when Docker is usable, otherwise why not.</summary>
    public static Task<string?> UnavailableReasonAsync() => Check.Value;

    static async Task<string?> ProbeAsync()
    {
        try
        {
            var probe = Task.Run(() => TestcontainersSettings.OS.DockerEndpointAuthConfig);
            var finished = await Task.WhenAny(probe, Task.Delay(TimeSpan.FromSeconds(15))).ConfigureAwait(false);
            if (finished != probe)
                return "no Docker engine answered within 15 s";
            return await probe.ConfigureAwait(false) is null ? "no Docker engine found" : null;
        }
        catch (Exception ex)
        {
            return $"no Docker engine available ({ex.GetBaseException().Message})";
        }
    }
}
