using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NorseAlerts.Hosting;
using NorseAlerts.Ingest;
using NorseAlerts.Messaging;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Functions;

/// <summary>
/// The wiring of the Azure host: the shared settings, site profile and loop, the use cases over the task hub, and
/// pages out through Service Bus. Reads and validates everything at start, so a misconfigured worker stops with a
/// message that names the key.
/// </summary>
public static class FunctionsRegistration
{
    /// <summary>Registers the app's services from <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddNorseAlertsFunctions(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        // One binder for both hosts: a bad key stops the worker at start with a message naming it.
        var settings = NorseAlertsSettings.Read(configuration);
        var ring = new ApiKeyRing(settings.ApiKeys, settings.Roles);
        if (ring.IsEmpty && !environment.IsDevelopment())
        {
            // Outside local development a host without keys would be open to anyone.
            throw new InvalidOperationException("NorseAlerts:ApiKeys has no key: configure at least one (see docs/azure.md)");
        }

        // One JSON shape everywhere: Durable inputs, outputs, events and custom status use the worker
        // serializer, so the orchestration history reads exactly like the embedded store.
        services.Configure<WorkerOptions>(options => options.Serializer = new JsonObjectSerializer(PathwayJson.Options));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        services.AddSingleton(ring);
        services.AddSingleton(SiteProfile.Read(configuration));

        // Keyed ids: a Key Vault secret on Azure; generated and kept in the data directory only in Development.
        var idKey = DeploymentSecret.Resolve(settings.InstanceIdSecret, settings.DataDirectory, mayGenerate: environment.IsDevelopment());
        services.AddSingleton(new PatientIds(idKey));
        services.AddSingleton(new PatientLoop(new CasePathway(settings.Protocols, settings.Pathway with { IdKey = idKey }), settings.PatientLoop, settings.Held));
        services.AddSingleton<TaskHubApi>();
        services.AddSingleton<TaskHubReadiness>();

        // Pages go out through the IAlertPublisher port; on Azure that is the Service Bus topic, so a broker is required.
        var amqp = new AmqpOptions();
        configuration.GetSection(AmqpOptions.SectionName).Bind(amqp);
        if (!amqp.IsConfigured)
        {
            throw new InvalidOperationException("NorseAlerts:Amqp:ConnectionString is not set: the Azure app publishes pages to Service Bus (see docs/azure.md)");
        }

        return services.AddAlertPublishing(amqp);
    }
}
