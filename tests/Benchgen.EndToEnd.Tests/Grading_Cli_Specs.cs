using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Benchgen.EndToEnd.Tests;

/// <summary>
/// <c>benchgen evaluate</c>, batch grading and <c>benchgen env</c> on a benchmark the real CLI just generated (embedded,
/// one variant seed): the stored reference_solution, as it stands, is a valid solution graded success on every seed.
/// </summary>
public class Grading_on_the_command_line : IClassFixture<Grading_on_the_command_line.Generated>
{
    public sealed class Generated : IAsyncLifetime, IDisposable
    {
        public TempDir Data { get; } = new();
        public string Id { get; private set; } = "";
        public string Folder { get; private set; } = "";
        public string Reference { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var run = await CliRun.RunAsync("generate", "A stack of 3 blocks", "--seed", "5", "--variants", "1", "--data-dir", Data.Path, "--json");
            Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
            var session = run.JsonLines.Single();
            Id = session.GetProperty("benchmarkId").GetString()!;
            Folder = Path.GetDirectoryName(new Uri(session.GetProperty("assetUrl").GetString()!).LocalPath)!;
            var benchmark = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "benchmark.json")))!;
            Reference = Path.Combine(Data.Path, "reference.json");
            File.WriteAllText(Reference, benchmark["definition"]!["reference_solution"]!.ToJsonString());
        }

        public Task DisposeAsync() => Task.CompletedTask;
        public void Dispose() => Data.Dispose();
    }

    readonly Generated g;

    public Grading_on_the_command_line(Generated generated) => g = generated;

    string Write(string name, string text)
    {
        var path = Path.Combine(g.Data.Path, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Should_grade_the_stored_reference_solution_a_success_on_every_validated_seed_by_catalogue_id()
    {
        var run = await CliRun.RunAsync("evaluate", g.Id, "--solution", g.Reference, "--all-seeds", "--json", "--data-dir", g.Data.Path);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var lines = run.JsonLines;
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l =>
        {
            Assert.True(l.GetProperty("success").GetBoolean(), l.GetProperty("reason").GetString());
            Assert.Equal(g.Id, l.GetProperty("benchmark").GetString());
            Assert.Equal("skills", l.GetProperty("kind").GetString());
            var goal = l.GetProperty("goal").EnumerateArray().Single();
            Assert.StartsWith("at(block_", goal.GetProperty("predicate").GetString());
            Assert.True(goal.GetProperty("at_end").GetBoolean());
            Assert.Equal(JsonValueKind.Number, goal.GetProperty("first_true").ValueKind);
            Assert.Empty(l.GetProperty("forbid_contacts").EnumerateArray());
            Assert.True(l.GetProperty("effort").GetDouble() > 0);
        });
        Assert.Equal(5, lines[0].GetProperty("seed").GetInt32());
        Assert.NotEqual(5, lines[1].GetProperty("seed").GetInt32());
    }

    [Fact]
    public async Task Should_grade_by_benchmark_json_path_and_print_a_readable_report()
    {
        var run = await CliRun.RunAsync("evaluate", Path.Combine(g.Folder, "benchmark.json"), "--solution", g.Reference);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("Result:      SUCCESS", run.Stdout);
        Assert.Contains("no forbid zone entered", run.Stdout);
    }

    [Fact]
    public async Task Should_grade_a_benchmark_served_over_http_by_its_url()
    {
        // A plain HTTP server over the benchmark's folder: benchmark.json, model.xml, variants/.
        var port = System.Net.Sockets.TcpListener.Create(0) is var probe ? Start(probe) : 0;
        using var listener = new System.Net.HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                System.Net.HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception) { return; }
                var segments = context.Request.Url!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
                var relative = segments.Skip(1).ToArray();
                var path = Path.Combine([g.Folder, .. relative]);
                if (segments.Length > 1 && segments[0] == g.Id && !relative.Contains("..") && File.Exists(path))
                {
                    var bytes = await File.ReadAllBytesAsync(path);
                    await context.Response.OutputStream.WriteAsync(bytes);
                }
                else context.Response.StatusCode = 404;
                context.Response.Close();
            }
        });

        var run = await CliRun.RunAsync("evaluate", $"http://127.0.0.1:{port}/{g.Id}/benchmark.json", "--solution", g.Reference, "--json");
        var missing = await CliRun.RunAsync("evaluate", $"http://127.0.0.1:{port}/bm-missing/benchmark.json", "--solution", g.Reference);
        listener.Stop();
        await serving;

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var line = run.JsonLines.Single();
        Assert.True(line.GetProperty("success").GetBoolean());
        Assert.Equal(g.Id, line.GetProperty("benchmark").GetString());
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no benchmark at", missing.Stderr);

        static int Start(System.Net.Sockets.TcpListener l)
        {
            l.Start();
            var p = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return p;
        }
    }

    [Fact]
    public async Task Should_exit_one_on_a_graded_failure_naming_the_false_predicate()
    {
        var idle = Write("idle.json", """{"kind": "trajectory", "duration": 0.5, "setpoints": []}""");
        var run = await CliRun.RunAsync("evaluate", g.Folder, "--solution", idle, "--json");

        Assert.Equal(1, run.ExitCode);
        var line = run.JsonLines.Single();
        Assert.False(line.GetProperty("success").GetBoolean());
        Assert.Contains("goal not reached: at(block_", line.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Should_exit_two_on_a_malformed_solution_with_json_paths()
    {
        var bad = Write("bad.json", """{"kind": "skills", "steps": [{"skill": "teleport", "subject": "block_3", "speed": 9}]}""");
        var run = await CliRun.RunAsync("evaluate", g.Folder, "--solution", bad);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("$.steps[0].skill", run.Stderr);
        Assert.Contains("$.steps[0].speed", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Should_exit_one_for_an_unknown_benchmark_and_two_for_an_unvalidated_seed()
    {
        var unknown = await CliRun.RunAsync("evaluate", "bm-00000000000000000000000000000000", "--solution", g.Reference, "--data-dir", g.Data.Path);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no benchmark 'bm-00000000000000000000000000000000'", unknown.Stderr);

        var missing = await CliRun.RunAsync("evaluate", Path.Combine(g.Data.Path, "nowhere", "benchmark.json"), "--solution", g.Reference);
        Assert.Equal(1, missing.ExitCode);

        var seed = await CliRun.RunAsync("evaluate", g.Folder, "--solution", g.Reference, "--seed", "12345");
        Assert.Equal(2, seed.ExitCode);
        Assert.Contains("seed 12345 is not a validated seed", seed.Stderr);
    }

    [Fact]
    public async Task Should_grade_a_dataset_into_jsonl_csv_and_rates_per_family_and_tier()
    {
        var dataset = Path.Combine(g.Data.Path, "dataset", g.Id);
        Directory.CreateDirectory(dataset);
        foreach (var f in new[] { "benchmark.json", "model.xml" }) File.Copy(Path.Combine(g.Folder, f), Path.Combine(dataset, f), overwrite: true);
        var solutions = Path.Combine(g.Data.Path, "solutions");
        Write(Path.Combine("solutions", g.Id, "oracle.json"), File.ReadAllText(g.Reference));
        Write(Path.Combine("solutions", g.Id, "idle.json"), """{"kind": "trajectory", "duration": 0.5, "setpoints": []}""");
        Write(Path.Combine("solutions", g.Id, "broken.json"), """{"kind": "design"}""");
        var results = Path.Combine(g.Data.Path, "results");

        var run = await CliRun.RunAsync("evaluate", "--dataset", Path.GetDirectoryName(dataset)!, "--solutions", solutions, "--out", results);

        Assert.Equal(1, run.ExitCode);
        var rows = File.ReadAllLines(Path.Combine(results, "results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(3, rows.Length);
        Assert.True(rows.Single(r => r.GetProperty("solver").GetString() == "oracle").GetProperty("success").GetBoolean());
        Assert.False(rows.Single(r => r.GetProperty("solver").GetString() == "idle").GetProperty("success").GetBoolean());
        var broken = rows.Single(r => r.GetProperty("solver").GetString() == "broken").GetProperty("reason").GetString();
        Assert.StartsWith("malformed solution: $: Required properties", broken);
        Assert.Contains("mjcf", broken);
        var csv = File.ReadAllLines(Path.Combine(results, "results.csv"));
        Assert.Equal("benchmark,seed,solver,family,tier,success,sim_time,effort,wall_seconds,reason", csv[0]);
        Assert.Equal(4, csv.Length);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "summary.json")))!;
        Assert.Equal(1, summary["successes"]!.GetValue<int>());
        Assert.Equal(0.33333, summary["by_family"]!["stack"]!["rate"]!.GetValue<double>());
        Assert.Equal(3, summary["by_tier"]!["1"]!["rows"]!.GetValue<int>());
        Assert.Equal(1.0, summary["by_solver"]!["oracle"]!["rate"]!.GetValue<double>());
        Assert.Contains("family stack", run.Stdout);
    }

    [Fact]
    public async Task Should_serve_the_step_interface_over_stdin_and_stdout()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var requests = new StringReader("""
            {"op": "reset"}
            {"op": "step", "steps": 5}
            {"op": "observe"}
            {"op": "close"}
            """);
        var code = await Cli.BenchgenCommandLine.RunAsync(["env", g.Folder], stdout, stderr, requests);

        Assert.True(code == 0, stderr.ToString());
        var answers = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToArray();
        Assert.Equal(4, answers.Length);
        Assert.All(answers, a => Assert.True(a["ok"]!.GetValue<bool>()));
        Assert.Equal(5, answers[0]["seed"]!.GetValue<int>());
        Assert.Equal(0.01, answers[2]["observation"]!["time"]!.GetValue<double>(), 9);
        Assert.NotNull(answers[2]["observation"]!["bodies"]!["block_3"]);
        Assert.StartsWith("at(block_", answers[2]["observation"]!["goal"]![0]!["predicate"]!.GetValue<string>());
    }
}
