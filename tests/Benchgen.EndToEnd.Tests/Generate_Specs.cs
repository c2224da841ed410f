using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Benchgen.Cli;
using Benchgen.Hosting.Storage;
using Benchgen.Persistence.Embedded;
using Benchgen.Physics;
using Microsoft.Extensions.Options;
using Xunit;

namespace Benchgen.EndToEnd.Tests;

/// <summary>Runs the real CLI in embedded mode: every service, real MuJoCo, real sandboxed Python, a temp data dir.</summary>
public sealed class CliRun
{
    public required int ExitCode { get; init; }
    public required string Stdout { get; init; }
    public required string Stderr { get; init; }

    public IReadOnlyList<JsonElement> JsonLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    public static async Task<CliRun> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await BenchgenCommandLine.RunAsync(args, stdout, stderr);
        return new CliRun { ExitCode = code, Stdout = stdout.ToString(), Stderr = stderr.ToString() };
    }
}

public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("benchgen-e2e-").FullName;
    public void Dispose() => Directory.Delete(Path, recursive: true);
}

public class Generating_a_stack_of_three_blocks : IClassFixture<Generating_a_stack_of_three_blocks.Run>
{
    public sealed class Run : IAsyncLifetime, IDisposable
    {
        public TempDir Data { get; } = new();
        public CliRun Result { get; private set; } = null!;
        public JsonElement Session => Result.JsonLines.Single();

        public async Task InitializeAsync() =>
            Result = await CliRun.RunAsync("generate", "A stack of 3 blocks", "--seed", "3", "--data-dir", Data.Path, "--json");

        public Task DisposeAsync() => Task.CompletedTask;
        public void Dispose() => Data.Dispose();
    }

    readonly Run run;

    public Generating_a_stack_of_three_blocks(Run run) => this.run = run;

    static string PathOf(string url) => new Uri(url).LocalPath;

    [Fact]
    public void Should_be_accepted_with_exit_code_zero_and_the_documented_json()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.Stdout + run.Result.Stderr);
        var s = run.Session;
        Assert.Equal("Accepted", s.GetProperty("state").GetString());
        Assert.Equal("A stack of 3 blocks", s.GetProperty("prompt").GetString());
        Assert.True(Guid.TryParse(s.GetProperty("sessionId").GetString(), out _));
        Assert.StartsWith("bm-", s.GetProperty("benchmarkId").GetString());
        Assert.StartsWith("file://", s.GetProperty("assetUrl").GetString());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("failureReason").ValueKind);
        var artifacts = s.GetProperty("artifacts");
        foreach (var name in new[] { "script", "model", "previews", "contactSheet", "definition", "validation" })
        {
            Assert.True(File.Exists(PathOf(artifacts.GetProperty(name).GetString()!)), name);
        }

        Assert.Equal(5, artifacts.GetProperty("variants").GetArrayLength());
    }

    [Fact]
    public async Task Should_store_a_script_that_reproduces_the_model_for_its_seed()
    {
        var artifacts = run.Session.GetProperty("artifacts");
        var script = PathOf(artifacts.GetProperty("script").GetString()!);
        var model = await File.ReadAllTextAsync(PathOf(artifacts.GetProperty("model").GetString()!));

        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python, [script, "--seed", "3"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
        Assert.Equal(model.TrimEnd('\n'), output.TrimEnd('\n'));
    }

    [Fact]
    public async Task Should_store_a_model_with_three_free_bodies_that_stays_stable()
    {
        var model = await File.ReadAllTextAsync(PathOf(run.Session.GetProperty("artifacts").GetProperty("model").GetString()!));
        using var compiled = MujocoModel.Compile(model);
        Assert.Equal(3, compiled.Bodies.Count(b => b.IsFree));

        var report = compiled.Simulate(new SimulationOptions(DurationSeconds: 3.0));
        Assert.True(report.Finite);
        Assert.Empty(report.Warnings);
        Assert.True(report.MaxBodySpeed < 100, $"max body speed {report.MaxBodySpeed} m/s");
        Assert.All(report.FinalStates, b => Assert.True(b.Speed < 1e-2, $"{b.Name} still moving at {b.Speed} m/s"));
    }

    [Fact]
    public async Task Should_write_a_catalogue_record_whose_artifacts_exist_with_matching_hashes()
    {
        var benchmarkId = run.Session.GetProperty("benchmarkId").GetString()!;
        var catalogue = new FileAssetCatalogue(Options.Create(new StorageOptions { DataDir = run.Data.Path }));
        var record = await catalogue.FindAsync(benchmarkId, CancellationToken.None);

        Assert.NotNull(record);
        Assert.Equal("stack", record.Family);
        Assert.Equal(3, record.Seed);
        Assert.Equal(run.Session.GetProperty("sessionId").GetString(), record.SessionId.ToString());
        Assert.Equal(Mujoco.Version, record.MujocoVersion);
        foreach (var url in new[] { record.ScriptUrl, record.ModelUrl, record.PreviewsUrl, record.ContactSheetUrl, record.DefinitionUrl, record.ValidationUrl })
        {
            Assert.True(File.Exists(PathOf(url)), url);
        }

        Assert.Equal(5, record.Variants.Count);
        Assert.Contains(record.Variants, v => v.Seed == 3);
        foreach (var variant in record.Variants)
        {
            var bytes = await File.ReadAllBytesAsync(PathOf(variant.Url));
            Assert.Equal(variant.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }

        Assert.Contains("benchmarks-source", record.ScriptUrl);
        Assert.EndsWith($"benchmarks-assets/{benchmarkId}/model.xml", record.ModelUrl);
    }

    [Fact]
    public async Task Should_bundle_24_rendered_views_and_a_contact_sheet()
    {
        var artifacts = run.Session.GetProperty("artifacts");
        using var zip = ZipFile.OpenRead(PathOf(artifacts.GetProperty("previews").GetString()!));
        var pngs = zip.Entries.Where(e => e.Name.EndsWith(".png")).ToList();
        Assert.Equal(24, pngs.Count);
        Assert.NotNull(zip.GetEntry("cameras.json"));

        using var stream = pngs[0].Open();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        var view = Png.Decode(buffer.ToArray());
        Assert.True(view.Width >= 320 && view.Height >= 240);

        var sheet = Png.Decode(await File.ReadAllBytesAsync(PathOf(artifacts.GetProperty("contactSheet").GetString()!)));
        Assert.True(sheet.Width > view.Width);
    }

    [Fact]
    public async Task Should_store_the_reference_solution_animation_with_its_frame_count_in_the_record_and_the_json()
    {
        var url = run.Session.GetProperty("artifacts").GetProperty("animation").GetString()!;
        var benchmarkId = run.Session.GetProperty("benchmarkId").GetString()!;
        Assert.EndsWith($"benchmarks-assets/{benchmarkId}/animation.gif", url);
        var gif = await File.ReadAllBytesAsync(PathOf(url));
        var rendering = new Benchgen.Rendering.RenderingOptions();
        Assert.Equal((rendering.AnimationFrames, rendering.AnimationWidth, rendering.AnimationHeight), Animation.Inspect(gif));
        var record = await new FileAssetCatalogue(Options.Create(new StorageOptions { DataDir = run.Data.Path })).FindAsync(benchmarkId, CancellationToken.None);
        Assert.Equal(url, record!.AnimationUrl);
    }
}

public class Generating_from_bad_input
{
    [Fact]
    public async Task Should_reject_a_prompt_it_cannot_represent_naming_the_words()
    {
        using var data = new TempDir();
        var run = await CliRun.RunAsync("generate", "A purple elephant singing opera", "--data-dir", data.Path, "--json");

        Assert.Equal(1, run.ExitCode);
        var session = run.JsonLines.Single();
        Assert.Equal("Rejected", session.GetProperty("state").GetString());
        var reason = session.GetProperty("failureReason").GetString()!;
        Assert.Contains("not understood", reason);
        Assert.Contains("'elephant'", reason);
        Assert.Equal(JsonValueKind.Null, session.GetProperty("artifacts").ValueKind);
        Assert.False(Directory.Exists(System.IO.Path.Combine(data.Path, "catalogue", "benchmark_assets")) &&
                     Directory.EnumerateFiles(System.IO.Path.Combine(data.Path, "catalogue", "benchmark_assets")).Any());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Should_refuse_an_empty_prompt_as_a_usage_error(string prompt)
    {
        var run = await CliRun.RunAsync("generate", prompt);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("empty", run.Stderr);
    }

    [Fact]
    public async Task Should_refuse_an_oversized_prompt_as_a_usage_error()
    {
        var run = await CliRun.RunAsync("generate", "A stack of 3 blocks " + new string('x', 2100));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("limit is 2000", run.Stderr);
    }

    [Fact]
    public async Task Should_refuse_unknown_options_as_a_usage_error()
    {
        var run = await CliRun.RunAsync("generate", "A stack of 3 blocks", "--sed", "3");
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task Should_report_a_missing_batch_file_clearly()
    {
        var run = await CliRun.RunAsync("batch", "--file", "/nonexistent/prompts.txt");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("/nonexistent/prompts.txt", run.Stderr);
        Assert.Contains("does not exist", run.Stderr);
    }
}

public class Running_a_batch
{
    [Fact]
    public async Task Should_run_every_prompt_skipping_blanks_and_comments_and_summarise()
    {
        using var data = new TempDir();
        var file = System.IO.Path.Combine(data.Path, "prompts.txt");
        await File.WriteAllLinesAsync(file, ["# curated prompts", "A stack of 2 blocks", "", "A tower of four cubes", "A purple elephant"]);

        var run = await CliRun.RunAsync("batch", "--file", file, "--data-dir", data.Path, "--variants", "1");

        Assert.Equal(1, run.ExitCode); // one prompt is rejected
        Assert.Equal(3, run.Stdout.Split('\n').Count(l => l.StartsWith("Session ID:")));
        Assert.Contains("3 prompts, 2 accepted, 1 rejected", run.Stdout);
    }
}

public class Generating_the_same_benchmark_twice
{
    [Fact]
    public async Task Should_flag_the_second_as_a_duplicate_of_the_first()
    {
        using var data = new TempDir();
        var first = await CliRun.RunAsync("generate", "A stack of 4 blocks", "--seed", "9", "--variants", "1", "--data-dir", data.Path, "--json");
        var second = await CliRun.RunAsync("generate", "A stack of 4 blocks", "--seed", "9", "--variants", "1", "--data-dir", data.Path, "--json");
        var other = await CliRun.RunAsync("generate", "A stack of 4 blocks", "--seed", "10", "--variants", "1", "--data-dir", data.Path, "--json");
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0 && other.ExitCode == 0, first.Stdout + second.Stdout + other.Stdout);

        var catalogue = new FileAssetCatalogue(Options.Create(new StorageOptions { DataDir = data.Path }));
        string Id(CliRun run) => run.JsonLines.Single().GetProperty("benchmarkId").GetString()!;
        var firstRecord = await catalogue.FindAsync(Id(first), CancellationToken.None);
        var secondRecord = await catalogue.FindAsync(Id(second), CancellationToken.None);
        var otherRecord = await catalogue.FindAsync(Id(other), CancellationToken.None);

        Assert.NotEqual(Id(first), Id(second));
        Assert.Null(firstRecord!.DuplicateOf);
        Assert.Equal(Id(first), secondRecord!.DuplicateOf);
        Assert.Equal(firstRecord.ContentHash, secondRecord.ContentHash);
        Assert.Null(otherRecord!.DuplicateOf);

        // Same prompt and seed: the same reference-solution animation, byte for byte; another seed animates another scene.
        var firstGif = await File.ReadAllBytesAsync(new Uri(firstRecord.AnimationUrl!).LocalPath);
        Assert.Equal(firstGif, await File.ReadAllBytesAsync(new Uri(secondRecord.AnimationUrl!).LocalPath));
        Assert.NotEqual(firstGif, await File.ReadAllBytesAsync(new Uri(otherRecord.AnimationUrl!).LocalPath));
    }
}
