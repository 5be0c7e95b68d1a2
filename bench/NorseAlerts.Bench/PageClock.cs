using System.Collections.Concurrent;
using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Bench;

/// <summary>A publisher that notes when each page of one alert kind reached it (after commit, via the outbox).</summary>
internal sealed class PageClock(AlertKind kind) : IAlertPublisher
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> seen = new(StringComparer.Ordinal);

    /// <summary>Case id to the time its page of <c>kind</c> was handed over.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Delivered => seen;

    public Task PublishAsync(Page page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.Alert.Kind == kind)
        {
            seen.TryAdd(page.Alert.CaseId, TimeProvider.System.GetUtcNow());
        }

        return Task.CompletedTask;
    }
}
