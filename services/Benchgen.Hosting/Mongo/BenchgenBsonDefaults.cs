using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace Benchgen.Hosting.Mongo;

/// <summary>Process-wide BSON settings every Benchgen collection relies on.</summary>
public static class BenchgenBsonDefaults
{
    static int _registered;

    /// <summary>
    /// Guids as standard UUIDs (binary subtype 4). The 3.x driver refuses to serialize a Guid whose representation
    /// is unspecified, and MassTransit's own MongoDB tests register the same serializer.
    /// </summary>
    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
            return;
        BsonSerializer.TryRegisterSerializer(new GuidSerializer(GuidRepresentation.Standard));
    }
}
