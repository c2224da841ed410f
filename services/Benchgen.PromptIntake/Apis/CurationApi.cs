using System.Text.Json;
using Benchgen.Persistence;
using Benchgen.Persistence.Curation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Benchgen.PromptIntake.Apis;

/// <summary>
/// Curation over HTTP: list and read catalogue records by review state, promote a staged benchmark into the suite
/// with a tier, decline it with a note. The curator is named in the body (<c>by</c>) or the <c>X-Benchgen-Curator</c>
/// header; every change is recorded on the record.
/// </summary>
public static class CurationApi
{
    public const string CuratorHeader = "X-Benchgen-Curator";

    public static RouteGroupBuilder MapCurationApi(this RouteGroupBuilder api)
    {
        api.MapGet("/benchmarks", ListAsync).WithName("ListBenchmarks")
            .WithSummary("Catalogue records, newest first; filter by state (staged|promoted|declined), tier, family, batch, minDifficulty");
        api.MapGet("/benchmarks/{benchmarkId}", GetAsync).WithName("GetBenchmark");
        api.MapPost("/benchmarks/{benchmarkId}/promote", PromoteAsync).WithName("PromoteBenchmark").Accepts<PromoteRequest>("application/json")
            .WithSummary("Promote into the suite: {\"tier\": 2, \"note\": \"…\", \"by\": \"ana\"} (tier defaults to the task's)");
        api.MapPost("/benchmarks/{benchmarkId}/decline", DeclineAsync).WithName("DeclineBenchmark").Accepts<DeclineRequest>("application/json")
            .WithSummary("Decline with a note: {\"note\": \"the bowl is hidden\", \"by\": \"ana\"}; declined is final");
        return api;
    }

    public sealed record PromoteRequest(int? Tier, string? Note, string? By);
    public sealed record DeclineRequest(string? Note, string? By);

    public static async Task<Results<Ok<IReadOnlyList<BenchmarkSummary>>, ProblemHttpResult>> ListAsync(
        IAssetCatalogue catalogue, CancellationToken ct, string? state = null, int? tier = null, string? family = null,
        Guid? batch = null, double? minDifficulty = null, int? limit = null)
    {
        if (state is not null && !ReviewStates.All.Contains(state))
            return SessionsApi.Problem($"state must be one of {string.Join(", ", ReviewStates.All)}");
        var found = await catalogue.QueryAsync(new CatalogueQuery(state, tier, family, minDifficulty, batch, Math.Clamp(limit ?? 100, 1, 10_000)), ct);
        return TypedResults.Ok<IReadOnlyList<BenchmarkSummary>>(found.Select(BenchmarkSummary.From).ToList());
    }

    public static async Task<Results<Ok<BenchmarkAsset>, ProblemHttpResult>> GetAsync(string benchmarkId, IAssetCatalogue catalogue, CancellationToken ct)
    {
        var asset = await catalogue.FindAsync(benchmarkId, ct);
        return asset is null ? Answer(new ReviewResult(ReviewOutcome.NotFound, $"no benchmark {benchmarkId} in the catalogue")) : TypedResults.Ok(asset);
    }

    public static async Task<Results<Ok<BenchmarkAsset>, ProblemHttpResult>> PromoteAsync(
        string benchmarkId, HttpRequest request, Curator curator, CancellationToken ct)
    {
        var (body, problem) = await ReadAsync(request, ct);
        if (problem is not null) return problem;
        int? tier = null;
        if (body.TryGetProperty("tier", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (t.ValueKind != JsonValueKind.Number || !t.TryGetInt32(out var value)) return SessionsApi.Problem("tier must be an integer");
            tier = value;
        }
        return Answer(await curator.PromoteAsync(benchmarkId, tier, Curator(request, body), Text(body, "note"), ct));
    }

    public static async Task<Results<Ok<BenchmarkAsset>, ProblemHttpResult>> DeclineAsync(
        string benchmarkId, HttpRequest request, Curator curator, CancellationToken ct)
    {
        var (body, problem) = await ReadAsync(request, ct);
        if (problem is not null) return problem;
        return Answer(await curator.DeclineAsync(benchmarkId, Text(body, "note"), Curator(request, body), ct));
    }

    static async Task<(JsonElement Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            var body = await SessionsApi.ReadJsonAsync(request, ct);
            return body.ValueKind == JsonValueKind.Object ? (body, null) : (body, SessionsApi.Problem("the body must be a JSON object"));
        }
        catch (SessionsApi.BadRequestException ex)
        {
            return (default, SessionsApi.Problem(ex.Message));
        }
    }

    static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    static string Curator(HttpRequest request, JsonElement body) =>
        Text(body, "by") ?? (request.Headers.TryGetValue(CuratorHeader, out var header) ? header.ToString() : "");

    static Results<Ok<BenchmarkAsset>, ProblemHttpResult> Answer(ReviewResult result) => result.Outcome switch
    {
        ReviewOutcome.Done => TypedResults.Ok(result.Asset!),
        ReviewOutcome.NotFound => TypedResults.Problem(detail: result.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        ReviewOutcome.Conflict => TypedResults.Problem(detail: result.Message, statusCode: StatusCodes.Status409Conflict, title: "Review conflict"),
        _ => SessionsApi.Problem(result.Message),
    };
}

/// <summary>One line of a catalogue listing.</summary>
public sealed record BenchmarkSummary(
    string BenchmarkId, string Prompt, string Family, string ReviewState, int? Tier, double Difficulty, Guid? BatchId,
    DateTime CreatedAt, string ContactSheetUrl)
{
    public static BenchmarkSummary From(BenchmarkAsset a) =>
        new(a.BenchmarkId, a.Prompt, a.Family, a.ReviewState, a.Tier, a.Difficulty, a.BatchId, a.CreatedAt, a.ContactSheetUrl);
}
