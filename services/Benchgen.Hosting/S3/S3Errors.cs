using System.Net.Sockets;
using Amazon.Runtime;

namespace Benchgen.Hosting.S3;

/// <summary>The configured S3 endpoint did not answer (refused, DNS failure, timeout).</summary>
public sealed class S3EndpointUnreachableException(string endpoint, Exception inner)
    : Exception($"S3 endpoint {endpoint} could not be reached ({inner.GetBaseException().Message}). Check S3:ServiceUrl and that the S3 server is running.", inner)
{
    public string Endpoint { get; } = endpoint;
}

public static class S3Errors
{
    /// <summary>Runs an S3 call and turns transport failures into <see cref="S3EndpointUnreachableException"/> naming the endpoint.</summary>
    public static async Task<T> Guard<T>(string? endpoint, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            throw new S3EndpointUnreachableException(endpoint ?? "(unset)", ex);
        }
    }

    public static async Task Guard(string? endpoint, Func<Task> call) =>
        await Guard<bool>(endpoint, async () => { await call().ConfigureAwait(false); return true; }).ConfigureAwait(false);

    static bool IsUnreachable(Exception ex)
    {
        if (ex is AmazonServiceException { StatusCode: not 0 } service && service.InnerException is null)
            return false;
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException)
                return true;
            if (e is TaskCanceledException && e.InnerException is TimeoutException)
                return true;
        }
        return false;
    }
}
