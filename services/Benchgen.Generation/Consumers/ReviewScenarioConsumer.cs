using Benchgen.Contracts;
using Benchgen.Generation.Review;
using Benchgen.Hosting.Messaging;
using MassTransit;

namespace Benchgen.Generation.Consumers;

/// <summary>Reviews a rendered preview bundle and answers with ScenarioReviewed.</summary>
public sealed class ReviewScenarioConsumer(IScenarioReviewer reviewer, IClaimCheckStore repository, IBus? bus = null) : IConsumer<ReviewScenario>
{
    public async Task Consume(ConsumeContext<ReviewScenario> context)
    {
        var request = context.Message;
        var ct = context.CancellationToken;
        await bus.ReportStartedAsync(null, request.SessionId, "reviewing", request.Attempt, request.Nonce, cancellationToken: context.CancellationToken);
        var review = new ReviewRequest(request.Prompt, request.Family,
            await repository.GetBytesAsync(request.SessionId, request.PreviewBundle, ct),
            await repository.GetBytesAsync(request.SessionId, request.ContactSheet, ct),
            await repository.GetTextAsync(request.SessionId, request.Definition, ct));
        var verdict = await reviewer.ReviewAsync(review, ct);
        await context.Publish(new GenerationProgressed(request.SessionId, "reviewing", request.Attempt, verdict.Feedback, DateTime.UtcNow, request.Nonce),
            context.CancellationToken);
        await context.Publish(new ScenarioReviewed(request.SessionId, request.Attempt, verdict.Approved, verdict.Feedback, request.Nonce),
            context.CancellationToken);
    }
}
