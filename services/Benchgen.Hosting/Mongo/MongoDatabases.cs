using MongoDB.Driver;

namespace Benchgen.Hosting.Mongo;

public static class MongoDatabases
{
    /// <summary><c>ConnectionStrings:Mongo</c>: when set, the saga repository and the asset catalogue live in MongoDB.</summary>
    public const string ConnectionName = "Mongo";

    public const string DefaultDatabase = "benchgen";

    /// <summary>The database named in the URI's path (<c>mongodb://host/benchgen</c>), else <see cref="DefaultDatabase"/>.</summary>
    public static IMongoDatabase Open(string connectionString)
    {
        BenchgenBsonDefaults.EnsureRegistered();
        var url = MongoUrl.Create(connectionString);
        return new MongoClient(url).GetDatabase(url.DatabaseName ?? DefaultDatabase);
    }

    public static string DatabaseName(string connectionString) => MongoUrl.Create(connectionString).DatabaseName ?? DefaultDatabase;
}
