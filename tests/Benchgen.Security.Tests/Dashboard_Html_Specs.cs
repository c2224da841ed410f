using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Benchgen.Hosting.Storage;
using Benchgen.Persistence;
using Benchgen.Persistence.Curation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Benchgen.Security.Tests;

/// <summary>The dashboard's pages and artifact routes against hostile text and hostile paths (no browser: the bytes served).</summary>
public class Dashboard_Html_Specs(InputIntakeApp app) : IClassFixture<InputIntakeApp>
{
    const string Hostile = "<script>alert(1)</script>";

    async Task<string> StoreAsync(string id)
    {
        var store = app.Services.GetRequiredService<IArtifactStore>();
        var buckets = app.Services.GetRequiredService<IOptions<S3Options>>().Value;
        await store.PutAsync(buckets.SourceBucket, ArtifactKeys.Script(id), Encoding.UTF8.GetBytes("# </pre><script>alert(4)</script>\n"), "text/x-python", default);
        await app.Services.GetRequiredService<IAssetCatalogue>().UpsertAsync(new BenchmarkAsset
        {
            BenchmarkId = id, SessionId = Guid.NewGuid(), Prompt = Hostile + "\" onmouseover=\"alert(5)", Family = "<i>stack</i>", Seed = 0,
            ScriptUrl = "", ModelUrl = "", PreviewsUrl = "", ContactSheetUrl = "", DefinitionUrl = "", ValidationUrl = "", Variants = [],
            Difficulty = 0.3, DefinitionJson = """{"tier": 1, "task": {"goal": [{"predicate": "<script>alert(6)</script>", "args": ["</code><b>x"]}]}}""",
            ValidationSummary = "<img src=x onerror=alert(7)>", ContentHash = "h", GeneratorVersion = "g", MujocoVersion = "2.2.2", CreatedAt = DateTime.UtcNow,
        }, default);
        await app.Services.GetRequiredService<Curator>().PromoteAsync(id, 1, "<b>ana</b>", "<script>alert(8)</script>", default);
        return id;
    }

    [Fact]
    public async Task Should_encode_every_user_string_so_the_only_script_is_the_pages_own()
    {
        var id = await StoreAsync("bm-sec-html");
        var client = app.CreateClient();
        foreach (var url in new[] { $"/benchmarks/{id}", "/", "/?review=promoted" })
        {
            var html = await client.GetStringAsync(url);
            Assert.Single(Regex.Matches(html, "<script", RegexOptions.IgnoreCase));
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("<i>stack", html);
            Assert.DoesNotContain("</code><b>x", html);
            Assert.DoesNotContain("<img src=x", html);
            Assert.DoesNotContain("<b>ana", html);
            Assert.DoesNotContain("\" onmouseover", html);
        }

        var page = await client.GetStringAsync($"/benchmarks/{id}");
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page);
        Assert.Contains("&lt;script&gt;alert(8)&lt;/script&gt;", page);
        Assert.Contains("&lt;/pre&gt;&lt;script&gt;alert(4)&lt;/script&gt;", page);
    }

    [Fact]
    public async Task Should_answer_404_for_paths_outside_the_fixed_artifacts_and_never_serve_other_files()
    {
        var id = await StoreAsync("bm-sec-files");
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/benchmarks/{id}/files/script.py")).StatusCode);
        foreach (var url in new[]
                 {
                     $"/benchmarks/{id}/files/..%2F..%2Fcatalogue", 
                     $"/benchmarks/{id}/files/SCRIPT.PY", $"/benchmarks/{id}/files/model.xml", $"/benchmarks/{id}/views/0.png",
                     "/benchmarks/..%2F..%2Fetc/files/script.py", "/benchmarks/%2Fetc%2Fpasswd/files/script.py", "/benchmarks/bm-sec-none/views/1.png",
                 })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Exception", body);
            Assert.DoesNotContain("root:", body);
        }
    }
}
