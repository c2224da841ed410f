using Benchgen.Hosting;
using Benchgen.Hosting.Messaging;
using Benchgen.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddPersistence(builder.Configuration);
builder.Services.AddBenchgenMessaging(builder.Configuration, bus => bus.AddPersistenceConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
