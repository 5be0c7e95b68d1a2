using NorseAlerts.Host;

// appsettings.json is read from beside the binary, so the process is configured the same from any working
// directory (the working directory only places the default ./data).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (HostSetup.Read(builder.Configuration, builder.Environment) is not { } setup)
{
    return 2;
}

var app = builder.AddNorseAlertsHost(setup).Build().MapNorseAlerts();
Console.WriteLine($"NorseAlerts: data directory {setup.Runtime.DataDirectory}");
Logs.Started(
    app.Logger,
    setup.Settings.Pathway.Protocol,
    setup.Settings.Pathway.AckTimeout?.ToString() ?? "protocol default",
    setup.Runtime.DataDirectory);
await app.RunAsync();
return 0;

/// <summary>The composition root; public so the API tests can host it.</summary>
public partial class Program;
