using System.Text.Json;
using Benchgen.Cli;
using Xunit;

namespace Benchgen.Distributed.Tests;

[Collection(DistributedClusterCollection.Name)]
public sealed class The_cli_in_remote_mode(DistributedCluster cluster)
{
    static async Task<(int Code, string Stdout, string Stderr)> Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await BenchgenCommandLine.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [SkippableFact]
    public async Task Should_publish_wait_for_the_outcome_and_read_it_back_from_the_api_and_the_saga()
    {
        cluster.EnsureAvailable();
        // As the producer user: publishing prompts, waiting for outcomes and asking the saga for status is all it may do.
        var broker = cluster.ProducerUri.ToString();

        var (code, stdout, stderr) = await Cli("generate", "A stack of 2 cubes", "--broker", broker, "--seed", "11", "--variants", "1", "--json", "--timeout", "240");
        Assert.True(code == 0, $"exit {code}: {stdout}{stderr}\n{cluster.Tails()}");
        var session = JsonDocument.Parse(stdout.Trim()).RootElement;
        Assert.Equal("Accepted", session.GetProperty("state").GetString());
        var id = session.GetProperty("sessionId").GetString()!;
        Assert.StartsWith(cluster.S3ServiceUrl.TrimEnd('/'), session.GetProperty("assetUrl").GetString());
        Assert.Equal(2, session.GetProperty("artifacts").GetProperty("variants").GetArrayLength());

        var api = cluster.Api.BaseAddress!.ToString();
        (code, stdout, stderr) = await Cli("status", id, "--api", api, "--json");
        Assert.True(code == 0, stderr);
        var status = JsonDocument.Parse(stdout.Trim()).RootElement;
        Assert.Equal("Accepted", status.GetProperty("state").GetString());
        Assert.Contains(status.GetProperty("checkpoints").EnumerateArray(), c => c.GetProperty("stage").GetString() == "persisting");

        // Over the bus the saga itself answers GetSessionStatus.
        (code, stdout, stderr) = await Cli("status", id, "--broker", broker);
        Assert.True(code == 0, stderr);
        Assert.Contains("State:      Accepted", stdout);

        (code, stdout, _) = await Cli("sessions", "--api", api, "--state", "Accepted", "--limit", "500", "--json");
        Assert.Equal(0, code);
        Assert.Contains(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.Contains(id));

        (code, _, stderr) = await Cli("status", Guid.NewGuid().ToString(), "--api", api);
        Assert.Equal(1, code);
        Assert.Contains("no session", stderr);
    }

    [SkippableFact]
    public async Task Should_bulk_publish_a_batch_without_waiting()
    {
        cluster.EnsureAvailable();
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(file, ["# two prompts", "A stack of 2 blocks", "", "A stack of 3 cylinders"]);
            var (code, stdout, stderr) = await Cli("batch", "--file", file, "--broker", cluster.ProducerUri.ToString(), "--no-wait", "--variants", "1", "--json");
            Assert.True(code == 0, stderr);
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(2, lines.Count);
            Assert.Contains("published 2/2", stderr);

            var api = new IntakeApi(cluster.Api, cluster.Tails);
            foreach (var line in lines)
            {
                var accepted = await api.WaitForStateAsync(Guid.Parse(line.GetProperty("sessionId").GetString()!), "Accepted", TimeSpan.FromMinutes(3));
                Assert.Equal(line.GetProperty("batchId").GetString(), accepted.BatchId?.ToString());
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
