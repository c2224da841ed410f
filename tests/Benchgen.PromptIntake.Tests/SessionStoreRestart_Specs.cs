using System.Net;
using System.Net.Http.Json;
using Benchgen.Contracts;
using Benchgen.Hosting.Sagas;
using Benchgen.PromptIntake.Apis;
using Benchgen.PromptIntake.Sessions;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace Benchgen.PromptIntake.Tests;

/// <summary>An intake host (in-memory bus, no MongoDB) over a data directory the test owns, so it can be restarted on it.</summary>
public sealed class IntakeOnDataDir(string dataDir) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:RabbitMq", "");
        builder.UseSetting("ConnectionStrings:Mongo", "");
        builder.UseSetting("S3:ServiceUrl", "");
        builder.UseSetting("Storage:DataDir", dataDir);
    }
}

public sealed class Restarting_the_intake_host : IDisposable
{
    readonly string dataDir = Directory.CreateTempSubdirectory("benchgen-restart-").FullName;

    public void Dispose() => Directory.Delete(dataDir, recursive: true);

    static async Task<SessionStatus?> StatusAsync(HttpClient client, Guid id, Func<SessionStatus, bool> done)
    {
        SessionStatus? status = null;
        for (var i = 0; i < 100; i++)
        {
            using var response = await client.GetAsync($"/api/sessions/{id}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                status = await response.Content.ReadFromJsonAsync<SessionStatus>();
                if (done(status!))
                    return status;
            }

            await Task.Delay(50);
        }

        return status;
    }

    [Fact]
    public async Task Should_still_know_the_session_after_a_restart_and_say_why_it_stopped()
    {
        Guid id;
        using (var first = new IntakeOnDataDir(dataDir))
        {
            var client = first.CreateClient();
            // This host has no Generation service: the session waits in Generating when the host goes down.
            using var response = await client.PostAsJsonAsync("/api/sessions", new { prompt = "A stack of 3 blocks", seed = 7 });
            id = (await response.Content.ReadFromJsonAsync<SubmittedSession>())!.SessionId;
            Assert.Equal("Generating", (await StatusAsync(client, id, s => s.State == "Generating"))?.State);
        }

        SessionStatus afterRestart;
        using (var second = new IntakeOnDataDir(dataDir))
        {
            var status = await StatusAsync(second.CreateClient(), id, _ => true);
            Assert.NotNull(status); // not 404 as for a wrong id
            afterRestart = status;
        }

        Assert.Equal("Failed", afterRestart.State);
        Assert.Equal("A stack of 3 blocks", afterRestart.Prompt);
        Assert.Contains("restarted while this session was in Generating", afterRestart.FailureReason, StringComparison.Ordinal);

        // A finished session is kept as it is through further restarts.
        using var third = new IntakeOnDataDir(dataDir);
        var again = await StatusAsync(third.CreateClient(), id, _ => true);
        Assert.Equal("Failed", again?.State);
        Assert.Equal(afterRestart.FailureReason, again?.FailureReason);
        Assert.Equal(afterRestart.FinishedAt, again?.FinishedAt);
    }
}

public sealed class A_file_saga_store : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("benchgen-sagas-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static GenerationSession Session(Guid id) => new()
    {
        CorrelationId = id, CurrentState = "Generating", Prompt = "A hinged door", Seed = 3, Stage = "coding",
        SubmittedAt = new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc),
        ScriptAddress = new Uri("urn:file:sessions:abc:def"),
        Checkpoints = [new CheckpointEntry { Stage = "planning", Message = "planned", Attempt = 1, StageSeconds = 0.5 }],
    };

    [Fact]
    public void Should_give_back_every_field_after_the_store_is_reopened()
    {
        var id = Guid.NewGuid();
        using (var store = new FileSagaStore<GenerationSession>(folder))
        {
            Assert.True(store.Persistent);
            Assert.True(store.TryInsert(Session(id)));
            var loaded = store.Load(id)!;
            loaded.Stage = "validating";
            store.Update(loaded);
        }

        using var reopened = new FileSagaStore<GenerationSession>(folder);
        var back = reopened.Load(id)!;

        Assert.Equal(1, back.Version);
        Assert.Equal("validating", back.Stage);
        Assert.Equal("A hinged door", back.Prompt);
        Assert.Equal(new Uri("urn:file:sessions:abc:def"), back.ScriptAddress);
        Assert.Equal(DateTimeKind.Utc, back.SubmittedAt.Kind);
        Assert.Equal("planned", Assert.Single(back.Checkpoints).Message);
    }

    [Fact]
    public void Should_refuse_a_stale_update_and_never_hand_out_the_stored_instance()
    {
        var id = Guid.NewGuid();
        using var store = new FileSagaStore<GenerationSession>(folder);
        store.TryInsert(Session(id));
        var a = store.Load(id)!;
        var b = store.Load(id)!;
        Assert.NotSame(a, b);

        a.Stage = "validating";
        store.Update(a);
        b.Stage = "rendering";

        Assert.Throws<ConcurrencyException>(() => store.Update(b));
        Assert.Equal("validating", store.Load(id)!.Stage);
        Assert.False(store.TryInsert(Session(id)), "an existing id is not inserted twice");
    }

    [Fact]
    public void Should_leave_a_folder_another_store_owns_alone()
    {
        using var owner = new FileSagaStore<GenerationSession>(folder);
        using var second = new FileSagaStore<GenerationSession>(folder);
        var id = Guid.NewGuid();

        second.TryInsert(Session(id));

        Assert.True(owner.Persistent);
        Assert.False(second.Persistent);
        Assert.False(File.Exists(Path.Combine(folder, id.ToString("N") + ".json")));
    }
}
