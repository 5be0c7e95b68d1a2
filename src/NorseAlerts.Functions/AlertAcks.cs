using Microsoft.DurableTask.Client;

namespace NorseAlerts.Functions;

/// <summary>Finds which instance owns an alert, for acks from HTTP and from the alert-acks queue.</summary>
internal static class AlertAcks
{
    /// <summary>The route recorded when the alert was raised, or null for an unknown alert.</summary>
    public static async Task<AlertRoute?> RouteOfAsync(DurableTaskClient client, string alertId, CancellationToken cancellationToken)
    {
        var entity = await client.Entities.GetEntityAsync(AlertRouteEntity.IdFor(alertId), includeState: true, cancellationToken);
        return entity is { IncludesState: true } ? entity.State.ReadAs<AlertRoute>() : null;
    }
}
