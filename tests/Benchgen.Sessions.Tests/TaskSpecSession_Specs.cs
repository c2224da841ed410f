using Benchgen.Contracts;
using MassTransit;
using Xunit;

namespace Benchgen.Sessions.Tests;

public class Submitting_an_edited_task_spec
{
    const string Spec = """{"spec":"benchgen.task/v1","prompt":"put the bowl on the plate","objects":[{"id":"bowl_1","kind":"bowl","label":"bowl"},{"id":"plate_1","kind":"plate","label":"plate"}],"goal":[{"predicate":"on","args":["bowl_1","plate_1"]}]}""";

    [Fact]
    public async Task Should_keep_the_spec_on_the_session_and_send_it_with_every_attempt()
    {
        await using var h = await SessionHarness.StartAsync(maxAttempts: 2);
        var id = NewId.NextGuid();
        await h.Harness.Bus.Publish(new SubmitPrompt(id, "put the bowl on the plate", 7, 4, null, DateTime.UtcNow, Spec));

        var session = await h.InState(id, m => m.Generating);
        Assert.Equal(Spec, session.Spec);
        Assert.True(await h.Harness.Published.Any<GenerateScenario>(x =>
            x.Context.Message.SessionId == id && x.Context.Message.Attempt == 1 && x.Context.Message.Spec == Spec));

        // The reviewer rejects attempt 1: attempt 2 builds the same approved spec, with the feedback.
        await h.Harness.Bus.Publish(await h.Generated(id, 1));
        await h.InState(id, m => m.Rendering);
        await h.Harness.Bus.Publish(await h.Rendered(id, 1));
        await h.InState(id, m => m.Reviewing);
        await h.Harness.Bus.Publish(await h.Reviewed(id, 1, false, "bowl hidden in 20/24 views"));

        Assert.True(await h.PublishedEventually<GenerateScenario>(m =>
            m.SessionId == id && m.Attempt == 2 && m.Spec == Spec && m.ReviewFeedback == "bowl hidden in 20/24 views"));
    }

    [Fact]
    public async Task Should_send_no_spec_for_a_prompt_only_submission()
    {
        await using var h = await SessionHarness.StartAsync();
        var id = await h.SubmitAsync();

        Assert.True(await h.Harness.Published.Any<GenerateScenario>(x => x.Context.Message.SessionId == id));
        Assert.Null(h.Harness.Published.Select<GenerateScenario>().Single(x => x.Context.Message.SessionId == id).Context.Message.Spec);
        Assert.Null(h.Saga.Sagas.Contains(id)!.Spec);
    }

    [Fact]
    public async Task Should_end_rejected_with_the_json_paths_when_generation_refuses_the_spec()
    {
        await using var h = await SessionHarness.StartAsync();
        var id = NewId.NextGuid();
        await h.Harness.Bus.Publish(new SubmitPrompt(id, "a spatula", null, null, null, DateTime.UtcNow, Spec.Replace("\"bowl\",\"label\"", "\"spatula\",\"label\"")));
        await h.InState(id, m => m.Generating);

        await h.Harness.Bus.Publish(await h.GenerationFailed(id, 1, true, "the spec is invalid: $.objects[0].kind: unknown kind 'spatula'"));

        var session = await h.InState(id, m => m.Rejected);
        Assert.Contains("$.objects[0].kind", session.FailureReason);
    }
}
