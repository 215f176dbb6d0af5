using PackageConsumer;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddCanicOrchestrator(builder.Configuration.GetSection("Canic"));
builder.Services.AddHostedService<ProvisionOnce>();
builder.Build().Run();
