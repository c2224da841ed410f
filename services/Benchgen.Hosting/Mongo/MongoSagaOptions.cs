using MongoDB.Bson;

namespace Benchgen.Hosting.Mongo;

/// <summary>Where a saga type lives in MongoDB, how it is mapped and which indexes ops queries need.</summary>
public sealed class MongoSagaOptions
{
    public string ConnectionString { get; set; } = "";
    public string DatabaseName { get; set; } = "benchgen";
    public string CollectionName { get; set; } = "";

    /// <summary>Registers the saga's BSON class map (called once, before the collection is first used).</summary>
    public Action? RegisterClassMap { get; set; }

    /// <summary>Indexes created (idempotently) at start-up; keys use stored field names, e.g. <c>{ CurrentState: 1, UpdatedAt: -1 }</c>.</summary>
    public List<MongoIndexSpec> Indexes { get; } = [];

    /// <summary>How long the driver looks for a server before an operation fails.</summary>
    public TimeSpan ServerSelectionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public MongoSagaOptions AddIndex(string name, BsonDocument keys)
    {
        Indexes.Add(new MongoIndexSpec(name, keys));
        return this;
    }

    internal void Validate(Type sagaType)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new InvalidOperationException($"MongoDB saga repository for {sagaType.Name}: the connection string is empty (set ConnectionStrings:Mongo, e.g. mongodb://127.0.0.1:27017).");
        if (string.IsNullOrWhiteSpace(DatabaseName))
            throw new InvalidOperationException($"MongoDB saga repository for {sagaType.Name}: the database name is empty.");
        if (string.IsNullOrWhiteSpace(CollectionName))
            throw new InvalidOperationException($"MongoDB saga repository for {sagaType.Name}: the collection name is empty.");
    }
}

public sealed record MongoIndexSpec(string Name, BsonDocument Keys);
