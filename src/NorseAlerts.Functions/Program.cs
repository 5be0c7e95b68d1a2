using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NorseAlerts.Hosting;
using NorseAlerts.Messaging;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Protocols;

// The composition root of the Azure host: configuration in, the same Pathway/Ingest/Messaging as the embedded host.
var host = new HostBuilder()
    .ConfigureFunctionsWorkerDefaults()
    .ConfigureServices((context, services) =>
    {
        var configuration = context.Configuration;

        // One JSON shape everywhere: Durable inputs, outputs, events, entity state and custom status use the
        // worker serializer, so the orchestration history reads exactly like the embedded store.
        services.Configure<WorkerOptions>(options => options.Serializer = new JsonObjectSerializer(PathwayJson.Options));
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton(_ =>
        {
            var pathwayOptions = new PathwayOptions
            {
                Protocol = configuration["NorseAlerts:Protocol"] ?? ProtocolCatalog.Seed,
                AckTimeout = configuration.GetValue<TimeSpan?>("NorseAlerts:Escalation:AckTimeout"),
            };
            return new Pathway(new ProtocolCatalog(), pathwayOptions);
        });
        services.AddSingleton(provider => new PatientLoop(
            provider.GetRequiredService<Pathway>(),
            configuration.GetSection(PatientLoopOptions.SectionName).Get<PatientLoopOptions>() ?? new PatientLoopOptions()));

        services.AddSingleton(_ =>
        {
            var keys = configuration.GetSection("NorseAlerts:ApiKeys").GetChildren().ToDictionary(c => c.Key, c => c.Value);
            var roles = configuration.GetSection("NorseAlerts:Roles").GetChildren().ToDictionary(c => c.Key, c => c.Value);
            var ring = new ApiKeyRing(keys, roles);

            // Outside local development a host without keys would be open to anyone: refuse to start.
            return ring.IsEmpty && !context.HostingEnvironment.IsDevelopment()
                ? throw new InvalidOperationException("NorseAlerts:ApiKeys has no key: configure at least one (see docs/azure.md)")
                : ring;
        });

        var amqp = configuration.GetSection(AmqpOptions.SectionName).Get<AmqpOptions>() ?? new AmqpOptions();
        services.AddSingleton(amqp);
        services.AddSingleton(provider => new BrokerConnection(amqp, provider.GetRequiredService<ILogger<BrokerConnection>>()));
        services.AddSingleton<IAlertPublisher>(provider => new AmqpAlertPublisher(
            provider.GetRequiredService<BrokerConnection>(), amqp, provider.GetRequiredService<ILogger<AmqpAlertPublisher>>()));
    })
    .Build();

await host.RunAsync();
