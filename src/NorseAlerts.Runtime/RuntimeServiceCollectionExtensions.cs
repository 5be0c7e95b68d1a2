using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Runtime.Outbox;
using NorseAlerts.Runtime.Scheduling;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime;

/// <summary>Registers the embedded runtime.</summary>
public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the store, the writer, the engine, the scheduler and the outbox dispatcher. The caller registers
    /// the <see cref="NorseAlerts.Pathway.CasePathway"/>, a <see cref="TimeProvider"/> and, optionally, an
    /// <see cref="IAlertPublisher"/> (the logging publisher is the default).
    /// </summary>
    public static IServiceCollection AddNorseAlertsRuntime(this IServiceCollection services, RuntimeOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<Database>();
        services.AddSingleton<Writer>();
        services.AddSingleton<CaseEngine>();
        services.AddSingleton<CaseQueries>();
        services.TryAddSingleton<IAlertPublisher, LoggingAlertPublisher>();
        services.AddSingleton<DeadlineScheduler>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadlineScheduler>());
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<HeldEventQueries>();
        services.AddSingleton<HeldEventExpiry>();
        services.AddHostedService(sp => sp.GetRequiredService<HeldEventExpiry>());
        services.AddSingleton<RuntimeWatchdog>();
        services.AddHostedService(sp => sp.GetRequiredService<RuntimeWatchdog>());
        return services;
    }
}
