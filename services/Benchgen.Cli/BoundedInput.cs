using System.Text;

namespace Benchgen.Cli;

/// <summary>
/// Reads user-named input with a byte budget: whatever the path is (<c>/dev/zero</c>, a multi-gigabyte file, a device),
/// at most the limit plus one byte is read before the CLI refuses it as too large.
/// </summary>
public static class BoundedInput
{
    /// <exception cref="CliUsageException">The input is larger than <paramref name="limit"/> bytes, a directory, or not UTF-8 text.</exception>
    public static string ReadFile(string path, long limit, string what)
    {
        if (Directory.Exists(path))
        {
            throw new CliUsageException($"{what} is a directory");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024);
        // A regular file says its size up front; a device or a pipe does not (Length 0 or not seekable), so the
        // bounded copy below is what actually protects.
        if (stream.CanSeek && stream.Length > limit)
        {
            throw TooLarge(what, limit);
        }

        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                throw TooLarge(what, limit);
            }
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true)
                .GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new CliUsageException($"{what} is not UTF-8 text");
        }
    }

    /// <summary>At most <paramref name="limit"/> characters from a reader (stdin).</summary>
    public static string ReadText(TextReader reader, long limit, string what)
    {
        var text = new StringBuilder();
        var chunk = new char[16 * 1024];
        int read;
        while ((read = reader.Read(chunk, 0, chunk.Length)) > 0)
        {
            text.Append(chunk, 0, read);
            if (text.Length > limit)
            {
                throw TooLarge(what, limit);
            }
        }

        return text.ToString();
    }

    static CliUsageException TooLarge(string what, long limit) =>
        new($"{what} is larger than {(limit >= 1024 * 1024 ? $"{limit / (1024 * 1024)} MiB" : $"{limit / 1024} KiB")}, the limit");
}
