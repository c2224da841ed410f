using MongoDB.Driver;

namespace Benchgen.Hosting.Mongo;

/// <summary>What a MongoDB write failure means.</summary>
public static class MongoErrors
{
    public const int DuplicateKeyCode = 11000;

    /// <summary>
    /// True only for a duplicate-key error (E11000): an insert of a document whose <c>_id</c> (or unique key) already
    /// exists. A timeout, a lost connection or a refused document is not one.
    /// </summary>
    public static bool IsDuplicateKey(Exception? exception) => exception switch
    {
        MongoWriteException write => write.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoBulkWriteException bulk => bulk.WriteErrors.Count > 0 && bulk.WriteErrors.All(e => e.Category == ServerErrorCategory.DuplicateKey),
        MongoDuplicateKeyException => true,
        MongoCommandException command => command.Result is not null && command.Code == DuplicateKeyCode,
        _ => false,
    };
}
