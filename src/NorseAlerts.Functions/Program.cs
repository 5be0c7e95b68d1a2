using Microsoft.Extensions.Hosting;
using NorseAlerts.Functions;

// The composition root of the Azure host: the Functions worker plus the app's wiring (FunctionsRegistration).
var host = new HostBuilder()
    .ConfigureFunctionsWorkerDefaults()
    .ConfigureServices((context, services) => services.AddNorseAlertsFunctions(context.Configuration, context.HostingEnvironment))
    .Build();

await host.RunAsync();
