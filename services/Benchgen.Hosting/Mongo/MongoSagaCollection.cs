using MassTransit;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace Benchgen.Hosting.Mongo;

/// <summary>The MongoDB collection holding one saga type, plus its start-up index creation.</summary>
public sealed class MongoSagaCollection<TSaga>
    where TSaga : class, ISagaVersion
{
    static readonly Lock ClassMapLock = new();
    static bool _classMapRegistered;

    public MongoSagaCollection(MongoSagaOptions options)
        : this(CreateDatabase(options), options)
    {
    }

    public MongoSagaCollection(IMongoDatabase database, MongoSagaOptions options)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        EnsureClassMap(options);
        Options = options;
        Database = database;
        Collection = database.GetCollection<TSaga>(options.CollectionName);
    }

    public MongoSagaOptions Options { get; }
    public IMongoDatabase Database { get; }
    public IMongoCollection<TSaga> Collection { get; }

    /// <summary>Creates the configured indexes; MongoDB treats an identical existing index as success, so this is idempotent.</summary>
    public async Task EnsureIndexesAsync(CancellationToken cancellationToken = default)
    {
        if (Options.Indexes.Count == 0)
            return;
        var raw = Database.GetCollection<BsonDocument>(Options.CollectionName);
        var models = Options.Indexes
            .Select(i => new CreateIndexModel<BsonDocument>(new BsonDocumentIndexKeysDefinition<BsonDocument>(i.Keys), new CreateIndexOptions { Name = i.Name }))
            .ToList();
        try
        {
            await raw.Indexes.CreateManyAsync(models, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new MongoUnreachableException(Options.ConnectionString, ex);
        }
    }

    static IMongoDatabase CreateDatabase(MongoSagaOptions options)
    {
        options.Validate(typeof(TSaga));
        var settings = MongoClientSettings.FromConnectionString(options.ConnectionString);
        settings.ServerSelectionTimeout = options.ServerSelectionTimeout;
        return new MongoClient(settings).GetDatabase(options.DatabaseName);
    }

    static void EnsureClassMap(MongoSagaOptions options)
    {
        BenchgenBsonDefaults.EnsureRegistered();
        lock (ClassMapLock)
        {
            if (_classMapRegistered)
                return;
            options.RegisterClassMap?.Invoke();
            EnsureIdIsCorrelationId();
            _classMapRegistered = true;
        }
    }

    /// <summary>
    /// The repository's insert-first duplicate detection and every lookup need <c>_id</c> = CorrelationId. A saga type
    /// without a class map gets one (AutoMap, CorrelationId as <c>_id</c>, Version always written); a class map that maps
    /// another member (or none) to <c>_id</c> is refused, so the host does not start with a store that cannot work.
    /// </summary>
    public static void EnsureIdIsCorrelationId()
    {
        if (!BsonClassMap.IsClassMapRegistered(typeof(TSaga)))
        {
            BsonClassMap.TryRegisterClassMap<TSaga>(cm =>
            {
                cm.AutoMap();
                cm.MapIdProperty(nameof(ISaga.CorrelationId));
                cm.MapProperty(nameof(ISagaVersion.Version)).SetIgnoreIfDefault(false);
            });
        }

        var map = BsonClassMap.LookupClassMap(typeof(TSaga));
        var id = map.IdMemberMap;
        if (id is null || id.MemberName != nameof(ISaga.CorrelationId))
            throw new InvalidOperationException(
                $"The BSON class map of saga {typeof(TSaga).Name} maps {(id is null ? "no member" : $"'{id.MemberName}'")} to _id; the MongoDB saga " +
                "repository needs CorrelationId as _id (cm.MapIdMember(x => x.CorrelationId)), or no class map at all (one is then registered).");
    }
}

/// <summary>No MongoDB server answered within the server-selection timeout.</summary>
public sealed class MongoUnreachableException(string connectionString, Exception inner)
    : Exception($"MongoDB at {MongoUrlForDisplay(connectionString)} could not be reached ({inner.Message.Split('\n')[0]}). Check ConnectionStrings:Mongo and that the server is running.", inner)
{
    static string MongoUrlForDisplay(string connectionString)
    {
        try
        {
            var url = MongoUrl.Create(connectionString);
            return string.Join(",", url.Servers.Select(s => $"{s.Host}:{s.Port}"));
        }
        catch (MongoConfigurationException)
        {
            return "(invalid connection string)";
        }
    }
}
