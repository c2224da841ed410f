extern alias cli;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Benchgen.Hosting.Storage;
using Benchgen.Persistence;
using Benchgen.Persistence.Embedded;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Xunit;
using System.CommandLine;
using BenchgenCommandLine = cli::Benchgen.Cli.BenchgenCommandLine;
using ServeCommand = cli::Benchgen.Cli.ServeCommand;

namespace Benchgen.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public class Serving_an_embedded_data_directory(DashboardFixture fx)
{
    static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Should_show_the_catalogue_with_its_pictures_and_say_past_sessions_are_not_kept()
    {
        var data = Directory.CreateTempSubdirectory("benchgen-serve-").FullName;
        try
        {
            // A benchmark of a past embedded run: real files in the data directory's layout, a record in its catalogue.
            var storage = Options.Create(new StorageOptions { DataDir = data });
            var store = new DirectoryArtifactStore(storage);
            var b = new S3Options();
            const string id = "bm-served";
            await store.PutAsync(b.AssetsBucket, ArtifactKeys.ContactSheet(id), DashboardFixture.Picture(DashboardFixture.SheetWidth, DashboardFixture.SheetHeight, 1), "image/png", default);
            await store.PutAsync(b.AssetsBucket, ArtifactKeys.Previews(id), DashboardFixture.PreviewsZip(), "application/zip", default);
            await store.PutAsync(b.SourceBucket, ArtifactKeys.Script(id), Encoding.UTF8.GetBytes("def build(seed, scale): pass\n"), "text/x-python", default);
            await new FileAssetCatalogue(storage).UpsertAsync(new BenchmarkAsset
            {
                BenchmarkId = id, SessionId = Guid.NewGuid(), Prompt = "a served benchmark", Family = "stack", Seed = 0, ScriptUrl = "", ModelUrl = "",
                PreviewsUrl = "", ContactSheetUrl = "", DefinitionUrl = "", ValidationUrl = "", Variants = [], Difficulty = 0.2,
                DefinitionJson = """{"tier": 1}""", ValidationSummary = "ok", ContentHash = "h", GeneratorVersion = "g", MujocoVersion = "2.2.2",
                CreatedAt = DateTime.UtcNow,
            }, default);

            var url = $"http://127.0.0.1:{FreePort()}";
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            // The command itself, invoked with a token that stands in for Ctrl-C.
            var command = new RootCommand { ServeCommand.Create(stdout, stderr) };
            var serving = Task.Run(() => command.Parse(["serve", "--data-dir", data, "--urls", url])
                .InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, stop.Token));
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
            await DashboardFixture.Eventually(async () =>
            {
                Assert.False(serving.IsCompleted, $"serve ended: {stderr}");
                try { return (await http.GetAsync("/")).StatusCode == HttpStatusCode.OK; }
                catch (HttpRequestException) { return false; }
            }, seconds: 60);

            var page = await fx.NewPageAsync();
            await page.GotoAsync(url + "/");
            Assert.Contains("were not kept", await page.InnerTextAsync("#sessions-note"));
            Assert.Contains("a served benchmark", await page.InnerTextAsync("#benchmark-list"));
            await page.ClickAsync($"#benchmark-list a[href='/benchmarks/{id}']");
            await page.WaitForLoadStateAsync(LoadState.Load);
            var widths = await page.EvaluateAsync<int[]>("() => [...document.images].map(i => i.naturalWidth)");
            Assert.Equal(25, widths.Length);
            Assert.All(widths, w => Assert.True(w > 0));
            Assert.Contains("not in the session store", await page.InnerTextAsync("main"));
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/benchmarks/{id}/files/model.xml")).StatusCode); // never written
            await page.Context.CloseAsync();

            await stop.CancelAsync();
            Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("the dashboard is at", stdout.ToString());

            // The root command offers it.
            var help = new StringWriter();
            Assert.Equal(0, await BenchgenCommandLine.RunAsync(["serve", "--help"], help, new StringWriter()));
            Assert.Contains("--urls", help.ToString());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
