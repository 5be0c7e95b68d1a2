using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Protocols;
using static NorseAlerts.Pathway.Rules.Durations;

namespace NorseAlerts.Pathway.Rules;

/// <summary>
/// First-line immunotherapy window (PATHWAY.md): from RSE onset (T0), first line (methylprednisolone, IVIG
/// or plasmapheresis) should start within the protocol's window. One "due soon" page goes out the
/// protocol's lead time before the window closes; when it closes without a start, first line is overdue.
/// A start dated inside the window disproves both; a late start resolves the overdue alert and the
/// deadline keeps the record that it was late.
/// </summary>
public sealed class FirstLineWindow : ICaseRule
{
    /// <summary>Deadline kind in the API.</summary>
    public const string DeadlineKind = "first-line-window";

    /// <inheritdoc/>
    public IReadOnlyList<AlertKind> Raises { get; } = [AlertKind.FirstLineDueSoon, AlertKind.FirstLineOverdue];

    /// <inheritdoc/>
    public IReadOnlyList<AlertKind> Reads { get; } = [];

    /// <summary>Applies the rule at <paramref name="now"/>.</summary>
    public void Apply(CaseFacts facts, Protocol protocol, DateTimeOffset now, Assessment result)
    {
        var t0 = facts.Onset!.Time;
        var window = protocol.FirstLine.Window.AsDuration;
        var closesAt = t0 + window;
        var dueSoonAt = closesAt - protocol.FirstLine.DueSoonLead.AsDuration;
        var start = facts.FirstLineStart;

        if (start is null)
        {
            if (now >= closesAt)
            {
                result.AddDeadline(DeadlineKind, closesAt, DeadlineStatus.Missed, now);
                result.Holding.Add(new Condition(
                    AlertKind.FirstLineOverdue, "", closesAt,
                    $"First-line immunotherapy overdue: the {Format(window)} window from RSE onset ({Format(t0)}) closed at {Format(closesAt)} with no first-line start recorded."));
                result.ResolvesBecause(AlertKind.FirstLineDueSoon, "", $"the first-line window closed at {Format(closesAt)}");
                return;
            }

            result.AddDeadline(DeadlineKind, closesAt, DeadlineStatus.Pending, now);
            result.WakeAt("reminder:" + AlertKind.FirstLineDueSoon.Name, dueSoonAt, now);
            if (now >= dueSoonAt)
            {
                result.Holding.Add(new Condition(
                    AlertKind.FirstLineDueSoon, "", closesAt,
                    $"First-line immunotherapy window closes at {Format(closesAt)} ({Format(window)} from RSE onset at {Format(t0)}); no first-line start recorded."));
            }

            return;
        }

        var inside = start.Time <= closesAt;
        result.AddDeadline(DeadlineKind, closesAt, inside ? DeadlineStatus.Met : DeadlineStatus.Late, now);
        result.ResolvesBecause(AlertKind.FirstLineDueSoon, "", $"first line ({start.Agent}) started at {Format(start.Time)}");
        result.ResolvesBecause(AlertKind.FirstLineOverdue, "", inside
            ? $"first-line start ({start.Agent}) dated {Format(start.Time)} lies inside the window: the alert is disproved"
            : $"first line ({start.Agent}) started late at {Format(start.Time)}, {Format(start.Time - closesAt)} after the window closed");
    }
}
