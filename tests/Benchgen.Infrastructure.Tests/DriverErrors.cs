using System.Net;
using System.Reflection;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;

namespace Benchgen.Infrastructure.Tests;

/// <summary>MongoDB driver exceptions as the driver builds them (its WriteError constructor is internal).</summary>
static class DriverErrors
{
    public static ConnectionId Connection() => new(new ServerId(new ClusterId(), new DnsEndPoint("127.0.0.1", 27017)));

    public static WriteError WriteError(ServerErrorCategory category, int code, string message)
    {
        var constructor = typeof(WriteError).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Single(c => c.GetParameters().Length == 4);
        return (WriteError)constructor.Invoke([category, code, message, new BsonDocument()]);
    }

    public static MongoWriteException DuplicateKey() =>
        new(Connection(), WriteError(ServerErrorCategory.DuplicateKey, 11000, "E11000 duplicate key error collection: benchgen.sagas index: _id_"), null, null);

    public static MongoWriteException Refused() =>
        new(Connection(), WriteError(ServerErrorCategory.Uncategorized, 121, "Document failed validation"), null, null);
}
