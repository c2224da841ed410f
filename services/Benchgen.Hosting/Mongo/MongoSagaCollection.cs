using MassTransit;
using MongoDB.Bson;
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
            _classMapRegistered = true;
        }
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
