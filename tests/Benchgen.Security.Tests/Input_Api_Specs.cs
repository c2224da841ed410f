extern alias intake;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Benchgen.Hosting;
using Benchgen.PromptIntake.Apis;
using Benchgen.PromptIntake.Sessions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Benchgen.Security.Tests;

/// <summary>The intake host (in-memory bus and saga store, a temporary data directory), as the PromptIntake tests run it.</summary>
public class InputIntakeApp : WebApplicationFactory<intake::Program>
{
    readonly string dataDir = Directory.CreateTempSubdirectory("benchgen-sec-api-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:RabbitMq", "");
        builder.UseSetting("ConnectionStrings:Mongo", "");
        builder.UseSetting("S3:ServiceUrl", "");
        builder.UseSetting("Storage:DataDir", dataDir);
    }

    /// <summary>How many sessions the saga store holds: a refused request must not add one.</summary>
    public async Task<int> SessionCountAsync()
    {
        using var scope = Services.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<ISessionQueries>();
        return (await queries.ListAsync(null, null, 10_000, CancellationToken.None)).Count;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(dataDir))
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}

/// <summary>The same host on real Kestrel (a loopback port): its own request-size limit is in play, as in production.</summary>
public sealed class InputKestrelIntakeApp : InputIntakeApp
{
    public InputKestrelIntakeApp()
    {
        UseKestrel(0);
        StartServer();
    }
}

public sealed class Input_Kestrel_Specs : IClassFixture<InputKestrelIntakeApp>
{
    readonly InputKestrelIntakeApp app;

    public Input_Kestrel_Specs(InputKestrelIntakeApp app) => this.app = app;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_29_MB_body_to_kestrel_is_a_413_problem_not_a_500(bool chunked)
    {
        var body = new byte[29 * 1024 * 1024];
        Encoding.ASCII.GetBytes("{\"prompt\": \"").CopyTo(body, 0);
        Array.Fill(body, (byte)'a', 12, body.Length - 14);
        body[^2] = (byte)'"';
        body[^1] = (byte)'}';
        HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        // As curl does for big bodies: the server can refuse before the 29 MB are sent.
        request.Headers.ExpectContinue = true;

        using var client = app.CreateClient();
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            // Kestrel may answer 413 and close the connection before the client has sent everything; a reset while
            // sending is then what the client sees. The answer itself is checked with a body just over the limit.
            request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions")
            {
                Content = new StreamContent(new MemoryStream(body, 0, (int)RequestRules.MaxRequestBytes + 4096)),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TransferEncodingChunked = chunked;
            response = await client.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class Input_Api_Specs : IClassFixture<InputIntakeApp>
{
    readonly InputIntakeApp app;

    public Input_Api_Specs(InputIntakeApp app) => this.app = app;

    static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    [Theory]
    [MemberData(nameof(InputCases.Names), MemberType = typeof(InputCases))]
    public async Task Each_bad_request_of_the_table_is_a_400_with_the_rules_reason(string name)
    {
        var c = InputCases.Named(name);
        var before = await app.SessionCountAsync();
        var response = await app.CreateClient().PostAsJsonAsync("/api/sessions", new { prompt = c.Prompt, seed = c.Seed, variants = c.Variants });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(c.Reason, (await ProblemAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(before, await app.SessionCountAsync());
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]          // a broken two-byte sequence
    [InlineData(new byte[] { 0xFF, 0xFE, 0xFD })]    // bytes that never occur in UTF-8
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]    // an encoded surrogate (CESU), not UTF-8
    public async Task Invalid_UTF8_inside_a_string_is_a_400_problem_not_a_500(byte[] bad)
    {
        var body = Encoding.UTF8.GetBytes("{\"prompt\": \"A stack of ").Concat(bad).Concat(Encoding.UTF8.GetBytes(" blocks\"}")).ToArray();
        var response = await app.CreateClient().PostAsync("/api/sessions", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid", (await ProblemAsync(response)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/sessions", """{"prompt": "A stack of \ud800 blocks"}""")]
    [InlineData("/api/sessions", """{"prompt": "A stack of 3 blocks", "spec": {"label\udc00": 1}}""")]
    [InlineData("/api/plans", """{"prompt": "A stack of \udfff blocks"}""")]
    [InlineData("/api/batches", """["A stack of 3 blocks", "A stack of \ud83d blocks"]""")]
    public async Task A_lone_surrogate_escape_is_a_400_problem_not_a_500(string path, string body)
    {
        var response = await app.CreateClient().PostAsync(path, Json(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await ProblemAsync(response)).GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("/api/sessions")]
    [InlineData("/api/plans")]
    [InlineData("/api/batches")]
    public async Task A_29_MB_body_is_a_413_problem(string path)
    {
        var body = new byte[29 * 1024 * 1024];
        Encoding.ASCII.GetBytes("{\"prompt\": \"").CopyTo(body, 0);
        Array.Fill(body, (byte)'a', 12, body.Length - 14);
        body[^2] = (byte)'"';
        body[^1] = (byte)'}';
        var response = await app.CreateClient().PostAsync(path, Json(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than", (await ProblemAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_29_MB_body_without_a_length_is_cut_off_at_the_limit_with_a_413()
    {
        // Chunked: no Content-Length to refuse up front, so the counting reader must stop it.
        var content = new StreamContent(new PatternStream(29L * 1024 * 1024, "{\"prompt\": \""u8.ToArray()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_text_batch_of_invalid_UTF8_is_a_400()
    {
        var content = new ByteArrayContent([.. "A stack of 3 blocks\nA stack of "u8.ToArray(), 0xC3, 0x28, .. " blocks\n"u8.ToArray()]);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        var response = await app.CreateClient().PostAsync("/api/batches", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_batch_over_ten_thousand_is_refused_with_the_shared_reason()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/batches", Enumerable.Repeat("A stack of 3 blocks", 10_001).ToArray());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(RequestRules.BatchSize(10_001), (await ProblemAsync(response)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("""{"prompt": "A stack of 3 blocks", "seed": 1e308}""", "seed")]
    [InlineData("""{"prompt": "A stack of 3 blocks", "seed": 1.5}""", "seed")]
    [InlineData("""{"prompt": "A stack of 3 blocks", "variants": "4"}""", "variant")]
    public async Task A_non_integer_number_is_refused_by_the_rule_not_rounded(string body, string field)
    {
        var response = await app.CreateClient().PostAsync("/api/sessions", Json(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"the {field}", (await ProblemAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Zero_variants_is_accepted()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/sessions", new { prompt = "A stack of 3 blocks", variants = 0 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(await response.Content.ReadFromJsonAsync<SubmittedSession>());
    }

    /// <summary>A long body produced on the fly: a prefix, then 'a's, with no length known in advance.</summary>
    sealed class PatternStream(long length, byte[] prefix) : Stream
    {
        long position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - position);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = position + i < prefix.Length ? prefix[position + i] : (byte)'a';
            }

            position += n;
            return n;
        }
    }
}
