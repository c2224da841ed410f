using Benchgen.Hosting.Mongo;
using MassTransit;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using Xunit;

namespace Benchgen.Infrastructure.Tests;

/// <summary>A saga type nobody registered a class map for.</summary>
public sealed class UnmappedSaga : ISagaVersion
{
    public Guid CorrelationId { get; set; }
    public int Version { get; set; }
    public string State { get; set; } = "";
}

/// <summary>A saga type whose own class map takes another member as _id (the driver's "Id" convention).</summary>
public sealed class WronglyMappedSaga : ISagaVersion
{
    public Guid CorrelationId { get; set; }
    public int Version { get; set; }
    public string Id { get; set; } = "";
}

/// <summary>No MongoDB server is contacted: the driver connects lazily, class maps and error types are local.</summary>
public sealed class Mongo_saga_mapping_and_insert_errors
{
    static IMongoDatabase Database() => new MongoClient("mongodb://127.0.0.1:1").GetDatabase("benchgen_mapping");

    [Fact]
    public void Should_map_CorrelationId_to__id_for_a_saga_without_a_class_map()
    {
        _ = new MongoSagaCollection<UnmappedSaga>(Database(), new MongoSagaOptions { ConnectionString = "mongodb://127.0.0.1:1", CollectionName = "unmapped" });
        var id = Guid.NewGuid();

        var document = new UnmappedSaga { CorrelationId = id, Version = 0, State = "Running" }.ToBsonDocument();

        Assert.Equal(nameof(UnmappedSaga.CorrelationId), BsonClassMap.LookupClassMap(typeof(UnmappedSaga)).IdMemberMap.MemberName);
        Assert.Equal(new BsonBinaryData(id, GuidRepresentation.Standard), document["_id"]);
        Assert.False(document.Contains(nameof(UnmappedSaga.CorrelationId)));
        Assert.Equal(0, document[nameof(UnmappedSaga.Version)].AsInt32); // written even at its default
    }

    [Fact]
    public void Should_refuse_a_class_map_whose__id_is_not_the_CorrelationId()
    {
        var options = new MongoSagaOptions
        {
            ConnectionString = "mongodb://127.0.0.1:1",
            CollectionName = "wrong",
            RegisterClassMap = () => BsonClassMap.TryRegisterClassMap<WronglyMappedSaga>(cm => cm.AutoMap()),
        };

        var ex = Assert.Throws<InvalidOperationException>(() => new MongoSagaCollection<WronglyMappedSaga>(Database(), options));

        Assert.Contains("'Id' to _id", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CorrelationId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_take_only_a_duplicate_key_as_an_insert_conflict()
    {
        Assert.True(MongoErrors.IsDuplicateKey(DriverErrors.DuplicateKey()));
        Assert.True(MongoSagaRepositoryContext<CounterSession, CounterStarted>.IsInsertConflict(DriverErrors.DuplicateKey()));
        Assert.True(MongoErrors.IsDuplicateKey(new MongoCommandException(DriverErrors.Connection(), "E11000", new BsonDocument("insert", "sagas"), new BsonDocument { { "ok", 0 }, { "code", 11000 } })));
    }

    [Fact]
    public void Should_not_take_a_refused_document_or_an_unreachable_server_for_an_existing_saga()
    {
        Assert.False(MongoSagaRepositoryContext<CounterSession, CounterStarted>.IsInsertConflict(DriverErrors.Refused()));
        Assert.False(MongoSagaRepositoryContext<CounterSession, CounterStarted>.IsInsertConflict(new MongoConnectionException(DriverErrors.Connection(), "reset")));
        Assert.False(MongoSagaRepositoryContext<CounterSession, CounterStarted>.IsInsertConflict(new TimeoutException("selecting a server")));
        Assert.False(MongoSagaRepositoryContext<CounterSession, CounterStarted>.IsInsertConflict(new OperationCanceledException()));
    }
}
