using DotNet.Testcontainers.Containers;
using Xunit;

namespace Benchgen.TestSupport;

/// <summary>
/// An integration-test dependency: taken from an environment variable, else a Testcontainers container when Docker
/// answers, else <see cref="SkipReason"/> explains why tests needing it are skipped
/// (<c>Skip.If(fixture.SkipReason is not null, fixture.SkipReason)</c>).
/// </summary>
public abstract class ExternalEndpoint : IAsyncLifetime
{
    static readonly TimeSpan ContainerStartTimeout = TimeSpan.FromMinutes(3);

    IContainer? _container;

    /// <summary>The environment variable naming an existing endpoint.</summary>
    protected abstract string EnvironmentVariable { get; }

    protected abstract string Description { get; }

    /// <summary>Connection string / URL, once available.</summary>
    public string? Endpoint { get; private set; }

    public string? SkipReason { get; private set; }

    /// <summary>Where the endpoint came from: "env", "testcontainers" or "none".</summary>
    public string Source { get; private set; } = "none";

    protected abstract IContainer BuildContainer();

    protected abstract string EndpointFromContainer(IContainer container);

    public async Task InitializeAsync()
    {
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            Endpoint = fromEnv.Trim();
            Source = "env";
            return;
        }

        var dockerProblem = await DockerAvailability.UnavailableReasonAsync().ConfigureAwait(false);
        if (dockerProblem is not null)
        {
            SkipReason = $"{Description}: {EnvironmentVariable} is not set and {dockerProblem} (run tests/infra/start.sh and source its env file, or start Docker)";
            return;
        }

        try
        {
            _container = BuildContainer();
            using var timeout = new CancellationTokenSource(ContainerStartTimeout);
            await _container.StartAsync(timeout.Token).ConfigureAwait(false);
            Endpoint = EndpointFromContainer(_container);
            Source = "testcontainers";
        }
        catch (Exception ex)
        {
            SkipReason = $"{Description}: {EnvironmentVariable} is not set and the Testcontainers container did not start ({ex.GetBaseException().Message})";
            await DisposeContainerAsync().ConfigureAwait(false);
        }
    }

    public Task DisposeAsync() => DisposeContainerAsync();

    async Task DisposeContainerAsync()
    {
        if (_container is null)
            return;
        try
        {
            await _container.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort: a container that failed to start may not be removable either.
        }
        _container = null;
    }
}
