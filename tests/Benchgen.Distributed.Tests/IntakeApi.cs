using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Benchgen.Contracts;

namespace Benchgen.Distributed.Tests;

/// <summary>The catalogue record as GET /api/assets/{benchmarkId} returns it (only the fields these tests read).</summary>
public sealed record CatalogueRecord(
    string BenchmarkId,
    Guid SessionId,
    string Prompt,
    string Family,
    int Seed,
    string ScriptUrl,
    string ModelUrl,
    string PreviewsUrl,
    string ContactSheetUrl,
    string DefinitionUrl,
    string ValidationUrl,
    IReadOnlyList<CatalogueVariant> Variants,
    string ContentHash,
    string? AnimationUrl = null);

public sealed record CatalogueVariant(string VariantId, int Seed, string Url, string Sha256);

public sealed record Submitted(Guid SessionId, string StatusUrl);

/// <summary>The intake HTTP API as a producer and an ops client use it.</summary>
public sealed class IntakeApi(HttpClient http, Func<string> diagnostics)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly string[] TerminalStates = ["Accepted", "Rejected", "Failed"];

    public async Task<Submitted> SubmitAsync(string prompt, int? seed = null, int? variants = null, CancellationToken ct = default)
    {
        using var response = await http.PostAsJsonAsync("api/sessions", new { prompt, seed, variants }, Json, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST /api/sessions '{prompt}' answered {(int)response.StatusCode}: {body}\n{diagnostics()}");
        }

        return JsonSerializer.Deserialize<Submitted>(body, Json) ?? throw new InvalidOperationException($"POST /api/sessions answered an empty body: {body}");
    }

    /// <summary>The session's status, or null while the saga has not created it yet (the submission is still in flight).</summary>
    public async Task<SessionStatus?> FindSessionAsync(Guid sessionId, CancellationToken ct = default)
    {
        using var response = await http.GetAsync($"api/sessions/{sessionId}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET /api/sessions/{sessionId} answered {(int)response.StatusCode}: {body}\n{diagnostics()}");
        }

        return JsonSerializer.Deserialize<SessionStatus>(body, Json);
    }

    public async Task<CatalogueRecord?> FindAssetAsync(string benchmarkId, CancellationToken ct = default)
    {
        using var response = await http.GetAsync($"api/assets/{Uri.EscapeDataString(benchmarkId)}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET /api/assets/{benchmarkId} answered {(int)response.StatusCode}: {body}");
        }

        return JsonSerializer.Deserialize<CatalogueRecord>(body, Json);
    }

    /// <summary>
    /// Polls the sessions until each reaches a terminal state (Accepted, Rejected, Failed) or the time is up; returns
    /// the last status seen for every session (null when the saga never knew it).
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, SessionStatus?>> WaitForTerminalAsync(IReadOnlyCollection<Guid> sessionIds, TimeSpan timeout,
        CancellationToken ct = default)
    {
        var last = sessionIds.ToDictionary(id => id, _ => (SessionStatus?)null);
        var pending = new HashSet<Guid>(sessionIds);
        var deadline = DateTime.UtcNow + timeout;
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            foreach (var id in pending.ToList())
            {
                var status = await FindSessionAsync(id, ct);
                last[id] = status;
                if (status is not null && TerminalStates.Contains(status.State))
                {
                    pending.Remove(id);
                }
            }

            if (pending.Count > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }

        return last;
    }

    /// <summary>Polls one session until it is in <paramref name="state"/>; fails early when it ends in another state.</summary>
    public async Task<SessionStatus> WaitForStateAsync(Guid sessionId, string state, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        SessionStatus? status = null;
        while (DateTime.UtcNow < deadline)
        {
            status = await FindSessionAsync(sessionId, ct);
            if (status?.State == state)
            {
                return status;
            }

            if (status is not null && TerminalStates.Contains(status.State))
            {
                throw new InvalidOperationException(
                    $"Session {sessionId} ended {status.State} ({status.FailureReason}) while waiting for {state}.\n{Describe(status)}\n{diagnostics()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        throw new TimeoutException(
            $"Session {sessionId} did not reach {state} within {timeout.TotalSeconds:0} s; last: {(status is null ? "unknown to the saga" : Describe(status))}\n{diagnostics()}");
    }

    public static string Describe(SessionStatus s) =>
        $"{s.SessionId} '{s.Prompt}' state={s.State} stage={s.Stage} attempt={s.Attempt} reason={s.FailureReason}; checkpoints: " +
        string.Join(" | ", s.Checkpoints.Select(c => $"{c.Stage}#{c.Attempt}: {c.Message}"));
}
