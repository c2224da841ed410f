using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Benchgen.Hosting.Storage;
using Benchgen.Persistence;
using Benchgen.Physics;
using Benchgen.PromptIntake.Apis;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Xunit;

namespace Benchgen.Dashboard.Tests;

/// <summary>The intake host (in-memory bus and saga, a temporary data directory) on a real Kestrel port.</summary>
public sealed class DashboardSite : WebApplicationFactory<Program>
{
    readonly string dataDir = Directory.CreateTempSubdirectory("benchgen-dashboard-").FullName;

    public DashboardSite() => UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    public string DataDir => dataDir;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:RabbitMq", "");
        builder.UseSetting("ConnectionStrings:Mongo", "");
        builder.UseSetting("S3:ServiceUrl", "");
        builder.UseSetting("Storage:DataDir", dataDir);
        // The in-memory saga store hands out its live instances, which the family/tier filter test edits to stand in
        // for Generation (nothing generates on this host); the file store, the default, would hand out copies.
        builder.UseSetting("Sessions:Store", "memory");
    }

    /// <summary>Starts Kestrel and answers its address (http://127.0.0.1:PORT).</summary>
    public Uri Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
    }
}

/// <summary>One site, one headless Chromium, and catalogue records with real files behind them.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const int ViewWidth = 96, ViewHeight = 72, SheetWidth = 6 * ViewWidth, SheetHeight = 4 * ViewHeight;
    public const int AnimationWidth = 120, AnimationHeight = 90, AnimationFrames = 4;
    public const string Hostile = "<script>alert(1)</script>";

    public DashboardSite Site { get; } = new();
    public Uri BaseUrl { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        BaseUrl = Site.Start();
        Http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is missing: run scripts/ensure-deps.sh --test (as root)");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        Http.Dispose();
        await Site.DisposeAsync();
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>Submits a prompt through the API and waits (bounded) until the saga holds the session.</summary>
    public async Task<Guid> SubmitAsync(string prompt)
    {
        var response = await Http.PostAsJsonAsync("/api/sessions", new { prompt, seed = 1 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<SubmittedSession>())!.SessionId;
        await Eventually(async () => (await Http.GetAsync($"/api/sessions/{id}")).StatusCode == HttpStatusCode.OK);
        return id;
    }

    public static async Task Eventually(Func<Task<bool>> condition, int seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "the condition did not hold in time");
            await Task.Delay(100);
        }
    }

    /// <summary>A picture that differs per index: a gradient with a bright square whose place depends on <paramref name="index"/>.</summary>
    public static byte[] Picture(int width, int height, int index)
    {
        var image = RgbImage.Blank(width, height);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var i = (y * width + x) * 3;
            var square = Math.Abs(x - (index * 7 % width)) < 8 && Math.Abs(y - height / 2) < 8;
            image.Pixels[i] = square ? (byte)250 : (byte)(40 + x * 150 / width);
            image.Pixels[i + 1] = square ? (byte)200 : (byte)(60 + y * 150 / height);
            image.Pixels[i + 2] = (byte)(90 + index * 6);
        }

        return Png.Encode(image);
    }

    /// <summary>A GIF whose frames differ (the bright square moves), as Rendering encodes one.</summary>
    public static byte[] Animation() => Gif.Encode(Enumerable.Range(0, AnimationFrames)
        .Select(i => Png.Decode(Picture(AnimationWidth, AnimationHeight, 3 * i))).ToList());

    public static byte[] PreviewsZip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var views = new List<object>();
            for (var n = 0; n < 24; n++)
            {
                var file = $"view-{n:00}.png";
                using (var entry = zip.CreateEntry(file).Open()) entry.Write(Picture(ViewWidth, ViewHeight, n));
                views.Add(new { file, name = $"az{n * 15}", visibleBodyPixels = new Dictionary<string, int> { ["bowl_1"] = 120 } });
            }

            using var cameras = zip.CreateEntry("cameras.json").Open();
            cameras.Write(JsonSerializer.SerializeToUtf8Bytes(new { width = ViewWidth, height = ViewHeight, payloadBody = "bowl_1", views }));
        }

        return buffer.ToArray();
    }

    public const string Validation = """
        {"family": "composed", "passed": true, "summary": "6/6 runs passed", "difficulty": 0.41,
         "difficultyTerms": {"pathLength": 0.3, "workspaceSize": 0.6, "goalSide": 0.1, "payloadSize": 0.05, "forbidClearance": -1,
                             "bodies": 3, "joints": 0, "randomTrials": 20, "randomSuccesses": 2},
         "mujocoVersion": "2.2.2",
         "runs": [
           {"seed": 0, "scale": 1, "role": "canonical", "passed": true, "checks": [{"name": "settling", "passed": true, "detail": "settled in 0.4 s"}]},
           {"seed": 1, "scale": 1, "role": "variant", "passed": true, "checks": [{"name": "settling", "passed": true, "detail": "settled in 0.5 s"}]},
           {"seed": 0, "scale": 1.5, "role": "scale", "passed": false, "checks": [{"name": "penetration", "passed": false, "detail": "<b>0.02 m</b>"}]}
         ]}
        """;

    /// <summary>Stores a catalogue record; with <paramref name="files"/>, real files (PNGs, a previews.zip) behind it.</summary>
    /// <param name="animation">Store a reference-solution GIF with it (a real one, <see cref="AnimationFrames"/> frames).</param>
    public async Task<BenchmarkAsset> StoreAsync(string id, string prompt, Guid sessionId, bool files = true, bool animation = true)
    {
        var store = Site.Services.GetRequiredService<IArtifactStore>();
        var b = Site.Services.GetRequiredService<IOptions<S3Options>>().Value;
        var definition = """
            {"tier": 2, "family": "composed", "task": {"goal": [{"predicate": "on", "args": ["bowl_1", "plate_1"]}],
             "forbid": [{"predicate": "touches", "args": ["bowl_1", "cup_1"]}], "tier": 2},
             "difficulty": 0.41, "difficulty_terms": {"path_length": 0.3, "bodies": 3, "random_successes": 2}}
            """;
        async Task<string> Put(string bucket, string key, byte[] bytes, string type) =>
            files ? await store.PutAsync(bucket, key, bytes, type, CancellationToken.None) : $"file:///missing/{key}";
        var asset = new BenchmarkAsset
        {
            BenchmarkId = id, SessionId = sessionId, Prompt = prompt, Family = "composed", Seed = 0,
            ScriptUrl = await Put(b.SourceBucket, ArtifactKeys.Script(id), Encoding.UTF8.GetBytes("def build(seed, scale):\n    return '<mujoco/>'  # <b>not bold</b>\n"), "text/x-python"),
            ModelUrl = await Put(b.AssetsBucket, ArtifactKeys.Model(id), Encoding.UTF8.GetBytes($"<mujoco model='{id}'/>"), "application/xml"),
            PreviewsUrl = await Put(b.AssetsBucket, ArtifactKeys.Previews(id), PreviewsZip(), "application/zip"),
            ContactSheetUrl = await Put(b.AssetsBucket, ArtifactKeys.ContactSheet(id), Picture(SheetWidth, SheetHeight, 99), "image/png"),
            DefinitionUrl = await Put(b.AssetsBucket, ArtifactKeys.Definition(id), Encoding.UTF8.GetBytes(definition), "application/json"),
            ValidationUrl = await Put(b.AssetsBucket, ArtifactKeys.Validation(id), Encoding.UTF8.GetBytes(Validation), "application/json"),
            AnimationUrl = animation ? await Put(b.AssetsBucket, ArtifactKeys.Animation(id), Animation(), "image/gif") : null,
            Variants = [], Difficulty = 0.41, DefinitionJson = definition, ValidationSummary = "6/6 runs passed", ContentHash = "hash-" + id,
            GeneratorVersion = "g/1", MujocoVersion = "2.2.2", CreatedAt = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc),
        };
        await Site.Services.GetRequiredService<IAssetCatalogue>().UpsertAsync(asset, CancellationToken.None);
        return asset;
    }

    /// <summary>Where the screenshots go: the results folder scripts/test.sh collects (TestResults/ at the repository root).</summary>
    public static string ResultsDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Benchgen.sln"))) dir = dir.Parent;
        var root = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "Benchgen.Dashboard.Tests");
        Directory.CreateDirectory(root);
        return root;
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
