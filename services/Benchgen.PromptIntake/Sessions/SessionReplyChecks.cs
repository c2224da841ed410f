using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Benchgen.Contracts;
using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.Storage;
using Benchgen.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benchgen.PromptIntake.Sessions;

/// <summary>
/// The saga accepts a reply only if it is consistent with what it asked for (issue 8): the attempt it is on, the
/// nonce it put into the request (a publisher that cannot read the request queues cannot know it), claim-check
/// addresses of this session written by this deployment, the benchmark id it derives and artifact URLs inside this
/// deployment's store for that id. The stage is checked by the state machine itself (a reply for another stage is
/// not handled in the state the session is in).
///
/// A reply of an earlier attempt is stale and dropped quietly, as before. Any other inconsistent reply is
/// <em>refused</em>: logged as a warning with the session id and why, counted (<see cref="Refused"/> and the
/// <c>benchgen.sessions.replies_refused</c> counter of meter <c>Benchgen.Sessions</c>), and it never moves the session.
/// </summary>
public sealed class SessionReplyChecks(IClaimCheckStore claims, ArtifactLocations artifacts, IOptions<S3Options> buckets,
    ILogger<SessionReplyChecks> logger)
{
    public const string MeterName = "Benchgen.Sessions";
    public const int RecentLimit = 200;

    /// <summary>The one <c>Benchgen.Sessions</c> meter: the reply counters here and the session's stage and finish metrics.</summary>
    internal static readonly Meter Meter = new(MeterName);
    static readonly Counter<long> RefusedCounter = Meter.CreateCounter<long>("benchgen.sessions.replies_refused",
        description: "Replies the GenerationSession saga refused as inconsistent with its request (forged or misrouted).");

    readonly ConcurrentQueue<RefusedReply> recent = new();
    long refused;

    /// <summary>Replies refused by this process since it started.</summary>
    public long Refused => Interlocked.Read(ref refused);

    /// <summary>The last <see cref="RecentLimit"/> refusals, oldest first.</summary>
    public IReadOnlyList<RefusedReply> Recent => recent.ToArray();

    /// <summary>A fresh unguessable request nonce (128 random bits).</summary>
    public static Guid NewNonce() => new(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// A worker's report that it took the current request: the request's nonce, the stage the session is in, and this
    /// attempt (0 from Persistence, whose request carries no attempt: the nonce is the request's own).
    /// </summary>
    public bool StageStarted(GenerationSession s, StageStarted m, Uri? source = null) =>
        (m.Attempt == 0 || Current(s, m.Attempt)) && Accept(s, source, nameof(Contracts.StageStarted),
            NonceProblem(s, m.Nonce) ?? (string.Equals(m.Stage, s.CurrentState, StringComparison.OrdinalIgnoreCase)
                ? null
                : $"it reports stage '{(m.Stage.Length > 40 ? m.Stage[..40] : m.Stage)}' while the session is {s.CurrentState}"));

    public bool Progressed(GenerationSession s, GenerationProgressed m, Uri? source = null) =>
        Current(s, m.Attempt) && Accept(s, source, nameof(GenerationProgressed), NonceProblem(s, m.Nonce));

    public bool Generated(GenerationSession s, ScenarioGenerated m, Uri? source = null)
    {
        if (!Current(s, m.Attempt))
            return false;
        var problem = NonceProblem(s, m.Nonce)
            ?? Claim(s, "script", m.Script)
            ?? Claim(s, "model", m.Model)
            ?? Claim(s, "definition", m.Definition)
            ?? Claim(s, "validation report", m.ValidationReport)
            ?? (m.ReferenceTrajectory is null ? null : Claim(s, "reference trajectory", m.ReferenceTrajectory))
            ?? (m.Variants is null || m.Variants.Count == 0 ? "no variant models" : null)
            ?? (m.Variants!.Count > 64 ? $"{m.Variants.Count} variant models (at most 64)" : null)
            ?? m.Variants.Select(v => Claim(s, $"variant seed {v.Seed}", v.Model)).FirstOrDefault(p => p is not null)
            ?? (m.Variants.Select(v => v.Seed).Distinct().Count() != m.Variants.Count ? "two variants with one seed" : null);
        return Accept(s, source, nameof(ScenarioGenerated), problem);
    }

    public bool GenerationFailed(GenerationSession s, GenerationFailed m, Uri? source = null) =>
        Current(s, m.Attempt) && Accept(s, source, nameof(Contracts.GenerationFailed), NonceProblem(s, m.Nonce));

    public bool Rendered(GenerationSession s, ScenarioRendered m, Uri? source = null) =>
        Current(s, m.Attempt) && Accept(s, source, nameof(ScenarioRendered),
            NonceProblem(s, m.Nonce) ?? Claim(s, "preview bundle", m.PreviewBundle) ?? Claim(s, "contact sheet", m.ContactSheet)
            // The animation is part of the bundle: asked for (a trajectory was sent), it must come back.
            ?? (m.Animation is not null ? Claim(s, "animation", m.Animation)
                : s.TrajectoryAddress is not null ? "no animation, though the request carried the reference trajectory" : null));

    public bool RenderingFailed(GenerationSession s, RenderingFailed m, Uri? source = null) =>
        Current(s, m.Attempt) && Accept(s, source, nameof(Contracts.RenderingFailed), NonceProblem(s, m.Nonce));

    public bool Reviewed(GenerationSession s, ScenarioReviewed m, Uri? source = null) =>
        Current(s, m.Attempt) && Accept(s, source, nameof(ScenarioReviewed), NonceProblem(s, m.Nonce));

    public bool Persisted(GenerationSession s, AssetPersisted m, Uri? source = null)
    {
        var id = BenchmarkIds.For(s.CorrelationId);
        var b = buckets.Value;
        var u = m.Urls;
        string? problem = NonceProblem(s, m.Nonce)
            ?? (string.Equals(m.BenchmarkId, id, StringComparison.Ordinal) ? null : $"benchmark id '{Short(m.BenchmarkId)}' is not the session's own {id}");
        if (problem is null && u is null)
            problem = "no URLs";
        if (problem is null)
        {
            problem = artifacts.Problem(u!.Asset, b.AssetsBucket, ArtifactKeys.Definition(id))
                ?? artifacts.Problem(u.Definition, b.AssetsBucket, ArtifactKeys.Definition(id))
                ?? artifacts.Problem(u.Script, b.SourceBucket, ArtifactKeys.Script(id))
                ?? artifacts.Problem(u.Model, b.AssetsBucket, ArtifactKeys.Model(id))
                ?? artifacts.Problem(u.Previews, b.AssetsBucket, ArtifactKeys.Previews(id))
                ?? artifacts.Problem(u.ContactSheet, b.AssetsBucket, ArtifactKeys.ContactSheet(id))
                ?? artifacts.Problem(u.Validation, b.AssetsBucket, ArtifactKeys.Validation(id))
                ?? (s.AnimationAddress is null ? null : artifacts.Problem(u.Animation, b.AssetsBucket, ArtifactKeys.Animation(id)))
                ?? (u.Variants is null || u.Variants.Count != s.VariantAddresses.Count
                    ? $"{u.Variants?.Count ?? 0} variant URLs for {s.VariantAddresses.Count} variants"
                    : u.Variants.Select((url, i) => artifacts.Problem(url, b.AssetsBucket, ArtifactKeys.Variant(id, s.VariantAddresses[i].Seed)))
                        .FirstOrDefault(p => p is not null));
        }

        return Accept(s, source, nameof(AssetPersisted), problem);
    }

    public bool PersistenceFailed(GenerationSession s, PersistenceFailed m, Uri? source = null) =>
        Accept(s, source, nameof(Contracts.PersistenceFailed), NonceProblem(s, m.Nonce));

    /// <summary>A fault of one of the saga's own requests: the request it carries must be the current one.</summary>
    public bool Fault(GenerationSession s, string request, int? attempt, Guid nonce, Uri? source = null) =>
        (attempt is null || Current(s, attempt.Value)) && Accept(s, source, $"Fault<{request}>", NonceProblem(s, nonce));

    static readonly Counter<long> OrphanedCounter = Meter.CreateCounter<long>("benchgen.sessions.replies_orphaned",
        description: "Replies for a session the saga store does not know (a store that was reset or lost, or a forged id).");

    long orphaned;

    /// <summary>Replies for sessions unknown to the saga store since this process started.</summary>
    public long Orphaned => Interlocked.Read(ref orphaned);

    /// <summary>A reply arrived for a session the store does not have: logged and counted, never silently dropped.</summary>
    public void Orphan(string reply, Guid sessionId, Uri? source)
    {
        Interlocked.Increment(ref orphaned);
        OrphanedCounter.Add(1, new KeyValuePair<string, object?>("reply", reply));
        logger.LogWarning("{Reply} from {Source} for session {SessionId}, which the saga store does not know; dropped",
            reply, source?.ToString() ?? "(unknown)", sessionId);
    }

    bool Current(GenerationSession s, int attempt)
    {
        if (attempt == s.Attempt)
            return true;
        logger.LogDebug("Session {SessionId}: a reply of attempt {Attempt} ignored (the session is on attempt {Current})", s.CorrelationId, attempt, s.Attempt);
        return false;
    }

    bool Accept(GenerationSession s, Uri? source, string reply, string? problem)
    {
        if (problem is null)
            return true;
        Interlocked.Increment(ref refused);
        recent.Enqueue(new RefusedReply(s.CorrelationId, reply, s.CurrentState, problem, DateTime.UtcNow));
        while (recent.Count > RecentLimit && recent.TryDequeue(out _))
        {
        }

        RefusedCounter.Add(1, new KeyValuePair<string, object?>("reply", reply), new KeyValuePair<string, object?>("state", s.CurrentState));
        logger.LogWarning("Session {SessionId}: {Reply} from {Source} refused in {State} (attempt {Attempt}): {Reason}; the session does not move",
            s.CorrelationId, reply, source?.ToString() ?? "(unknown)", s.CurrentState, s.Attempt, problem);
        return false;
    }

    static string? NonceProblem(GenerationSession s, Guid nonce) =>
        s.RequestNonce != Guid.Empty && nonce == s.RequestNonce
            ? null
            : nonce == Guid.Empty ? "it carries no request nonce" : "its request nonce is not the one of the request the session sent";

    string? Claim(GenerationSession s, string what, Uri? address) =>
        claims.Problem(s.CorrelationId, address) is { } problem ? $"{what} claim '{Short(address?.OriginalString ?? "")}' refused: {problem}" : null;

    static string Short(string? text) => text is null ? "" : text.Length > 120 ? text[..120] + "…" : text;
}

/// <summary>One refused reply: which session, which reply type, the session's state, why.</summary>
public sealed record RefusedReply(Guid SessionId, string Reply, string State, string Reason, DateTime At);
