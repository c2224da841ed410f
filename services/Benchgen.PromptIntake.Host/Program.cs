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
// A body the server itself refuses (Kestrel's size limit, a broken chunked encoding) is the client's fault: answer its
// status (413, 400) as ProblemDetails, never 500.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
app.MapOpenApi();
app.MapSessionsApi();
app.MapDefaultEndpoints();
app.Run();

public partial class Program;
