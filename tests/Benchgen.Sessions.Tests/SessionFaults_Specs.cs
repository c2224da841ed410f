using System.Text;
using Benchgen.Contracts;
using Benchgen.Hosting.Messaging;
using Benchgen.PromptIntake;
using Benchgen.PromptIntake.Sessions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Benchgen.Sessions.Tests;

public class A_message_moved_to_an_error_queue
{
    [Fact]
    public async Task Should_end_its_session_failed_with_the_reason()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDir"] = Directory.CreateTempSubdirectory("benchgen-faults-").FullName,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPromptIntake(configuration);
        services.AddBenchgenMessaging(configuration, bus =>
        {
            bus.AddSessionOutcomeWatcher();
            bus.AddGenerationSessionSaga(configuration);
            bus.AddConsumer<AlwaysFailingGenerator>();
        });
        await using var provider = services.BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(TestContext.Timeout);
        try
        {
            var watcher = provider.GetRequiredService<SessionOutcomeWatcher>();
            var id = NewId.NextGuid();
            var outcome = watcher.WaitFor(id);
            await bus.Publish(new SubmitPrompt(id, "A stack of 3 blocks", null, null, null, DateTime.UtcNow));

            var result = await outcome.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal("Failed", result.State);
            Assert.Contains("corrupt scenario cache", result.Reason);

            using var scope = provider.CreateScope();
            var session = await scope.ServiceProvider.GetRequiredService<ISessionQueries>().FindAsync(id, CancellationToken.None);
            Assert.Equal("Failed", session!.CurrentState);
            Assert.Equal("failed", session.Stage);
            Assert.Equal("failed", session.Checkpoints[^1].Outcome); // the stage that was running ended failed
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    public sealed class AlwaysFailingGenerator : IConsumer<GenerateScenario>
    {
        public Task Consume(ConsumeContext<GenerateScenario> context) => throw new InvalidDataException("corrupt scenario cache");
    }
}

public class Identifying_the_session_of_a_faulted_message
{
    [Fact]
    public void Should_read_the_session_id_from_an_envelope()
    {
        var id = Guid.NewGuid();
        var body = Encoding.UTF8.GetBytes($$$"""{"messageType":["urn:message:Benchgen.Contracts:GenerateScenario"],"message":{"sessionId":"{{{id}}}","prompt":12}}""");
        Assert.Equal(id, SessionFaultNotifier.IdentifyBody(body, out var report));
        Assert.False(report);
    }

    [Fact]
    public void Should_fall_back_to_the_envelope_correlation_id()
    {
        var id = Guid.NewGuid();
        var body = Encoding.UTF8.GetBytes($$$"""{"correlationId":"{{{id}}}","message":{"garbage":true}}""");
        Assert.Equal(id, SessionFaultNotifier.IdentifyBody(body, out _));
    }

    [Fact]
    public void Should_not_identify_garbage()
    {
        Assert.Null(SessionFaultNotifier.IdentifyBody("\u0001not json{"u8, out _));
        Assert.Null(SessionFaultNotifier.IdentifyBody("[1,2]"u8, out _));
    }

    [Fact]
    public void Should_never_report_a_faulted_fault_report()
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"messageType":["urn:message:Benchgen.Contracts:SessionMessageFaulted"],"message":{"sessionId":"{{{Guid.NewGuid()}}}"}}""");
        Assert.Null(SessionFaultNotifier.IdentifyBody(body, out var report));
        Assert.True(report);
    }
}

static class TestContext
{
    public static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
