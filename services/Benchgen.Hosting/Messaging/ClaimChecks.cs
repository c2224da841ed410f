using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Benchgen.Hosting.Messaging;

/// <summary>
/// Claim checks: blobs of one session go into the staging store and messages carry only the returned address. The
/// saga forwards addresses between stages without loading the bytes.
///
/// Every address is confined (issue 8): it names a key <c>sessions/{sessionId}/{id}.{mac}</c> of this deployment's
/// staging bucket (S3) or staging folder (files), where <c>mac</c> is an HMAC-SHA256 over the session id and object id
/// with the deployment's secret (<c>ClaimChecks:SigningKey</c>). A reader asks for a claim <em>of a session</em>: an
/// address of another scheme, bucket or folder, with <c>..</c>, percent-escapes or extra segments, of another session
/// or without a valid MAC is refused with <see cref="ClaimCheckRefusedException"/> before any I/O.
/// </summary>
public interface IClaimCheckStore
{
    /// <summary>Stores <paramref name="content"/> under the session's prefix and returns its signed address.</summary>
    Task<Uri> PutAsync(Guid sessionId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Reads a claim of <paramref name="sessionId"/>; refuses any other address.</summary>
    Task<byte[]> GetAsync(Guid sessionId, Uri address, CancellationToken cancellationToken = default);

    /// <summary>Why <paramref name="address"/> is not a claim of <paramref name="sessionId"/> written by this deployment; null when it is.</summary>
    string? Problem(Guid sessionId, Uri? address);
}

public static class ClaimChecks
{
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromHours(24);

    public static Task<Uri> PutBytesAsync(this IClaimCheckStore store, Guid sessionId, byte[] content, CancellationToken cancellationToken = default) =>
        store.PutAsync(sessionId, content, cancellationToken);

    public static Task<Uri> PutTextAsync(this IClaimCheckStore store, Guid sessionId, string content, CancellationToken cancellationToken = default) =>
        store.PutAsync(sessionId, Encoding.UTF8.GetBytes(content), cancellationToken);

    public static Task<byte[]> GetBytesAsync(this IClaimCheckStore store, Guid sessionId, Uri address, CancellationToken cancellationToken = default) =>
        store.GetAsync(sessionId, address, cancellationToken);

    public static async Task<string> GetTextAsync(this IClaimCheckStore store, Guid sessionId, Uri address, CancellationToken cancellationToken = default) =>
        Encoding.UTF8.GetString(await store.GetAsync(sessionId, address, cancellationToken).ConfigureAwait(false));
}

/// <summary><c>ClaimChecks:*</c>.</summary>
public sealed class ClaimCheckOptions
{
    public const string Section = "ClaimChecks";
    public const int MinimumKeyLength = 32;

    /// <summary>
    /// The deployment's secret for claim-check MACs; the same value on every service. Required in distributed mode
    /// (<c>ConnectionStrings:RabbitMq</c> set); embedded mode uses a random key per process when unset.
    /// </summary>
    public string? SigningKey { get; set; }
}

/// <summary>Where a claim's bytes live: the staging bucket, the staging folder, or memory (tests).</summary>
public interface IClaimCheckBackend
{
    /// <summary>The address of a key (<c>sessions/{sid}/{id}.{mac}</c>).</summary>
    Uri AddressOf(string key);

    /// <summary>The key an address names if it is an address of this backend; else why not.</summary>
    string? KeyOf(Uri address, out string? key);

    Task PutAsync(string key, ReadOnlyMemory<byte> content, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>The bytes, or null when the object does not exist (expired or never written).</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken);
}

/// <summary>The confined store every writer and reader of claim checks goes through.</summary>
public sealed partial class ClaimCheckStore : IClaimCheckStore
{
    const string KeyPrefix = "sessions/";
    readonly IClaimCheckBackend backend;
    readonly byte[] signingKey;

    public ClaimCheckStore(IClaimCheckBackend backend, byte[] signingKey)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(signingKey);
        if (signingKey.Length < ClaimCheckOptions.MinimumKeyLength)
            throw new ArgumentException($"A claim-check signing key needs at least {ClaimCheckOptions.MinimumKeyLength} bytes.", nameof(signingKey));
        this.backend = backend;
        this.signingKey = signingKey;
    }

    public IClaimCheckBackend Backend => backend;

    /// <summary>The key bytes for a configured <c>ClaimChecks:SigningKey</c> (its UTF-8 bytes; at least 32 characters).</summary>
    public static byte[] KeyFromSetting(string setting)
    {
        if (string.IsNullOrWhiteSpace(setting) || setting.Trim().Length < ClaimCheckOptions.MinimumKeyLength)
            throw new InvalidOperationException(
                $"ClaimChecks:SigningKey must be at least {ClaimCheckOptions.MinimumKeyLength} characters (a random secret shared by every Benchgen service).");
        return Encoding.UTF8.GetBytes(setting.Trim());
    }

    public static byte[] RandomKey() => RandomNumberGenerator.GetBytes(32);

    public async Task<Uri> PutAsync(Guid sessionId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (sessionId == Guid.Empty)
            throw new ArgumentException("A claim check belongs to a session; the session id is empty.", nameof(sessionId));
        var objectId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var session = sessionId.ToString("N");
        var key = $"{KeyPrefix}{session}/{objectId}.{Mac(session, objectId)}";
        await backend.PutAsync(key, content, ClaimChecks.DefaultTimeToLive, cancellationToken).ConfigureAwait(false);
        return backend.AddressOf(key);
    }

    public async Task<byte[]> GetAsync(Guid sessionId, Uri address, CancellationToken cancellationToken = default)
    {
        var key = Confine(sessionId, address);
        byte[]? bytes;
        try
        {
            // Transport failures (an unreachable S3 endpoint) propagate as they are: those are worth a retry.
            bytes = await backend.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (ClaimCheckEscapeException ex)
        {
            throw new ClaimCheckRefusedException(address, sessionId, ex.Message);
        }

        return bytes ?? throw new ClaimCheckNotFoundException(address, "no such object in the staging store (expired or never written)");
    }

    public string? Problem(Guid sessionId, Uri? address)
    {
        if (address is null)
            return "no address";
        var problem = backend.KeyOf(address, out var key);
        if (problem is not null)
            return problem;
        var match = KeyPattern().Match(key!);
        if (!match.Success)
            return $"key '{key}' is not a claim-check key (expected sessions/<session id>/<object id>.<mac>)";
        var session = match.Groups["session"].Value;
        if (!string.Equals(session, sessionId.ToString("N"), StringComparison.Ordinal))
            return $"it belongs to session {session}, not to session {sessionId:N}";
        var expected = Encoding.ASCII.GetBytes(Mac(session, match.Groups["object"].Value));
        var given = Encoding.ASCII.GetBytes(match.Groups["mac"].Value);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
            return "its signature does not match: it was not written by this deployment";
        return null;
    }

    /// <summary>The backend key of a claim of <paramref name="sessionId"/>, or <see cref="ClaimCheckRefusedException"/>.</summary>
    public string Confine(Guid sessionId, Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (Problem(sessionId, address) is { } problem)
            throw new ClaimCheckRefusedException(address, sessionId, problem);
        backend.KeyOf(address, out var key);
        return key!;
    }

    string Mac(string session, string objectId)
    {
        var data = Encoding.ASCII.GetBytes($"benchgen-claim-check/v1\n{session}\n{objectId}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, data));
    }

    [GeneratedRegex("^sessions/(?<session>[0-9a-f]{32})/(?<object>[0-9a-f]{32})\\.(?<mac>[0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    internal static string Describe(Uri address) => address.OriginalString.Length > 300
        ? address.OriginalString[..300] + "…"
        : address.OriginalString;
}

/// <summary>A claim check that does not exist (expired, lost, never written). Retrying cannot help.</summary>
public sealed class ClaimCheckNotFoundException(Uri address, string detail, Exception? inner = null)
    : Exception($"Claim check {ClaimCheckStore.Describe(address)} could not be read from the staging store: {detail}", inner)
{
    public Uri Address { get; } = address;
}

/// <summary>
/// An address that is not a claim of the session in this deployment's staging store. Permanent: never retried, never
/// read; the message names the address, the session and why.
/// </summary>
public sealed class ClaimCheckRefusedException(Uri address, Guid sessionId, string reason)
    : Exception($"Claim-check address '{ClaimCheckStore.Describe(address)}' refused for session {sessionId:N}: {reason}.")
{
    public Uri Address { get; } = address;
    public Guid SessionId { get; } = sessionId;
    public string Reason { get; } = reason;
}

/// <summary>A backend found that a well-formed key would leave its store (a symbolic link on the way).</summary>
public sealed class ClaimCheckEscapeException(string reason) : Exception(reason);
