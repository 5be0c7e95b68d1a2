using NorseAlerts.Runtime.Outbox;

namespace NorseAlerts.Runtime.Scheduling;

/// <summary>What commits changed that a background loop acts on: the pages they added and the earliest timer they wrote.</summary>
/// <param name="Pages">The pages added, in commit order (each carries its <see cref="Pathway.Alerts.Page"/>, so it leaves without a read of the store).</param>
/// <param name="EarliestTimer">The earliest due time written, if any timer was.</param>
public sealed record CommitChanges(IReadOnlyList<OutboxRow> Pages, DateTimeOffset? EarliestTimer)
{
    /// <summary>No change.</summary>
    public static CommitChanges None { get; } = new([], null);
}
