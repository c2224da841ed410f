using System.Net;
using System.Net.Http.Json;
using Benchgen.Contracts;
using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.Mongo;
using Benchgen.PromptIntake;
using Benchgen.PromptIntake.Apis;
using Benchgen.PromptIntake.Sessions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Benchgen.Cli;

/// <summary>Where <c>benchgen status</c> and <c>benchgen sessions</c> read: the intake API, the MongoDB saga store, or the saga itself over the bus.</summary>
public interface ISessionReader : IAsyncDisposable
{
    Task<SessionStatus?> StatusAsync(Guid sessionId, CancellationToken ct);
    Task<IReadOnlyList<SessionSummary>> ListAsync(string? state, Guid? batchId, int limit, CancellationToken ct);
}

public static class SessionReaders
{
    /// <summary>--api wins; then ConnectionStrings:Mongo (the saga store); then the broker (status only: the saga answers GetSessionStatus).</summary>
    public static async Task<ISessionReader> OpenAsync(string? api, CliSettings settings, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(api))
        {
            return new ApiSessionReader(new Uri(api.EndsWith('/') ? api : api + "/"));
        }

        var configuration = PipelineHost.Configuration(settings);
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(MongoDatabases.ConnectionName)))
        {
            var mongo = configuration.GetConnectionString(MongoDatabases.ConnectionName)!;
            var services = new ServiceCollection().AddLogging();
            services.AddSingleton(configuration);
            // The same collection options the intake host's saga repository uses, so the CLI reads exactly what the saga wrote.
            var options = new MongoSagaOptions { ConnectionString = mongo, DatabaseName = MongoDatabases.DatabaseName(mongo) };
            GenerationSessionBsonMap.Configure(options);
            services.AddMongoSagaCollection<GenerationSession>(options);
            services.AddPromptIntake(configuration);
            var provider = services.BuildServiceProvider();
            return new StoreSessionReader(provider);
        }

        if (BenchgenMessaging.UsesRabbitMq(configuration))
        {
            var host = PipelineHost.Build(settings);
            await host.StartAsync(ct);
            return new BusSessionReader(host);
        }

        throw new CliUsageException("status and sessions need a place to read from: --api URL, ConnectionStrings__Mongo, or --broker amqp://...");
    }

    sealed class ApiSessionReader(Uri api) : ISessionReader
    {
        readonly HttpClient http = new() { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };

        public async Task<SessionStatus?> StatusAsync(Guid sessionId, CancellationToken ct)
        {
            using var response = await http.GetAsync($"api/sessions/{sessionId}", ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<SessionStatus>(ct);
        }

        public async Task<IReadOnlyList<SessionSummary>> ListAsync(string? state, Guid? batchId, int limit, CancellationToken ct)
        {
            var query = $"api/sessions?limit={limit}" + (state is null ? "" : $"&state={Uri.EscapeDataString(state)}") + (batchId is null ? "" : $"&batchId={batchId}");
            return await http.GetFromJsonAsync<List<SessionSummary>>(query, ct) ?? [];
        }

        public ValueTask DisposeAsync()
        {
            http.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    sealed class StoreSessionReader(ServiceProvider provider) : ISessionReader
    {
        public async Task<SessionStatus?> StatusAsync(Guid sessionId, CancellationToken ct)
        {
            using var scope = provider.CreateScope();
            var session = await scope.ServiceProvider.GetRequiredService<ISessionQueries>().FindAsync(sessionId, ct);
            return session is null ? null : SessionStatusMapper.ToStatus(session);
        }

        public async Task<IReadOnlyList<SessionSummary>> ListAsync(string? state, Guid? batchId, int limit, CancellationToken ct)
        {
            using var scope = provider.CreateScope();
            var sessions = await scope.ServiceProvider.GetRequiredService<ISessionQueries>().ListAsync(state, batchId, limit, ct);
            return sessions.Select(SessionSummary.From).ToList();
        }

        public ValueTask DisposeAsync() => provider.DisposeAsync();
    }

    sealed class BusSessionReader(Microsoft.Extensions.Hosting.IHost host) : ISessionReader
    {
        public async Task<SessionStatus?> StatusAsync(Guid sessionId, CancellationToken ct)
        {
            var client = host.Services.GetRequiredService<IBus>().CreateRequestClient<GetSessionStatus>(RequestTimeout.After(s: 15));
            var response = await client.GetResponse<SessionStatus, SessionNotFound>(new GetSessionStatus(sessionId), ct);
            return response.Is(out Response<SessionStatus>? status) ? status!.Message : null;
        }

        public Task<IReadOnlyList<SessionSummary>> ListAsync(string? state, Guid? batchId, int limit, CancellationToken ct) =>
            throw new CliUsageException("listing sessions needs --api URL or ConnectionStrings__Mongo; over the broker only `status <id>` is answered");

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }
}

public sealed class CliUsageException(string message) : Exception(message);
