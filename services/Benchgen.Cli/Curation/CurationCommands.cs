using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Benchgen.Hosting.Storage;
using Benchgen.Persistence;
using Benchgen.Persistence.Curation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Benchgen.Cli.Curation;

/// <summary>
/// <c>benchgen review list|show|promote|decline</c>, <c>export</c> and <c>import</c>. They work on the catalogue this
/// configuration names: the embedded data directory by default, MongoDB + S3 when <c>ConnectionStrings__Mongo</c> /
/// <c>S3__ServiceUrl</c> are set; <c>review</c> can instead go through a running intake API (<c>--api</c>).
/// </summary>
public static class CurationCommands
{
    static readonly JsonSerializerOptions JsonLine = new(JsonSerializerDefaults.Web) { WriteIndented = false };
    static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IEnumerable<Command> Create(TextWriter stdout, TextWriter stderr)
    {
        yield return Review(stdout, stderr);
        yield return Export(stdout, stderr);
        yield return Import(stdout, stderr);
    }

    static Option<string?> DataDir() => new("--data-dir") { Description = "Embedded data directory whose catalogue to use (default ./.benchgen)." };
    static Option<string?> Api() => new("--api") { Description = "Intake API base URL: review through a running deployment instead." };

    static Command Review(TextWriter stdout, TextWriter stderr)
    {
        var review = new Command("review", "Curate accepted benchmarks: list, show, promote into the suite with a tier, or decline with a note.");

        var state = new Option<string?>("--state") { Description = "staged (default), promoted or declined.", DefaultValueFactory = _ => ReviewStates.Staged };
        var tierFilter = new Option<int?>("--tier") { Description = "Only this suite tier." };
        var family = new Option<string?>("--family") { Description = "Only this family." };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first.", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "One JSON object per line." };
        var dataDir = DataDir();
        var api = Api();
        var list = new Command("list", "Benchmarks in a review state.") { state, tierFilter, family, limit, json, dataDir, api };
        list.SetAction((r, ct) => WithCatalogue(r.GetValue(dataDir), r.GetValue(api), stderr, "review list", async c =>
        {
            var wanted = r.GetValue(state);
            if (wanted is not null && !ReviewStates.All.Contains(wanted))
                return Fail(stderr, $"benchgen review list: unknown state '{wanted}'; one of {string.Join(", ", ReviewStates.All)}.");
            var found = await c.ListAsync(new CatalogueQuery(wanted, r.GetValue(tierFilter), r.GetValue(family), Limit: Math.Clamp(r.GetValue(limit), 1, 10_000)), ct);
            foreach (var a in found)
                stdout.WriteLine(r.GetValue(json)
                    ? JsonSerializer.Serialize(new { a.BenchmarkId, a.ReviewState, a.Tier, a.Family, a.Difficulty, a.Prompt, a.CreatedAt }, JsonLine)
                    : string.Create(CultureInfo.InvariantCulture, $"{a.BenchmarkId}  {a.ReviewState,-8} tier {(a.Tier?.ToString(CultureInfo.InvariantCulture) ?? "-")}  {a.Family,-18} {a.Difficulty:0.00}  {Printable(a.Prompt, 50)}"));
            return 0;
        }));

        var id = new Argument<string>("benchmark-id") { Description = "The benchmark (bm-…)." };
        var showJson = new Option<bool>("--json") { Description = "The whole catalogue record as JSON." };
        var showData = DataDir();
        var showApi = Api();
        var show = new Command("show", "A benchmark's record and its review history.") { id, showJson, showData, showApi };
        show.SetAction((r, ct) => WithCatalogue(r.GetValue(showData), r.GetValue(showApi), stderr, "review show", async c =>
        {
            var a = await c.FindAsync(r.GetValue(id)!, ct);
            if (a is null) return Fail(stderr, $"benchgen review show: no benchmark {r.GetValue(id)} in the catalogue.", 1);
            if (r.GetValue(showJson)) { stdout.WriteLine(JsonSerializer.Serialize(a, Indented)); return 0; }
            stdout.WriteLine($"Benchmark:  {a.BenchmarkId}");
            stdout.WriteLine($"Prompt:     {Printable(a.Prompt, 500)}");
            stdout.WriteLine($"Family:     {a.Family}");
            stdout.WriteLine($"State:      {a.ReviewState}{(a.Tier is { } t ? $" (tier {t})" : "")}");
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Difficulty: {a.Difficulty:0.000}"));
            stdout.WriteLine($"Contact:    {a.ContactSheetUrl}");
            if (a.AnimationUrl is { Length: > 0 } animation) stdout.WriteLine($"Animation:  {animation}");
            foreach (var e in a.ReviewHistory)
                stdout.WriteLine($"  {e.At:u}  {Printable(e.By, 40)} {e.Action}: {e.From} -> {e.To}{(e.Tier is { } et ? $" (tier {et})" : "")}{(e.Note is null ? "" : " — " + Printable(e.Note, 200))}");
            return 0;
        }));

        review.Add(list);
        review.Add(show);
        review.Add(Change("promote", stdout, stderr));
        review.Add(Change("decline", stdout, stderr));
        return review;
    }

    static Command Change(string action, TextWriter stdout, TextWriter stderr)
    {
        var id = new Argument<string>("benchmark-id") { Description = "The benchmark (bm-…)." };
        var tier = new Option<int?>("--tier") { Description = "Suite tier (1–3; default the task's own)." };
        var note = new Option<string?>("--note") { Description = action == "decline" ? "Why (required)." : "A note for the record." };
        var by = new Option<string?>("--by") { Description = "Who reviews (default $USER)." };
        var dataDir = DataDir();
        var api = Api();
        var command = new Command(action, action == "promote"
            ? "Promote a staged benchmark into the suite (again: re-tier it)."
            : "Decline a benchmark with a note; declined is final.") { id, note, by, dataDir, api };
        if (action == "promote") command.Add(tier);
        command.SetAction((r, ct) => WithCatalogue(r.GetValue(dataDir), r.GetValue(api), stderr, "review " + action, async c =>
        {
            var who = r.GetValue(by) ?? Environment.GetEnvironmentVariable("USER") ?? Environment.UserName;
            var result = action == "promote"
                ? await c.PromoteAsync(r.GetValue(id)!, r.GetValue(tier), who, r.GetValue(note), ct)
                : await c.DeclineAsync(r.GetValue(id)!, r.GetValue(note), who, ct);
            switch (result.Outcome)
            {
                case ReviewOutcome.Done:
                    stdout.WriteLine(result.Message);
                    return 0;
                case ReviewOutcome.Invalid:
                    return Fail(stderr, $"benchgen review {action}: {result.Message}.");
                default:
                    return Fail(stderr, $"benchgen review {action}: {result.Message}.", 1);
            }
        }));
        return command;
    }

    static Command Export(TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string>("--out") { Description = "A new (or empty) folder to write the dataset into.", Required = true };
        var state = new Option<string?>("--state") { Description = "Review state to export (default promoted).", DefaultValueFactory = _ => ReviewStates.Promoted };
        var tier = new Option<int?>("--tier") { Description = "Only this suite tier." };
        var family = new Option<string?>("--family") { Description = "Only this family." };
        var minDifficulty = new Option<double?>("--min-difficulty") { Description = "Only benchmarks at least this difficult (0–1)." };
        var batch = new Option<Guid?>("--batch") { Description = "Only this batch." };
        var dataDir = DataDir();
        var command = new Command("export", "Write a self-describing dataset (folders, manifest.jsonl, DATASHEET.md) of catalogue records.")
        {
            output, state, tier, family, minDifficulty, batch, dataDir,
        };
        command.SetAction(async (r, ct) =>
        {
            var wanted = r.GetValue(state);
            if (wanted is not null && !ReviewStates.All.Contains(wanted))
                return Fail(stderr, $"benchgen export: unknown state '{wanted}'; one of {string.Join(", ", ReviewStates.All)}.");
            await using var services = Local(r.GetValue(dataDir));
            try
            {
                var summary = await Dataset.ExportAsync(services.GetRequiredService<IAssetCatalogue>(), services.GetRequiredService<IArtifactStore>(),
                    services.GetRequiredService<IOptions<S3Options>>().Value, r.GetValue(output)!,
                    new CatalogueQuery(wanted, r.GetValue(tier), r.GetValue(family), r.GetValue(minDifficulty), r.GetValue(batch), 1_000_000), ct);
                stdout.WriteLine($"exported {summary.Benchmarks} benchmarks ({summary.Files} files) to {summary.Directory}");
                return 0;
            }
            catch (DatasetException ex)
            {
                return Fail(stderr, $"benchgen export: {ex.Message}.");
            }
        });
        return command;
    }

    static Command Import(TextWriter stdout, TextWriter stderr)
    {
        var directory = new Argument<string>("dir") { Description = "A folder written by `benchgen export`." };
        var dataDir = DataDir();
        var command = new Command("import", "Read an exported dataset back into an empty catalogue (hashes checked first).") { directory, dataDir };
        command.SetAction(async (r, ct) =>
        {
            await using var services = Local(r.GetValue(dataDir));
            try
            {
                var count = await Dataset.ImportAsync(services.GetRequiredService<IAssetCatalogue>(), services.GetRequiredService<IArtifactStore>(),
                    services.GetRequiredService<IOptions<S3Options>>().Value, r.GetValue(directory)!, ct);
                stdout.WriteLine($"imported {count} benchmarks");
                return 0;
            }
            catch (DatasetException ex)
            {
                return Fail(stderr, $"benchgen import: {ex.Message}.");
            }
        });
        return command;
    }

    /// <summary>What the review commands need, over the local catalogue or the intake API.</summary>
    interface ICurationClient
    {
        Task<IReadOnlyList<BenchmarkAsset>> ListAsync(CatalogueQuery query, CancellationToken ct);
        Task<BenchmarkAsset?> FindAsync(string id, CancellationToken ct);
        Task<ReviewResult> PromoteAsync(string id, int? tier, string by, string? note, CancellationToken ct);
        Task<ReviewResult> DeclineAsync(string id, string? note, string by, CancellationToken ct);
    }

    sealed class LocalCuration(IAssetCatalogue catalogue, Curator curator) : ICurationClient
    {
        public Task<IReadOnlyList<BenchmarkAsset>> ListAsync(CatalogueQuery query, CancellationToken ct) => catalogue.QueryAsync(query, ct);

        public Task<BenchmarkAsset?> FindAsync(string id, CancellationToken ct) => catalogue.FindAsync(id, ct);

        public Task<ReviewResult> PromoteAsync(string id, int? tier, string by, string? note, CancellationToken ct) => curator.PromoteAsync(id, tier, by, note, ct);
        public Task<ReviewResult> DeclineAsync(string id, string? note, string by, CancellationToken ct) => curator.DeclineAsync(id, note, by, ct);
    }

    sealed class RemoteCuration(HttpClient http) : ICurationClient
    {
        public async Task<IReadOnlyList<BenchmarkAsset>> ListAsync(CatalogueQuery q, CancellationToken ct)
        {
            var query = new List<string> { $"limit={q.Limit}" };
            if (q.State is not null) query.Add("state=" + Uri.EscapeDataString(q.State));
            if (q.Tier is not null) query.Add($"tier={q.Tier}");
            if (q.Family is not null) query.Add("family=" + Uri.EscapeDataString(q.Family));
            var found = await http.GetFromJsonAsync<List<Summary>>("api/benchmarks?" + string.Join("&", query), Indented, ct) ?? [];
            return found.Select(s => new BenchmarkAsset
            {
                BenchmarkId = s.BenchmarkId, SessionId = Guid.Empty, BatchId = s.BatchId, Prompt = s.Prompt, Family = s.Family, Seed = 0,
                ScriptUrl = "", ModelUrl = "", PreviewsUrl = "", ContactSheetUrl = s.ContactSheetUrl, DefinitionUrl = "", ValidationUrl = "",
                Variants = [], Difficulty = s.Difficulty, DefinitionJson = "{}", ValidationSummary = "", ContentHash = "", GeneratorVersion = "",
                MujocoVersion = "", CreatedAt = s.CreatedAt, ReviewState = s.ReviewState, Tier = s.Tier,
            }).ToList();
        }

        public async Task<BenchmarkAsset?> FindAsync(string id, CancellationToken ct)
        {
            using var response = await http.GetAsync("api/benchmarks/" + Uri.EscapeDataString(id), ct);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<BenchmarkAsset>(Indented, ct);
        }

        public Task<ReviewResult> PromoteAsync(string id, int? tier, string by, string? note, CancellationToken ct) =>
            PostAsync(id, "promote", new { tier, note, by }, ct);

        public Task<ReviewResult> DeclineAsync(string id, string? note, string by, CancellationToken ct) =>
            PostAsync(id, "decline", new { note, by }, ct);

        async Task<ReviewResult> PostAsync(string id, string action, object body, CancellationToken ct)
        {
            using var response = await http.PostAsJsonAsync($"api/benchmarks/{Uri.EscapeDataString(id)}/{action}", body, ct);
            if (response.IsSuccessStatusCode)
            {
                var asset = await response.Content.ReadFromJsonAsync<BenchmarkAsset>(Indented, ct);
                return new ReviewResult(ReviewOutcome.Done, $"benchmark {id} {asset?.ReviewState}{(asset?.Tier is { } t ? $" (tier {t})" : "")}", asset);
            }
            var detail = "";
            try
            {
                using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
            }
            catch (JsonException) { }
            return new ReviewResult(response.StatusCode switch
            {
                System.Net.HttpStatusCode.NotFound => ReviewOutcome.NotFound,
                System.Net.HttpStatusCode.Conflict => ReviewOutcome.Conflict,
                _ => ReviewOutcome.Invalid,
            }, detail.Length > 0 ? detail : $"the API answered {(int)response.StatusCode}");
        }

        sealed record Summary(string BenchmarkId, string Prompt, string Family, string ReviewState, int? Tier, double Difficulty, Guid? BatchId,
            DateTime CreatedAt, string ContactSheetUrl);
    }

    static async Task<int> WithCatalogue(string? dataDir, string? api, TextWriter stderr, string name, Func<ICurationClient, Task<int>> run)
    {
        if (api is not null)
        {
            if (!Uri.TryCreate(api.EndsWith('/') ? api : api + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
                return Fail(stderr, $"benchgen {name}: --api must be an http(s) URL, not '{api}'.");
            using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
            try
            {
                return await run(new RemoteCuration(http));
            }
            catch (HttpRequestException ex)
            {
                return Fail(stderr, $"benchgen {name}: the intake API at {api} did not answer: {ex.Message}.", 1);
            }
        }

        await using var services = Local(dataDir);
        return await run(new LocalCuration(services.GetRequiredService<IAssetCatalogue>(), services.GetRequiredService<Curator>()));
    }

    static ServiceProvider Local(string? dataDir)
    {
        var configuration = PipelineHost.Configuration(new CliSettings(null, dataDir, false));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPersistence(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>User text on one line: a newline that would forge a "State:" line is shown as \n (the shared request rules).</summary>
    static string Printable(string text, int length) => Benchgen.Hosting.RequestRules.Sanitise(text, length);

    static int Fail(TextWriter stderr, string message, int code = 2)
    {
        stderr.WriteLine(message);
        return code;
    }
}
