using System.Collections.Concurrent;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Benchgen.Hosting.Sagas;

/// <summary>
/// A saga store of one saga type as JSON files under a folder (<c>{DataDir}/sagas/{name}/{correlation id}.json</c>), for
/// hosts without MongoDB: the sessions survive a restart of the process. Every instance handed out is a fresh copy, writes
/// are atomic (a temporary file renamed over the old one) and optimistic on <see cref="ISagaVersion.Version"/>, exactly
/// like the MongoDB repository: a stale writer gets a <see cref="ConcurrencyException"/> and the message is retried.
/// </summary>
public sealed class FileSagaStore<TSaga> : IDisposable
    where TSaga : class, ISagaVersion
{
    static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    readonly ConcurrentDictionary<Guid, TSaga> snapshots = new();
    readonly Lock writeLock = new();

    readonly FileStream? lockFile;

    public FileSagaStore(string folder, ILogger? logger = null)
    {
        Folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(Folder);
        try
        {
            // One writer per folder: the store keeps its snapshot in memory, so a second process writing the same files
            // would overwrite sessions it cannot see.
            lockFile = new FileStream(Path.Combine(Folder, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            logger?.LogWarning(ex,
                "The saga store {Folder} is in use by another Benchgen process; this process keeps its {Saga} instances in memory only (they will not survive its restart)",
                Folder, typeof(TSaga).Name);
            return;
        }

        foreach (var file in Directory.EnumerateFiles(Folder, "*.json"))
        {
            try
            {
                var saga = JsonSerializer.Deserialize<TSaga>(File.ReadAllBytes(file), Json);
                if (saga is not null && Path.GetFileNameWithoutExtension(file) == saga.CorrelationId.ToString("N"))
                    snapshots[saga.CorrelationId] = saga;
                else
                    logger?.LogError("Saga file {File} does not hold a {Saga} of its own id; ignored", file, typeof(TSaga).Name);
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                // Loud, not fatal: one unreadable file must not lose every other session.
                logger?.LogError(ex, "Saga file {File} could not be read; that {Saga} is lost", file, typeof(TSaga).Name);
            }
        }

        foreach (var leftover in Directory.EnumerateFiles(Folder, "*.tmp"))
            File.Delete(leftover);
        if (snapshots.Count > 0)
            logger?.LogInformation("Loaded {Count} {Saga} instance(s) from {Folder}", snapshots.Count, typeof(TSaga).Name, Folder);
    }

    public string Folder { get; }

    /// <summary>True when this process owns the folder and writes every change to it; false: memory only (another process owns it).</summary>
    public bool Persistent => lockFile is not null;

    public int Count => snapshots.Count;

    /// <summary>Writes refused because another consumer had changed the instance first (each is retried by the bus).</summary>
    public int Conflicts => Volatile.Read(ref conflicts);

    int conflicts;

    ConcurrencyException Conflict(string message, Guid id)
    {
        Interlocked.Increment(ref conflicts);
        return new ConcurrencyException(message, typeof(TSaga), id);
    }

    /// <summary>A copy of the stored instance, or null.</summary>
    public TSaga? Load(Guid correlationId) => snapshots.TryGetValue(correlationId, out var saga) ? Copy(saga) : null;

    /// <summary>The stored instance as its file holds it (read from disk), or null; what a consumer works on.</summary>
    public async Task<TSaga?> LoadAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        if (!snapshots.ContainsKey(correlationId))
            return null;
        if (!Persistent)
            return Load(correlationId);
        try
        {
            var bytes = await File.ReadAllBytesAsync(PathOf(correlationId), cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<TSaga>(bytes, Json);
        }
        catch (FileNotFoundException)
        {
            return null; // deleted meanwhile
        }
    }

    /// <summary>Ids of the stored instances matching <paramref name="filter"/> (evaluated on the stored snapshots, read only).</summary>
    public IReadOnlyList<Guid> Query(Func<TSaga, bool> filter) =>
        snapshots.Values.Where(filter).Select(s => s.CorrelationId).ToList();

    /// <summary>Stores a new instance; false when one with its id exists (the caller loads that one instead).</summary>
    public bool TryInsert(TSaga saga)
    {
        lock (writeLock)
        {
            if (snapshots.ContainsKey(saga.CorrelationId))
                return false;
            Write(saga);
            return true;
        }
    }

    /// <summary>Stores a new instance added in memory; an existing one is a conflict the retry policy resolves.</summary>
    public void Insert(TSaga saga)
    {
        if (!TryInsert(saga))
            throw Conflict($"{typeof(TSaga).Name} {saga.CorrelationId} already exists; the message will be retried against it.", saga.CorrelationId);
    }

    /// <summary>Increments the version and replaces the stored instance only if that is older.</summary>
    public void Update(TSaga saga)
    {
        lock (writeLock)
        {
            saga.Version++;
            if (!snapshots.TryGetValue(saga.CorrelationId, out var stored) || stored.Version >= saga.Version)
                throw Conflict(
                    $"Saga {typeof(TSaga).Name} {saga.CorrelationId} was changed by another consumer (version {saga.Version} is not newer than the stored one); the message will be retried against fresh state.",
                    saga.CorrelationId);
            Write(saga);
        }
    }

    public void Delete(TSaga saga)
    {
        lock (writeLock)
        {
            if (!snapshots.TryGetValue(saga.CorrelationId, out var stored) || stored.Version > saga.Version)
                throw Conflict(
                    $"Saga {typeof(TSaga).Name} {saga.CorrelationId} could not be deleted: it was changed or removed by another consumer.",
                    saga.CorrelationId);
            if (Persistent)
                File.Delete(PathOf(saga.CorrelationId));
            snapshots.TryRemove(saga.CorrelationId, out _);
        }
    }

    void Write(TSaga saga)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(saga, Json);
        if (!Persistent)
        {
            snapshots[saga.CorrelationId] = JsonSerializer.Deserialize<TSaga>(bytes, Json)!;
            return;
        }

        var path = PathOf(saga.CorrelationId);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            // A crashed or killed process loses nothing written here (the page cache survives it); no fsync per write, so
            // a batch of thousands of sessions is not paced by the disk. A power loss may lose the last writes.
            stream.Write(bytes);
        }

        File.Move(temporary, path, overwrite: true);
        snapshots[saga.CorrelationId] = JsonSerializer.Deserialize<TSaga>(bytes, Json)!;
    }

    string PathOf(Guid id) => Path.Combine(Folder, id.ToString("N") + ".json");

    static TSaga Copy(TSaga saga) => JsonSerializer.Deserialize<TSaga>(JsonSerializer.SerializeToUtf8Bytes(saga, Json), Json)!;

    /// <summary>Releases the folder (a later store in this or another process may own it).</summary>
    public void Dispose() => lockFile?.Dispose();
}
