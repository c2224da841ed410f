using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Benchgen.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Benchgen.PromptIntake.Tests;

public class Curating_through_the_api : IClassFixture<IntakeApp>
{
    readonly IntakeApp app;

    public Curating_through_the_api(IntakeApp app) => this.app = app;

    async Task Store(string id)
    {
        var catalogue = app.Services.GetRequiredService<IAssetCatalogue>();
        await catalogue.UpsertAsync(new BenchmarkAsset
        {
            BenchmarkId = id, SessionId = Guid.NewGuid(), Prompt = "put the bowl on the plate", Family = "composed", Seed = 0,
            ScriptUrl = "file:///s", ModelUrl = "file:///m", PreviewsUrl = "file:///p", ContactSheetUrl = "file:///c", DefinitionUrl = "file:///d",
            ValidationUrl = "file:///v", Variants = [], Difficulty = 0.4, DefinitionJson = """{"tier": 2}""", ValidationSummary = "ok",
            ContentHash = "h" + id, GeneratorVersion = "g", MujocoVersion = "2.2.2", CreatedAt = DateTime.UtcNow,
        }, CancellationToken.None);
    }

    [Fact]
    public async Task Should_list_staged_promote_with_a_tier_and_decline_with_a_note()
    {
        await Store("bm-api-1");
        var client = app.CreateClient();

        var staged = await client.GetFromJsonAsync<JsonElement>("/api/benchmarks?state=staged");
        Assert.Contains(staged.EnumerateArray(), b => b.GetProperty("benchmarkId").GetString() == "bm-api-1");

        var promote = await client.PostAsJsonAsync("/api/benchmarks/bm-api-1/promote", new { tier = 3, note = "good", by = "ana" });
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        var record = await promote.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("promoted", record.GetProperty("reviewState").GetString());
        Assert.Equal(3, record.GetProperty("tier").GetInt32());
        Assert.Equal("ana", record.GetProperty("reviewHistory")[0].GetProperty("by").GetString());

        var promotedList = await client.GetFromJsonAsync<JsonElement>("/api/benchmarks?state=promoted&tier=3");
        Assert.Single(promotedList.EnumerateArray(), b => b.GetProperty("benchmarkId").GetString() == "bm-api-1");

        // The curator may come from the header instead of the body.
        using var decline = new HttpRequestMessage(HttpMethod.Post, "/api/benchmarks/bm-api-1/decline") { Content = JsonContent.Create(new { note = "hidden bowl" }) };
        decline.Headers.Add("X-Benchgen-Curator", "ben");
        var declined = await client.SendAsync(decline);
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Equal("ben", (await declined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reviewHistory")[1].GetProperty("by").GetString());

        var again = await client.PostAsJsonAsync("/api/benchmarks/bm-api-1/promote", new { by = "ana" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("stays declined", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Should_answer_unknown_ids_and_bad_requests_with_problems()
    {
        await Store("bm-api-2");
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/benchmarks/bm-none/promote", new { by = "ana" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/benchmarks/bm-none")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/benchmarks/bm-api-2/decline", new { by = "ana" })).StatusCode); // no note
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/benchmarks/bm-api-2/promote", new { tier = 9, by = "ana" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/benchmarks/bm-api-2/promote", new { tier = 1 })).StatusCode); // nobody
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/benchmarks?state=final")).StatusCode);
        Assert.Equal("staged", (await client.GetFromJsonAsync<JsonElement>("/api/benchmarks/bm-api-2")).GetProperty("reviewState").GetString());
    }
}
