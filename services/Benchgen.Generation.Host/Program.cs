using Benchgen.Generation;
using Benchgen.Hosting;
using Benchgen.Hosting.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddGeneration(builder.Configuration);
builder.Services.AddBenchgenMessaging(builder.Configuration, bus => bus.AddGenerationConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
// What the generator sandbox enforces here (strong/weak, cgroup or rlimits, uid, untrusted scripts run or refused).
app.MapHealthChecks("/health/sandbox", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
{
    Predicate = check => check.Tags.Contains(Benchgen.Generation.Sandbox.SandboxHealthCheck.Tag),
    ResponseWriter = Benchgen.Generation.Sandbox.SandboxHealthResponse.WriteAsync,
});
app.Run();
