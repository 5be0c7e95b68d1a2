using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.HttpLogging;
using NorseAlerts.Host.Endpoints;
using NorseAlerts.Host.Mllp;
using NorseAlerts.Host.Security;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway;
using NorseAlerts.Runtime;

namespace NorseAlerts.Host;

/// <summary>
/// The wiring of the embedded host: the shared use cases over the SQLite engine, MLLP, the broker, API keys,
/// readiness, telemetry, and the endpoints of the API, health, dashboard and metrics.
/// </summary>
public static class HostRegistration
{
    /// <summary>Registers the host's services from <paramref name="setup"/>.</summary>
    public static WebApplicationBuilder AddNorseAlertsHost(this WebApplicationBuilder builder, HostSetup setup)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(setup);

        // Request logs name the method, path, status and duration, never the query string (a key or a patient
        // identifier sent there must not reach the log); the framework's own request lines, which carry it, are off.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.Information);
        var services = builder.Services;
        services.AddHttpLogging(o =>
        {
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = CaseApi.BodyLimit * 2L);
        services.AddProblemDetails();
        services.AddOpenApi(o => o.AddOperationTransformer<OpenApi.ContractDocument>());
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(setup.Settings);
        services.AddSingleton(setup.Settings.Protocols);
        services.AddSingleton(setup.Site);
        services.AddSingleton<ICaseBackend, EmbeddedCases>();
        // One intake: MLLP reads with the same one as POST /api/hl7v2.
        services.AddSingleton(sp => sp.GetRequiredService<CaseApi>().Hl7v2);
        services.AddSingleton<CaseApi>();
        services.AddSingleton(setup.Mllp);
        services.AddSingleton<MllpListener>();
        services.AddHostedService(sp => sp.GetRequiredService<MllpListener>());
        services.AddSingleton(sp => new CasePathway(setup.Settings.Protocols, setup.Settings.Pathway with { IdKey = setup.IdKey }));
        services.AddNorseAlertsRuntime(setup.Runtime);
        services.AddBroker(setup.Amqp);
        services.AddNorseAlertsTelemetry(builder.Configuration);
        services.AddReadiness();
        services.AddSingleton(setup.Keys);
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiRoles.Ingest, p => p.RequireRole(ApiRoles.Ingest))
            .AddPolicy(ApiRoles.Read, p => p.RequireRole(ApiRoles.Read))
            .AddPolicy(ApiRoles.Ack, p => p.RequireRole(ApiRoles.Ack));
        return builder;
    }

    /// <summary>The middleware and every endpoint of the host.</summary>
    public static WebApplication MapNorseAlerts(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
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
        return app;
    }
}
