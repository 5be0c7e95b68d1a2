using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.HttpLogging;
using NorseAlerts.Host;
using NorseAlerts.Host.Endpoints;
using NorseAlerts.Host.Security;
using NorseAlerts.Hosting;
using NorseAlerts.Runtime;
using PathwayCore = NorseAlerts.Pathway.Pathway;

// appsettings.json is read from beside the binary, so the process is configured the same from any working
// directory (the working directory only places the default ./data).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

NorseAlertsSettings settings;
RuntimeOptions runtime;
byte[] idKey;
NorseAlerts.Messaging.AmqpOptions amqp;
NorseAlerts.Ingest.SiteProfile site;
NorseAlerts.Host.Mllp.MllpOptions mllp;
try
{
    settings = NorseAlertsSettings.Read(builder.Configuration);
    runtime = RuntimeSettings.Read(builder.Configuration, settings);

    // A protocol file edited without a new version would move the deadlines of the live cases pinned to it.
    ProtocolVersionLedger.Verify(settings.Protocols, runtime.DataDirectory);

    // Keys case ids; the embedded host keeps a generated secret in its data directory beside the store.
    idKey = DeploymentSecret.Resolve(settings.InstanceIdSecret, runtime.DataDirectory, mayGenerate: true);
    site = NorseAlerts.Ingest.SiteProfile.Read(builder.Configuration);
    mllp = NorseAlerts.Host.Mllp.MllpOptions.Read(builder.Configuration);
    amqp = BrokerRegistration.ReadOptions(builder.Configuration);
}
catch (Exception ex) when (ex is InvalidOperationException or NorseAlerts.Pathway.Protocols.ProtocolException or IOException or FormatException or UnauthorizedAccessException)
{
    Console.Error.WriteLine("NorseAlerts cannot start: " + ex.Message);
    return 2;
}

var apiKeys = new Dictionary<string, string?>(settings.ApiKeys, StringComparer.Ordinal);
if (apiKeys.Count == 0)
{
    if (!builder.Environment.IsDevelopment())
    {
        Console.Error.WriteLine(
            "NorseAlerts cannot start: no API key is configured. Set one with the environment variable "
            + "NorseAlerts__ApiKeys__<name>=<key> (or NorseAlerts:ApiKeys:<name> in appsettings), optionally narrowed "
            + "with NorseAlerts__Roles__<name>=ingest,read,ack. In Development a key is generated for you.");
        return 2;
    }

    var (key, keyFile, created) = DevelopmentKey.LoadOrCreate(runtime.DataDirectory);
    apiKeys["development"] = key;
    Console.WriteLine(created
        ? $"NorseAlerts: no API key configured; created a Development key, kept in {keyFile} for the next starts: {key}"
        : $"NorseAlerts: no API key configured; using the Development key kept in {keyFile}: {key}");
    Console.WriteLine("NorseAlerts: send it as the X-Api-Key header; configure NorseAlerts__ApiKeys__<name> to choose your own.");
}

// Request logs name the method, path, status and duration, never the query string (a key or a patient
// identifier sent there must not reach the log); the framework's own request lines, which carry it, are off.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.Information);
builder.Services.AddHttpLogging(o =>
{
    o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
    o.CombineLogs = true;
});
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = BodyReader.Limit * 2L);
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi(o => o.AddOperationTransformer<NorseAlerts.Host.OpenApi.ContractDocument>());
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(settings.Protocols);
builder.Services.AddSingleton(site);
builder.Services.AddSingleton<Hl7v2Intake>();
builder.Services.AddSingleton(mllp);
builder.Services.AddSingleton<NorseAlerts.Host.Mllp.MllpListener>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<NorseAlerts.Host.Mllp.MllpListener>());
builder.Services.AddSingleton(sp => new PathwayCore(settings.Protocols, settings.Pathway with { IdKey = idKey }));
builder.Services.AddNorseAlertsRuntime(runtime);
builder.Services.AddSingleton<HeldEventQueries>();
builder.Services.AddBroker(amqp);
builder.Services.AddNorseAlertsTelemetry(builder.Configuration);
builder.Services.AddReadiness();
ApiKeyRing ring;
try
{
    ring = new ApiKeyRing(apiKeys, settings.Roles);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine("NorseAlerts cannot start: " + ex.Message);
    return 2;
}

builder.Services.AddSingleton(ring);
builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(ApiRoles.Ingest, p => p.RequireRole(ApiRoles.Ingest))
    .AddPolicy(ApiRoles.Read, p => p.RequireRole(ApiRoles.Read))
    .AddPolicy(ApiRoles.Ack, p => p.RequireRole(ApiRoles.Ack));

var app = builder.Build();
app.UseHttpLogging();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapOpenApi().AllowAnonymous();
app.MapHealthEndpoints();
app.MapIngestEndpoints();
app.MapCaseEndpoints();
app.MapHeldEndpoints();
app.MapAlertEndpoints();
app.MapUpdateStream();
app.MapDashboard();
app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
Console.WriteLine($"NorseAlerts: data directory {runtime.DataDirectory}");
app.Logger.LogInformation(
    "NorseAlerts started: protocol {Protocol}, ack timeout {AckTimeout}, data directory {DataDirectory}",
    settings.Pathway.Protocol,
    settings.Pathway.AckTimeout?.ToString() ?? "protocol default",
    Path.GetFullPath(runtime.DataDirectory));
await app.RunAsync();
return 0;

/// <summary>The composition root; public so the API tests can host it.</summary>
public partial class Program;
