using Benchgen.Contracts;
using MassTransit;

namespace Benchgen.PromptIntake.Sessions;

/// <summary>
/// The saga endpoint is partitioned by session, so two events of one session never race inside a process; across
/// processes the repository's optimistic concurrency and the endpoint's message retry resolve conflicts.
///
/// The key is the session id read from each message, not the CorrelationId header: the header is set only for the
/// message types registered in <c>BenchgenMessaging</c>, and a message without it (a <see cref="GetSessionStatus"/> from
/// a producer or the CLI, and possibly a <c>Fault&lt;T&gt;</c>) fell back to its MessageId — its own partition — and so ran
/// beside the session's other events: "ConcurrencyException … version N is not newer than the stored one" with one intake (issue 11,
/// fault 7).
/// </summary>
public sealed class GenerationSessionStateDefinition : SagaDefinition<GenerationSession>
{
    public static int PartitionCount => Math.Max(4, Environment.ProcessorCount * 2);

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator,
        ISagaConfigurator<GenerationSession> sagaConfigurator, IRegistrationContext context)
    {
        var partition = endpointConfigurator.CreatePartitioner(PartitionCount);
        sagaConfigurator.Message<SubmitPrompt>(x => x.UsePartitioner(partition, m => m.Message.SessionId));
        sagaConfigurator.Message<GenerationProgressed>(x => x.UsePartitioner(partition, m => m.Message.SessionId));
        sagaConfigurator.Message<ScenarioGenerated>(x => x.UsePartitioner(partition, m => m.Message.SessionId));
        sagaConfigurator.Message<GenerationFailed>(x => x.UsePartitioner(partition, m => m.Message.SessionId));
        sagaConfigurator.Message<ScenarioRendered>(x => x.UsePartitioner(partition, m => m.Message.SessionId));
        sagaConfigurator.Message<RenderingFailed>(x => x.UsePartitioner(partition, m => m.Message.SessionId));
        sagaConfigurator.Message<ScenarioReviewed>(x => x.UsePartitioner(partition, m => m.Message.SessionId));
        sagaConfigurator.Message<AssetPersisted>(x => x.UsePartitioner(partition, m => m.Message.SessionId));
        sagaConfigurator.Message<PersistenceFailed>(x => x.UsePartitioner(partition, m => m.Message.SessionId));
        sagaConfigurator.Message<StageStarted>(x => x.UsePartitioner(partition, m => m.Message.SessionId));
        sagaConfigurator.Message<SessionTimedOut>(x => x.UsePartitioner(partition, m => m.Message.SessionId));
        sagaConfigurator.Message<SessionMessageFaulted>(x => x.UsePartitioner(partition, m => m.Message.SessionId));
        sagaConfigurator.Message<GetSessionStatus>(x => x.UsePartitioner(partition, m => m.Message.SessionId));
        sagaConfigurator.Message<Fault<GenerateScenario>>(x => x.UsePartitioner(partition, m => m.Message.Message.SessionId));
        sagaConfigurator.Message<Fault<RenderScenario>>(x => x.UsePartitioner(partition, m => m.Message.Message.SessionId));
        sagaConfigurator.Message<Fault<ReviewScenario>>(x => x.UsePartitioner(partition, m => m.Message.Message.SessionId));
        sagaConfigurator.Message<Fault<PersistAsset>>(x => x.UsePartitioner(partition, m => m.Message.Message.SessionId));
    }
}
