using System.Collections.Concurrent;

namespace Benchgen.Hosting.Messaging;

/// <summary>
/// Addresses of the form <c>urn:{kind}:sessions:{sid}:{id}.{mac}</c> (the key's '/' written as ':'), the shape
/// MassTransit's file repository used. Parsed from the original text, so no URI normalisation runs first.
/// </summary>
static class UrnKeys
{
    public static Uri AddressOf(string prefix, string key) => new(prefix + key.Replace('/', ':'));

    public static string? KeyOf(string prefix, string description, Uri address, out string? key)
    {
        key = null;
        var text = address.OriginalString;
        if (!text.StartsWith(prefix, StringComparison.Ordinal))
        {
            var scheme = text.Contains(':', StringComparison.Ordinal) ? text[..text.IndexOf(':', StringComparison.Ordinal)] : text;
            return text.StartsWith("urn:", StringComparison.OrdinalIgnoreCase)
                ? $"it is not an address of the {description} ({prefix}…)"
                : $"scheme '{Short(scheme)}' is not this deployment's claim-check scheme ({prefix}…)";
        }

        var rest = text[prefix.Length..];
        if (rest.IndexOfAny(['/', '\\', '%', '?', '#', '\0']) >= 0)
            return "it contains '/', '\\', '%', '?', '#' or NUL, which no claim key has";
        var segments = rest.Split(':');
        if (segments.Any(s => s is ".." or "."))
            return $"'..' and '.' segments are refused (they would leave the {description})";
        if (segments.Any(s => s.Length == 0))
            return "it has an empty segment (an absolute path or '::')";
        key = string.Join('/', segments);
        return null;
    }

    public static string Short(string text) => text.Length > 40 ? text[..40] + "…" : text;
}

/// <summary>
/// Claim checks as files under the staging folder (<c>{DataDir}/staging</c>), for embedded mode and for
/// distributed hosts that share one data directory. The key is canonicalised and must stay below the folder; a
/// symbolic link anywhere below the folder (directory or file) is refused rather than followed.
/// </summary>
public sealed class DirectoryClaimCheckBackend : IClaimCheckBackend, IExpiringClaimCheckBackend
{
    public const string Prefix = "urn:file:";
    readonly string root;

    public DirectoryClaimCheckBackend(string stagingFolder)
    {
        root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(stagingFolder));
    }

    public string Root => root;

    public Uri AddressOf(string key) => UrnKeys.AddressOf(Prefix, key);

    public string? KeyOf(Uri address, out string? key) => UrnKeys.KeyOf(Prefix, "staging folder", address, out key);

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        EnsureNoLinks(path, includeLeaf: false);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporary, content.ToArray(), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: false);
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        EnsureNoLinks(path, includeLeaf: true);
        if (!File.Exists(path))
            return null;
        return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes claim files last written before <paramref name="cutoff"/> under <c>sessions/</c>, then empty session folders.</summary>
    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var sessions = Path.Combine(root, "sessions");
        if (!Directory.Exists(sessions) || new DirectoryInfo(sessions).LinkTarget is not null)
            return Task.FromResult(0);
        var deleted = 0;
        foreach (var folder in new DirectoryInfo(sessions).EnumerateDirectories())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (folder.LinkTarget is not null)
                continue; // never followed (see EnsureNoLinks)
            foreach (var file in folder.EnumerateFiles())
            {
                if (file.LastWriteTimeUtc < cutoff.UtcDateTime)
                {
                    try
                    {
                        file.Delete();
                        deleted++;
                    }
                    catch (IOException)
                    {
                        // Being written or already gone: the next sweep sees it again.
                    }
                }
            }

            if (!folder.EnumerateFileSystemInfos().Any())
            {
                try
                {
                    folder.Delete();
                }
                catch (IOException)
                {
                    // A claim was written into it meanwhile.
                }
            }
        }

        return Task.FromResult(deleted);
    }

    /// <summary>The canonical path of a key; <see cref="ClaimCheckEscapeException"/> when it is not below the staging folder.</summary>
    public string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar)));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ClaimCheckEscapeException($"the key resolves to '{path}', outside the staging folder '{root}'");
        return path;
    }

    void EnsureNoLinks(string path, bool includeLeaf)
    {
        // Every component below the staging folder: sessions/, sessions/<sid>/, and the file itself.
        var relative = Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar);
        var current = root;
        for (var i = 0; i < relative.Length; i++)
        {
            current = Path.Combine(current, relative[i]);
            if (i == relative.Length - 1 && !includeLeaf)
                break;
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.Exists && info.LinkTarget is { } target)
                throw new ClaimCheckEscapeException($"'{current}' is a symbolic link (to '{target}'); links in the staging folder are not followed");
        }
    }
}

/// <summary>Claim checks in memory (tests, and embedders that want no files).</summary>
public sealed class InMemoryClaimCheckBackend : IClaimCheckBackend
{
    public const string Prefix = "urn:memory:";
    readonly ConcurrentDictionary<string, byte[]> objects = new(StringComparer.Ordinal);

    public Uri AddressOf(string key) => UrnKeys.AddressOf(Prefix, key);

    public string? KeyOf(Uri address, out string? key) => UrnKeys.KeyOf(Prefix, "in-memory claim-check", address, out key);

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        objects[key] = content.ToArray();
        return Task.CompletedTask;
    }

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(objects.TryGetValue(key, out var bytes) ? bytes : null);

    /// <summary>Writes an object under any key, as someone with access to the store could (tests of the refusals).</summary>
    public void Plant(string key, byte[] content) => objects[key] = content;
}
