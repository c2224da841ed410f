using System.Text;
using System.Text.Json;
using Benchgen.Contracts;
using Benchgen.Hosting;
using Benchgen.Persistence;
using Benchgen.PromptIntake.Dashboard;
using Benchgen.PromptIntake.Sessions;
using Benchgen.Tasks;
using Benchgen.Hosting.Faults;
using MassTransit;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Benchgen.PromptIntake.Apis;

/// <summary>
/// The intake HTTP API. Submissions are published as <see cref="SubmitPrompt"/> and answered 202 at once; the saga
/// does the rest. Reads come from the saga store and the asset catalogue.
/// </summary>
public static class SessionsApi
{
    public const int MaxBatchPrompts = RequestRules.MaxBatchPrompts;

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Benchgen");
        api.MapPost("/sessions", SubmitAsync).WithName("SubmitPrompt").Accepts<SubmitPromptRequest>("application/json")
            .WithSummary("Start a session from a prompt, an edited TaskSpec, or both")
            .WithDescription("A 'spec' (a TaskSpec, e.g. from POST /api/plans) is validated here: 400 with 'errors', one per problem, " +
                             "each starting with its JSON path. Without a 'prompt' the spec's own prompt (or one made from its goal) is used.");
        // Planning belongs to the same intake API (and the same OpenAPI document): plan, edit, then submit the spec.
        api.MapPlansApi();
        api.MapCurationApi();
        api.MapPost("/batches", SubmitBatchAsync).WithName("SubmitBatch").Accepts<string[]>("application/json", "text/plain");
        api.MapGet("/sessions/{sessionId:guid}", GetSessionAsync).WithName("GetSession");
        api.MapGet("/sessions", ListSessionsAsync).WithName("ListSessions");
        api.MapGet("/assets/{benchmarkId}", GetAssetAsync).WithName("GetAsset");
        app.MapDashboard();
        return app;
    }

    public static async Task<Results<Accepted<SubmittedSession>, ProblemHttpResult>> SubmitAsync(
        HttpRequest request, IPublishEndpoint publisher, IOptions<MessagingOptions> messaging, CancellationToken ct)
    {
        JsonElement body;
        try
        {
            body = await ReadJsonAsync(request, ct);
        }
        catch (BadRequestException ex)
        {
            return ex.Result;
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return Problem("the body must be a JSON object like {\"prompt\": \"A stack of 3 blocks\", \"seed\": 1, \"variants\": 4} or {\"spec\": {...}}");
        }

        string? spec = null;
        TaskSpec? task = null;
        if (body.TryGetProperty("spec", out var specElement) && specElement.ValueKind != JsonValueKind.Null)
        {
            if (specElement.ValueKind != JsonValueKind.Object)
            {
                return Problem("'spec' must be a JSON object (a TaskSpec, as POST /api/plans answers it)");
            }

            spec = specElement.GetRawText();
            if (RequestRules.Spec(spec) is { } tooLong)
            {
                return Problem(tooLong);
            }

            try
            {
                task = TaskSpecReader.Parse(spec);
            }
            catch (TaskSpecException ex)
            {
                return TypedResults.Problem(detail: ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid TaskSpec",
                    extensions: new Dictionary<string, object?> { ["errors"] = ex.Errors });
            }
        }

        string? prompt;
        if (body.TryGetProperty("prompt", out var promptElement) && (task is null || promptElement.ValueKind != JsonValueKind.Null))
        {
            if (promptElement.ValueKind != JsonValueKind.String)
            {
                return Problem("'prompt' must be a JSON string");
            }

            prompt = promptElement.GetString();
        }
        else if (task is not null)
        {
            prompt = PromptOf(task);
        }
        else
        {
            return Problem("'prompt' must be a JSON string (or send a TaskSpec as 'spec')");
        }

        // The shared rule set, in the order every entry point checks it (prompt, seed, variants, spec).
        var seedProblem = ReadInteger(body, "seed", RequestRules.Seed, out var seed);
        var variantsProblem = ReadInteger(body, "variants", RequestRules.Variants, out var variants);
        if ((RequestRules.Prompt(prompt) ?? seedProblem ?? variantsProblem ?? RequestRules.Spec(spec)) is { } problem)
        {
            return Problem(problem);
        }

        var id = NewId.NextGuid();
        try
        {
            await publisher.PublishWithin(new SubmitPrompt(id, prompt!, seed, variants, null, DateTime.UtcNow, spec),
                BrokerPublishing.PublishTimeout(messaging.Value), ct);
        }
        catch (BrokerUnavailableException ex)
        {
            return BrokerPublishing.Unavailable(request.HttpContext, ex.Message + "; the session was not started, retry later");
        }

        var statusUrl = $"/api/sessions/{id}";
        return TypedResults.Accepted(statusUrl, new SubmittedSession(id, statusUrl));
    }

    public static async Task<Results<Accepted<SubmittedBatch>, ProblemHttpResult>> SubmitBatchAsync(
        HttpRequest request, IPublishEndpoint publisher, IOptions<MessagingOptions> messaging, CancellationToken ct)
    {
        List<string> prompts;
        try
        {
            prompts = await ReadBatchAsync(request, ct);
        }
        catch (BadRequestException ex)
        {
            return ex.Result;
        }

        if (RequestRules.BatchSize(prompts.Count) is { } sizeProblem)
        {
            return Problem(sizeProblem);
        }

        for (var i = 0; i < prompts.Count; i++)
        {
            if (RequestRules.Prompt(prompts[i]) is { } problem)
            {
                return Problem($"prompt {i + 1}: {problem}");
            }
        }

        var batchId = NewId.NextGuid();
        var ids = prompts.Select(_ => NewId.NextGuid()).ToArray();
        var now = DateTime.UtcNow;
        // Publish in bounded parallel chunks: awaiting each of 10,000 confirms one by one is needlessly slow.
        var timeout = BrokerPublishing.PublishTimeout(messaging.Value);
        var submitted = new bool[ids.Length];
        foreach (var chunk in Enumerable.Range(0, prompts.Count).Chunk(64))
        {
            try
            {
                await Task.WhenAll(chunk.Select(async i =>
                {
                    await publisher.PublishWithin(new SubmitPrompt(ids[i], prompts[i], null, null, batchId, now), timeout, ct);
                    submitted[i] = true;
                }));
            }
            catch (BrokerUnavailableException ex)
            {
                // The sessions already published run; the client is told which, so a retry submits only the rest.
                var started = ids.Where((_, i) => submitted[i]).ToList();
                return BrokerPublishing.Unavailable(request.HttpContext,
                    $"{ex.Message}; {started.Count} of {ids.Length} prompts were submitted before it stopped answering (submittedSessionIds), retry the rest later",
                    new Dictionary<string, object?> { ["batchId"] = batchId, ["submittedSessionIds"] = started });
            }
        }

        var statusUrl = $"/api/sessions?batchId={batchId}";
        return TypedResults.Accepted(statusUrl, new SubmittedBatch(batchId, ids, statusUrl));
    }

    public static async Task<Results<Ok<SessionStatus>, ProblemHttpResult>> GetSessionAsync(
        Guid sessionId, ISessionQueries sessions, CancellationToken ct)
    {
        var session = await sessions.FindAsync(sessionId, ct);
        return session is null
            ? NotFound($"no session {sessionId}")
            : TypedResults.Ok(SessionStatusMapper.ToStatus(session));
    }

    public static async Task<Results<Ok<IReadOnlyList<SessionSummary>>, ProblemHttpResult>> ListSessionsAsync(
        ISessionQueries sessions, string? state, Guid? batchId, int? limit, CancellationToken ct)
    {
        if (state is not null && !GenerationSessionStates.All.Contains(state))
        {
            return Problem($"unknown state '{state}'; one of {string.Join(", ", GenerationSessionStates.All)}");
        }

        var take = Math.Clamp(limit ?? 100, 1, 10_000);
        var found = await sessions.ListAsync(state, batchId, take, ct);
        return TypedResults.Ok<IReadOnlyList<SessionSummary>>(found.Select(SessionSummary.From).ToList());
    }

    public static async Task<Results<Ok<BenchmarkAsset>, ProblemHttpResult>> GetAssetAsync(
        string benchmarkId, IAssetCatalogue catalogue, CancellationToken ct)
    {
        var asset = await catalogue.FindAsync(benchmarkId, ct);
        return asset is null ? NotFound($"no benchmark {benchmarkId}") : TypedResults.Ok(asset);
    }

    /// <summary>The spec's own prompt when it is an acceptable one, else a prompt made from its goal ("Task: on(bowl_1, plate_1)").</summary>
    public static string PromptOf(TaskSpec spec)
    {
        if (PromptRules.Problem(spec.Prompt) is null)
        {
            return spec.Prompt!;
        }

        var prompt = "Task: " + spec.DescribeGoal();
        return prompt.Length <= PromptRules.MaxLength ? prompt : prompt[..(PromptRules.MaxLength - 1)] + "…";
    }

    /// <summary>
    /// The JSON body, read at most <paramref name="limit"/> bytes (default <see cref="RequestRules.MaxRequestBytes"/>): larger is
    /// 413, not JSON or not valid UTF-8 / UTF-16 text (invalid bytes, an unpaired surrogate escape) is 400.
    /// </summary>
    internal static async Task<JsonElement> ReadJsonAsync(HttpRequest request, CancellationToken ct, long limit = RequestRules.MaxRequestBytes)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadRequestException("the body must be application/json");
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(OpenBody(request, limit), cancellationToken: ct);
            var root = document.RootElement;
            if (FirstBadString(root) is { } where)
            {
                throw new BadRequestException($"the body is not valid text: {where} holds invalid UTF-8 or an unpaired surrogate");
            }

            return root.Clone();
        }
        catch (JsonException ex)
        {
            throw new BadRequestException("the body is not valid JSON: " + RequestRules.Sanitise(ex.Message, 300));
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex)
        {
            throw TooLargeOr(ex, limit);
        }
    }

    /// <summary>The body stream, bounded twice: the server's own limit (Kestrel answers early on a long Content-Length) and a counting wrapper.</summary>
    static Stream OpenBody(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        return new LimitedStream(request.Body, limit);
    }

    static BadRequestException TooLarge(long limit) =>
        new($"the body is larger than {limit / (1024 * 1024)} MiB", StatusCodes.Status413PayloadTooLarge, "Request body too large");

    static BadRequestException TooLargeOr(Microsoft.AspNetCore.Http.BadHttpRequestException ex, long limit) =>
        ex.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? TooLarge(limit)
            : new BadRequestException("the body could not be read: " + RequestRules.Sanitise(ex.Message, 300), ex.StatusCode);

    /// <summary>The JSON path of the first string or property name that is not valid text, or null.</summary>
    static string? FirstBadString(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsText(() => element.GetString()) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstBadString(item, $"{path}[{index++}]") is { } bad)
                    {
                        return bad;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name = "";
                    if (!IsText(() => name = property.Name))
                    {
                        return path + " (a property name)";
                    }

                    if (FirstBadString(property.Value, $"{path}.{RequestRules.Sanitise(name, 40)}") is { } bad)
                    {
                        return bad;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    static bool IsText(Func<string?> read)
    {
        try
        {
            var text = read();
            if (text is null)
            {
                return true;
            }

            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(text[i]))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            return false;
        }
    }

    static async Task<List<string>> ReadBatchAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentType?.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) == true)
        {
            string text;
            try
            {
                using var reader = new StreamReader(OpenBody(request, RequestRules.MaxBatchBytes),
                    new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
                text = await reader.ReadToEndAsync(ct);
            }
            catch (DecoderFallbackException)
            {
                throw new BadRequestException("the body is not valid UTF-8 text");
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex)
            {
                throw TooLargeOr(ex, RequestRules.MaxBatchBytes);
            }

            return text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        }

        var body = await ReadJsonAsync(request, ct, RequestRules.MaxBatchBytes);
        if (body.ValueKind != JsonValueKind.Array)
        {
            throw new BadRequestException("a JSON batch must be an array of prompt strings");
        }

        var prompts = new List<string>(body.GetArrayLength());
        foreach (var item in body.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new BadRequestException($"batch item {prompts.Count + 1} is {item.ValueKind}, not a prompt string");
            }

            prompts.Add(item.GetString()!);
        }

        return prompts;
    }

    /// <summary>An optional whole-number field, checked by its rule: null when absent, null or acceptable, else the rule's reason.</summary>
    static string? ReadInteger(JsonElement body, string name, IntegerRule rule, out int? value)
    {
        value = null;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var parsed))
        {
            return rule.Problem(element.GetRawText());
        }

        if (rule.Check(parsed) is { } problem)
        {
            return problem;
        }

        value = (int)parsed;
        return null;
    }

    internal static ProblemHttpResult Problem(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid submission");

    static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>A request the API refuses before reading it further: 400 unless <paramref name="status"/> says otherwise (413).</summary>
    internal sealed class BadRequestException(string message, int status = StatusCodes.Status400BadRequest, string title = "Invalid submission")
        : Exception(message)
    {
        public ProblemHttpResult Result => TypedResults.Problem(detail: Message, statusCode: status, title: title);
    }

    /// <summary>Refuses bodies larger than the limit instead of buffering them whole.</summary>
    sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        long read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Count(await inner.ReadAsync(buffer, ct));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        int Count(int n)
        {
            read += n;
            return read > limit ? throw TooLarge(limit) : n;
        }
    }
}

/// <summary>The body of <c>POST /api/sessions</c>: a prompt, a TaskSpec (<c>spec</c>), or both.</summary>
public sealed record SubmitPromptRequest(string? Prompt, int? Seed, int? Variants, TaskSpec? Spec);
public sealed record SubmittedSession(Guid SessionId, string StatusUrl);
public sealed record SubmittedBatch(Guid BatchId, IReadOnlyList<Guid> SessionIds, string StatusUrl);

public sealed record SessionSummary(Guid SessionId, string State, string Stage, int Attempt, string Prompt, Guid? BatchId,
    DateTime UpdatedAt, string? BenchmarkId, string? AssetUrl, string? FailureReason, DateTime? SubmittedAt = null)
{
    public static SessionSummary From(GenerationSession s) =>
        new(s.CorrelationId, s.CurrentState, s.Stage, s.Attempt, s.Prompt, s.BatchId, s.UpdatedAt, s.BenchmarkId, s.AssetUrl, s.FailureReason, s.SubmittedAt);
}
