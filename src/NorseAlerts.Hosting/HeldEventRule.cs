using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Hosting;

/// <summary>
/// How long an event may wait for an onset while its patient has no case (<c>NorseAlerts:Held:ExpireAfter</c>), counted
/// from its arrival. An expired event is dropped, so a late onset no longer picks it up, and the drop is audited. Both
/// hosts apply this one rule: the embedded runtime at a deadline of its own, the Azure patient loop at a wake-up.
/// </summary>
public sealed record HeldEventRule
{
    /// <summary>The configuration key of <see cref="ExpireAfter"/>.</summary>
    public const string ExpireAfterKey = "NorseAlerts:Held:ExpireAfter";

    /// <summary>
    /// 30 days: longer than any protocol's first-line window (7 days in <c>seed</c>) and than the time an
    /// onset diagnosis may be coded after the fact, so an event held for a real patient is still there when the onset
    /// comes; short enough that events sent under a wrong identifier do not wait for ever.
    /// </summary>
    public static readonly TimeSpan DefaultExpireAfter = TimeSpan.FromDays(30);

    private readonly TimeSpan expireAfter = DefaultExpireAfter;

    /// <summary>How long a held event waits for an onset, from its arrival; must be positive.</summary>
    public TimeSpan ExpireAfter
    {
        get => expireAfter;
        init => expireAfter = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{ExpireAfterKey} must be positive");
    }

    /// <summary>When an event that arrived at <paramref name="arrivedAt"/> expires if no onset opens a case first.</summary>
    public DateTimeOffset ExpiresAt(DateTimeOffset arrivedAt) => arrivedAt + ExpireAfter;

    /// <summary>
    /// Drops the held events of <paramref name="state"/> that expired by <paramref name="now"/>, with one
    /// <see cref="HeldEventExpired"/> effect each; a case (open or closed) and events whose arrival is unknown are left
    /// as they are.
    /// </summary>
    /// <param name="state">The patient's state.</param>
    /// <param name="arrivedAt">When each event arrived, or null when the host does not know.</param>
    /// <param name="now">The current time.</param>
    public Decision Expire(CaseState state, Func<ClinicalEvent, DateTimeOffset?> arrivedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(arrivedAt);
        if (state.Status != CaseStatus.Pending)
        {
            return new Decision(state, []);
        }

        var expired = state.Events.Where(e => arrivedAt(e) is { } at && ExpiresAt(at) <= now).ToList();
        if (expired.Count == 0)
        {
            return new Decision(state, []);
        }

        var kept = state.Events.Where(e => !expired.Contains(e)).ToList();
        return new Decision(
            state with { Events = kept, Revision = state.Revision + 1 },
            [.. expired.Select(e => new HeldEventExpired(e.Source, e.Id, e.Type, ExpireAfter))]);
    }
}
