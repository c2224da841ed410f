using System.Text.Json;

namespace Benchgen.Persistence.Curation;

/// <summary>Settings bound from the <c>Curation</c> configuration section.</summary>
public sealed class CurationOptions
{
    public const string Section = "Curation";

    /// <summary>
    /// Unattended batch jobs: accepted benchmarks go straight into the suite at their task's tier, recorded as done by
    /// <see cref="Curator.AutoPromoter"/>. Off by default: a person looks first.
    /// </summary>
    public bool AutoPromote { get; set; }
}

public enum ReviewOutcome { Done, NotFound, Conflict, Invalid }

public sealed record ReviewResult(ReviewOutcome Outcome, string Message, BenchmarkAsset? Asset = null);

/// <summary>
/// The curation state machine of a catalogue record: staged → promoted (into the suite, with a tier; promoting again
/// re-tiers) or declined (with a note); declined is final. Every change is appended to the record's history, and is
/// written with compare-and-swap on the state, so two curators acting at once cannot both win.
/// </summary>
public sealed class Curator(IAssetCatalogue catalogue, TimeProvider? time = null)
{
    public const string AutoPromoter = "auto-promote";
    public const int MinTier = 1, MaxTier = 3;
    public const int MaxNoteLength = 2000, MaxNameLength = 100;

    readonly TimeProvider clock = time ?? TimeProvider.System;

    public Task<ReviewResult> PromoteAsync(string benchmarkId, int? tier, string by, string? note, CancellationToken cancellationToken) =>
        ChangeAsync(benchmarkId, "promote", by, note, tier, cancellationToken);

    public Task<ReviewResult> DeclineAsync(string benchmarkId, string? note, string by, CancellationToken cancellationToken) =>
        ChangeAsync(benchmarkId, "decline", by, note, null, cancellationToken);

    /// <summary>The record as a new accepted benchmark enters the catalogue: staged, or promoted when auto-promote is on.</summary>
    public static BenchmarkAsset Admit(BenchmarkAsset asset, bool autoPromote, DateTime at)
    {
        if (!autoPromote) return asset with { ReviewState = ReviewStates.Staged, Tier = null, ReviewHistory = [] };
        var tier = TaskTier(asset.DefinitionJson) ?? MinTier;
        return asset with
        {
            ReviewState = ReviewStates.Promoted,
            Tier = tier,
            ReviewHistory = [new ReviewEvent(at, AutoPromoter, "promote", ReviewStates.Staged, ReviewStates.Promoted, tier, "Curation:AutoPromote is on")],
        };
    }

    /// <summary>The tier benchmark.json gives its task (top-level <c>tier</c>), when it does.</summary>
    public static int? TaskTier(string definitionJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(definitionJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("tier", out var t) &&
                   t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out var tier) && tier is >= MinTier and <= MaxTier
                ? tier
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    async Task<ReviewResult> ChangeAsync(string benchmarkId, string action, string by, string? note, int? tier, CancellationToken ct)
    {
        if (Problem(by, note, action, tier) is { } problem) return new ReviewResult(ReviewOutcome.Invalid, problem);
        var current = await catalogue.FindAsync(benchmarkId, ct).ConfigureAwait(false);
        if (current is null) return new ReviewResult(ReviewOutcome.NotFound, $"no benchmark {benchmarkId} in the catalogue");

        if (current.ReviewState == ReviewStates.Declined)
        {
            var last = current.ReviewHistory.LastOrDefault(e => e.To == ReviewStates.Declined);
            return new ReviewResult(ReviewOutcome.Conflict,
                $"benchmark {benchmarkId} was declined{(last is null ? "" : $" by {last.By} at {last.At:u}: {last.Note}")}; a declined benchmark stays declined",
                current);
        }

        var to = action == "promote" ? ReviewStates.Promoted : ReviewStates.Declined;
        var newTier = action == "promote" ? tier ?? current.Tier ?? TaskTier(current.DefinitionJson) : null;
        if (action == "promote" && newTier is null)
            return new ReviewResult(ReviewOutcome.Invalid, $"benchmark {benchmarkId}'s definition gives no tier; say which ({MinTier}–{MaxTier})");

        var entry = new ReviewEvent(clock.GetUtcNow().UtcDateTime, by.Trim(), action, current.ReviewState, to, newTier, string.IsNullOrWhiteSpace(note) ? null : note.Trim());
        var changed = current with { ReviewState = to, Tier = newTier, ReviewHistory = [.. current.ReviewHistory, entry] };
        if (!await catalogue.ReplaceIfStateAsync(changed, current.ReviewState, ct).ConfigureAwait(false))
        {
            var now = await catalogue.FindAsync(benchmarkId, ct).ConfigureAwait(false);
            return now is null
                ? new ReviewResult(ReviewOutcome.NotFound, $"no benchmark {benchmarkId} in the catalogue")
                : new ReviewResult(ReviewOutcome.Conflict, $"benchmark {benchmarkId} changed meanwhile (now {now.ReviewState}); look again and retry", now);
        }

        var what = to == ReviewStates.Promoted ? $"promoted into tier {newTier}" : "declined";
        return new ReviewResult(ReviewOutcome.Done, $"benchmark {benchmarkId} {what} by {entry.By}", changed);
    }

    static string? Problem(string by, string? note, string action, int? tier)
    {
        if (string.IsNullOrWhiteSpace(by)) return "say who reviews (a curator name)";
        if (by.Length > MaxNameLength || by.Any(char.IsControl)) return $"the curator name must be plain text of at most {MaxNameLength} characters";
        if (note is { Length: > MaxNoteLength }) return $"the note has {note.Length} characters; the limit is {MaxNoteLength}";
        if (note is not null && note.Any(c => char.IsControl(c) && c is not ('\n' or '\t'))) return "the note contains control characters";
        if (action == "decline" && string.IsNullOrWhiteSpace(note)) return "a decline needs a note saying why";
        if (tier is { } t && t is < MinTier or > MaxTier) return $"tier {t} is not a suite tier ({MinTier}–{MaxTier})";
        return null;
    }
}
