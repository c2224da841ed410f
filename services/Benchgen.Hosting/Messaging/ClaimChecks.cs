using MassTransit;

namespace Benchgen.Hosting.Messaging;

/// <summary>
/// Claim checks: blobs go into MassTransit's <see cref="IMessageDataRepository"/> (in-memory or a directory when
/// embedded, the S3 staging bucket when distributed) and messages carry only the returned address. The saga forwards
/// addresses between stages without ever loading the bytes.
/// </summary>
public static class ClaimChecks
{
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromHours(24);

    public static async Task<Uri> PutBytesAsync(this IMessageDataRepository repository, byte[] content, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(content, writable: false);
        return await repository.Put(stream, DefaultTimeToLive, cancellationToken).ConfigureAwait(false);
    }

    public static Task<Uri> PutTextAsync(this IMessageDataRepository repository, string content, CancellationToken cancellationToken = default) =>
        repository.PutBytesAsync(System.Text.Encoding.UTF8.GetBytes(content), cancellationToken);

    public static async Task<byte[]> GetBytesAsync(this IMessageDataRepository repository, Uri address, CancellationToken cancellationToken = default)
    {
        Stream stream;
        try
        {
            stream = await repository.Get(address, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ClaimCheckNotFoundException(address, ex);
        }

        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    public static async Task<string> GetTextAsync(this IMessageDataRepository repository, Uri address, CancellationToken cancellationToken = default) =>
        System.Text.Encoding.UTF8.GetString(await repository.GetBytesAsync(address, cancellationToken).ConfigureAwait(false));
}

public sealed class ClaimCheckNotFoundException(Uri address, Exception inner)
    : Exception($"Claim check {address} could not be read from the message-data repository: {inner.Message}", inner);
