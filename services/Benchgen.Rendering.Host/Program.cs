using Benchgen.Hosting;
using Benchgen.Hosting.Messaging;
using Benchgen.Rendering;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddRendering(builder.Configuration);
builder.Services.AddBenchgenMessaging(builder.Configuration, bus => bus.AddRenderingConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
