using Benchgen.Contracts;
using Benchgen.Generation;
using Benchgen.Generation.Consumers;
using Benchgen.Hosting.Messaging;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit;

namespace Benchgen.Security.Tests;

/// <summary>
/// A data directory that cannot be written (here: the claim-check store refuses every write) must fail the session once,
/// not make the bus redeliver GenerateScenario and regenerate the scenario up to six times.
/// </summary>
public sealed class Input_ClaimCheck_Specs
{
    sealed class UnwritableRepository : IClaimCheckBackend
    {
        public int Puts;

        public Uri AddressOf(string key) => new("urn:unwritable:" + key);

        public string? KeyOf(Uri address, out string? key)
        {
            key = null;
            return "not an address of this backend";
        }

        public Task PutAsync(string key, ReadOnlyMemory<byte> content, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Puts);
            throw new UnauthorizedAccessException("Access to the path '/data/staging/x' is denied.");
        }

        public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => Task.FromResult<byte[]?>(null);
    }

    sealed class CountingGenerator(ScenarioGenerator inner) : IScenarioGenerator
    {
        public int Calls;

        public Task<GeneratedScenario> GenerateAsync(string prompt, int seed, int? variants, string? reviewFeedback,
            Func<string, string, Task>? progress = null, CancellationToken cancellationToken = default, Benchgen.Tasks.TaskSpec? spec = null)
        {
            Interlocked.Increment(ref Calls);
            return inner.GenerateAsync(prompt, seed, variants, reviewFeedback, progress, cancellationToken, spec);
        }
    }

    [Fact]
    public async Task A_permanent_write_failure_fails_the_session_once_without_regenerating()
    {
        var repository = new UnwritableRepository();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Generation:ExtraScales:0"] = "1.0",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IClaimCheckBackend>(repository);
        services.AddClaimCheckStore(configuration);
        services.AddGeneration(configuration);
        services.AddSingleton<CountingGenerator>(sp => new CountingGenerator(sp.GetRequiredService<ScenarioGenerator>()));
        services.Replace(ServiceDescriptor.Singleton<IScenarioGenerator>(sp => sp.GetRequiredService<CountingGenerator>()));
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromSeconds(10));
            x.AddConsumer<GenerateScenarioConsumer>();
            // The production retry policy: a thrown exception here would be retried five times, each a new generation.
            x.AddConfigureEndpointsCallback((_, _, endpoint) => endpoint.UseMessageRetry(r => r.Intervals(100, 250, 500, 1000, 2000)));
        });
        await using var provider = services.BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        try
        {
            var id = NewId.NextGuid();
            await harness.Bus.Publish(new GenerateScenario(id, "A stack of 3 blocks", 1, 0, 1, null));

            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (DateTime.UtcNow < deadline && !harness.Published.Select<GenerationFailed>().Any(m => m.Context.Message.SessionId == id))
            {
                await Task.Delay(100);
            }

            var failed = Assert.Single(harness.Published.Select<GenerationFailed>(), m => m.Context.Message.SessionId == id).Context.Message;
            Assert.False(failed.Rejected);
            Assert.Contains("could not be stored", failed.Reason);
            Assert.Contains("denied", failed.Reason);
            // Let any redelivery show itself before counting.
            await Task.Delay(TimeSpan.FromSeconds(4.5));
            Assert.Equal(1, provider.GetRequiredService<CountingGenerator>().Calls);
            Assert.Equal(1, repository.Puts); // permanent: not even the write is retried
        }
        finally
        {
            await harness.Stop();
        }
    }
}
