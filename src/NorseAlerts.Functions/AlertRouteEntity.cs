using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Entities;

namespace NorseAlerts.Functions;

/// <summary>Durable entity per alert id holding its <see cref="AlertRoute"/>, so acks find the patient's instance.</summary>
public sealed class AlertRouteEntity : TaskEntity<AlertRoute>
{
    /// <summary>The entity id of <paramref name="alertId"/>.</summary>
    public static EntityInstanceId IdFor(string alertId) => new(nameof(AlertRouteEntity), alertId);

    /// <summary>Records the route (operation <c>Set</c>).</summary>
    public void Set(AlertRoute route) => State = route;

    /// <summary>The entity function.</summary>
    [Function(nameof(AlertRouteEntity))]
    public static Task RunEntityAsync([EntityTrigger] TaskEntityDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        return dispatcher.DispatchAsync<AlertRouteEntity>();
    }
}
