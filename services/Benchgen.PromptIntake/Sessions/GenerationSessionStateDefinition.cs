using MassTransit;

namespace Benchgen.PromptIntake.Sessions;

/// <summary>
/// The saga endpoint is partitioned by session id (the CorrelationId header, set for every Benchgen message), so two
/// events of one session never race inside a process; across processes the repository's optimistic concurrency and the
/// endpoint's message retry resolve conflicts.
/// </summary>
public sealed class GenerationSessionStateDefinition : SagaDefinition<GenerationSession>
{
    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator,
        ISagaConfigurator<GenerationSession> sagaConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UsePartitioner(Math.Max(4, Environment.ProcessorCount * 2),
            ctx => ctx.CorrelationId ?? ctx.MessageId ?? Guid.Empty);
    }
}
