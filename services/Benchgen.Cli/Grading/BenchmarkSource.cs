using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Benchgen.Generation;
using Benchgen.Generation.Grading;
using Benchgen.Generation.Sandbox;
using Benchgen.Hosting.Storage;
using Benchgen.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Benchgen.Cli.Grading;

/// <summary>A benchmark that is not there (unknown id, missing file, a URL that does not answer): exit 1 / 404.</summary>
public sealed class BenchmarkNotFoundException(string message) : Exception(message);

/// <summary>
/// A benchmark to grade against, from a catalogue id (the embedded data directory's catalogue and artifact store), a
/// <c>benchmark.json</c> path (or its folder: an export folder or a bucket folder) or an http(s) URL of one. The canonical
/// seed's model is the stored <c>model.xml</c> with the stored definition. Another validated seed is rebuilt by running the
/// benchmark's generator script in the sandbox (its definition is not stored); the rebuilt MJCF must equal the stored
/// <c>variants/seed-N.xml</c> byte for byte, or the seed is refused.
/// </summary>
public sealed class BenchmarkSource
{
    public const long MaxFileBytes = 16L * 1024 * 1024;

    private readonly Func<string, CancellationToken, Task<string?>> _read;
    private readonly Func<CancellationToken, Task<string?>> _script;

    private BenchmarkSource(string id, JsonObject root, Func<string, CancellationToken, Task<string?>> read, Func<CancellationToken, Task<string?>> script)
    {
        Id = id;
        Root = root;
        _read = read;
        _script = script;
        var provenance = root["provenance"] as JsonObject;
        CanonicalSeed = provenance?["seed"] is JsonValue s && s.TryGetValue<int>(out var seed) ? seed
            : root["definition"]?["seed"] is JsonValue ds && ds.TryGetValue<int>(out var dseed) ? dseed : 0;
        Seeds = new[] { CanonicalSeed }.Concat((provenance?["variant_seeds"] as JsonArray ?? []).Select(v => v is JsonValue j && j.TryGetValue<int>(out var x) ? x : -1)
            .Where(x => x >= 0)).Distinct().ToArray();
    }

    public string Id { get; }
    public JsonObject Root { get; }
    public int CanonicalSeed { get; }

    /// <summary>The validated seeds: canonical first, then the variants.</summary>
    public IReadOnlyList<int> Seeds { get; }

    public JsonObject Definition => Root["definition"] as JsonObject ?? throw new BenchmarkUnusableException("benchmark.json has no definition");

    public string Family => Definition["preset"]?.GetValue<string>() ?? Root["provenance"]?["family"]?.GetValue<string>() ?? Definition["family"]?.GetValue<string>() ?? "task";

    public int Tier => Root["tier"] is JsonValue t && t.TryGetValue<int>(out var tier) ? tier : 1;

    /// <summary>Opens a benchmark: a catalogue id (bm-…), a benchmark.json path or folder, or an http(s) URL.</summary>
    public static async Task<BenchmarkSource> OpenAsync(string benchmark, string? dataDir, CancellationToken ct)
    {
        if (Uri.TryCreate(benchmark, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            return await FromUrlAsync(uri, ct);
        if (Uri.TryCreate(benchmark, UriKind.Absolute, out var fileUri) && fileUri.IsFile)
            benchmark = fileUri.LocalPath;
        if (File.Exists(benchmark) || Directory.Exists(benchmark))
            return await FromPathAsync(benchmark, ct);
        if (benchmark.Contains('/') || benchmark.Contains('\\') || benchmark.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            throw new BenchmarkNotFoundException($"no benchmark file '{Benchgen.Hosting.RequestRules.Sanitise(benchmark, 200)}'");
        return await FromCatalogueAsync(benchmark, dataDir, ct);
    }

    /// <summary>The seed's model and definition; the canonical seed from the stored files, others rebuilt by the script.</summary>
    public async Task<GradingTarget> TargetAsync(int seed, GenerationOptions options, CancellationToken ct) =>
        (await TargetsAsync([seed], options, ct))[0];

    public async Task<IReadOnlyList<GradingTarget>> TargetsAsync(IReadOnlyList<int> seeds, GenerationOptions options, CancellationToken ct)
    {
        foreach (var seed in seeds)
            if (!Seeds.Contains(seed))
                throw new ArgumentException($"seed {seed} is not a validated seed of {Id} (validated: {string.Join(", ", Seeds)})");
        var targets = new Dictionary<int, GradingTarget>();
        if (seeds.Contains(CanonicalSeed))
        {
            var model = await _read("model.xml", ct) ?? throw new BenchmarkNotFoundException($"{Id} has no model.xml");
            targets[CanonicalSeed] = new GradingTarget(Id, CanonicalSeed, 1.0, model, Definition);
        }
        var others = seeds.Where(s => s != CanonicalSeed).Distinct().ToArray();
        if (others.Length > 0)
        {
            var script = await _script(ct) ?? throw new BenchmarkNotFoundException(
                $"seed {others[0]} of {Id} needs the generator script (script.py), which is not beside benchmark.json; only the canonical seed {CanonicalSeed} can be graded");
            IReadOnlyList<ScriptRun> runs;
            try
            {
                runs = await new ScriptSandbox(options).RunAsync(script, others.Select(s => (s, 1.0)).ToArray(), ct);
            }
            catch (GeneratorScriptException ex)
            {
                throw new BenchmarkUnusableException($"the generator script of {Id} did not run: {ex.Message}");
            }
            foreach (var run in runs)
            {
                var stored = await _read($"variants/seed-{run.Seed}.xml", ct);
                if (stored is not null && stored != run.Mjcf)
                    throw new BenchmarkUnusableException($"the script of {Id} does not reproduce the stored model of seed {run.Seed}");
                targets[run.Seed] = new GradingTarget(Id, run.Seed, 1.0, run.Mjcf, run.Definition);
            }
        }
        return seeds.Select(s => targets[s]).ToArray();
    }

    private static async Task<BenchmarkSource> FromPathAsync(string path, CancellationToken ct)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "benchmark.json") : path;
        if (!File.Exists(file)) throw new BenchmarkNotFoundException($"no benchmark.json in '{Benchgen.Hosting.RequestRules.Sanitise(path, 200)}'");
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var id = Path.GetFileName(folder);
        var root = Parse(BoundedInput.ReadFile(file, MaxFileBytes, "benchmark.json"));
        Task<string?> Read(string relative, CancellationToken _)
        {
            var p = Path.Combine(folder, relative);
            return Task.FromResult(File.Exists(p) ? BoundedInput.ReadFile(p, MaxFileBytes, relative) : null);
        }
        Task<string?> Script(CancellationToken _)
        {
            // An export folder has script.py beside benchmark.json; an embedded bucket folder keeps it in the source bucket.
            foreach (var p in new[] { Path.Combine(folder, "script.py"), Path.Combine(folder, "..", "..", "benchmarks-source", id, "script.py") })
                if (File.Exists(p)) return Task.FromResult<string?>(BoundedInput.ReadFile(p, MaxFileBytes, "script.py"));
            return Task.FromResult<string?>(null);
        }
        await Task.CompletedTask;
        return new BenchmarkSource(id, root, Read, Script);
    }

    private static async Task<BenchmarkSource> FromUrlAsync(Uri url, CancellationToken ct)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var baseUri = url.AbsolutePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? new Uri(url, ".") : new Uri(url.ToString().TrimEnd('/') + "/");
        var jsonUri = url.AbsolutePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? url : new Uri(baseUri, "benchmark.json");
        async Task<string?> Get(Uri u, CancellationToken c)
        {
            try
            {
                using var response = await http.GetAsync(u, HttpCompletionOption.ResponseHeadersRead, c);
                if (!response.IsSuccessStatusCode) return null;
                await using var stream = await response.Content.ReadAsStreamAsync(c);
                var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int n;
                while ((n = await stream.ReadAsync(chunk, c)) > 0)
                {
                    buffer.Write(chunk, 0, n);
                    if (buffer.Length > MaxFileBytes) throw new BenchmarkUnusableException($"{u} is larger than {MaxFileBytes} bytes");
                }
                return Encoding.UTF8.GetString(buffer.ToArray());
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }
        var text = await Get(jsonUri, ct) ?? throw new BenchmarkNotFoundException($"no benchmark at {jsonUri}");
        var segments = baseUri.AbsolutePath.TrimEnd('/').Split('/');
        return new BenchmarkSource(segments[^1], Parse(text), (relative, c) => Get(new Uri(baseUri, relative), c), c => Get(new Uri(baseUri, "script.py"), c));
    }

    private static async Task<BenchmarkSource> FromCatalogueAsync(string id, string? dataDir, CancellationToken ct)
    {
        var configuration = PipelineHost.Configuration(new CliSettings(null, dataDir, false));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPersistence(configuration);
        var provider = services.BuildServiceProvider();
        var catalogue = provider.GetRequiredService<IAssetCatalogue>();
        var store = provider.GetRequiredService<IArtifactStore>();
        var storage = provider.GetRequiredService<IOptions<S3Options>>().Value;
        var record = await catalogue.FindAsync(id, ct) ?? throw new BenchmarkNotFoundException($"no benchmark '{Benchgen.Hosting.RequestRules.Sanitise(id, 100)}' in the catalogue");
        async Task<string?> Get(string bucket, string key, CancellationToken c)
        {
            var bytes = await store.GetAsync(bucket, key, c);
            return bytes is null ? null : bytes.Length > MaxFileBytes ? throw new BenchmarkUnusableException($"{key} is too large") : Encoding.UTF8.GetString(bytes);
        }
        var text = await Get(storage.AssetsBucket, ArtifactKeys.Definition(record.BenchmarkId), ct)
                   ?? throw new BenchmarkNotFoundException($"{record.BenchmarkId} has no benchmark.json in the artifact store");
        return new BenchmarkSource(record.BenchmarkId, Parse(text),
            (relative, c) => Get(storage.AssetsBucket, $"{record.BenchmarkId}/{relative}", c),
            c => Get(storage.SourceBucket, ArtifactKeys.Script(record.BenchmarkId), c));
    }

    private static JsonObject Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) as JsonObject
                   ?? throw new BenchmarkUnusableException("benchmark.json is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new BenchmarkUnusableException("benchmark.json is not JSON: " + ex.Message);
        }
    }
}
