using Amazon.S3;
using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.S3;
using Benchgen.Hosting.Storage;
using Benchgen.Persistence;
using Benchgen.Persistence.Embedded;
using Benchgen.Persistence.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Benchgen.PromptIntake.Dashboard;

/// <summary>Dashboard settings (<c>Dashboard:*</c>).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>
    /// Shown on the sessions page when sessions are not kept (<c>benchgen serve</c> over an embedded data directory:
    /// the embedded saga store is in memory, so a past run's sessions are gone).
    /// </summary>
    public string? SessionsNote { get; set; }
}

public static class DashboardRegistration
{
    /// <summary>The artifact store the dashboard streams files from (S3 when <c>S3:ServiceUrl</c> is set, else the data directory), unless one is registered.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section));
        services.AddBenchgenStorageOptions(configuration);
        if (configuration.GetSection(S3Options.Section).Get<S3Options>() is { Enabled: true })
        {
            services.AddBenchgenS3();
            services.TryAddSingleton<IArtifactStore>(sp =>
                new S3ArtifactStore(sp.GetRequiredService<IAmazonS3>(), sp.GetRequiredService<IOptions<S3Options>>().Value));
        }
        else
        {
            services.TryAddSingleton<IArtifactStore, DirectoryArtifactStore>();
        }

        return services;
    }
}
