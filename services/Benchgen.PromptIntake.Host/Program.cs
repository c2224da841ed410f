using Benchgen.Hosting;
using Benchgen.Hosting.Messaging;
using Benchgen.Persistence;
using Benchgen.PromptIntake;
using Benchgen.PromptIntake.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOpenApi();
builder.Services.AddPromptIntake(builder.Configuration);
builder.Services.AddAssetCatalogue(builder.Configuration);
builder.Services.AddBenchgenMessaging(builder.Configuration, bus => bus.AddGenerationSessionSaga(builder.Configuration));

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi();
app.MapSessionsApi();
app.MapDefaultEndpoints();
app.Run();

public partial class Program;
