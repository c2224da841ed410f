using Benchgen.Generation;
using Benchgen.Hosting;
using Benchgen.Hosting.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddGeneration(builder.Configuration);
builder.Services.AddBenchgenMessaging(builder.Configuration, bus => bus.AddGenerationConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
