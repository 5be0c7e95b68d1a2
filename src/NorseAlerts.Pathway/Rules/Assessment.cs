using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Pathway.Rules;

/// <summary>What the rules conclude about a case at one instant.</summary>
public sealed class Assessment
{
    /// <summary>Conditions that hold now, each deserving an alert.</summary>
    public List<Condition> Holding { get; } = [];

    /// <summary>Clinical deadlines with their status now.</summary>
    public List<Deadline> Deadlines { get; } = [];

    /// <summary>Future instants at which a condition may start holding: the host wakes the case then.</summary>
    public List<ScheduledTimer> WakeUps { get; } = [];

    /// <summary>Why an alert of a kind no longer holds, when a rule knows better than "condition cleared".</summary>
    public Dictionary<(AlertKind Kind, string InstanceKey), string> Resolutions { get; } = [];

    /// <summary>Where the patient is on the pathway.</summary>
    public Stage Stage { get; set; } = Stage.FirstLineWindow;

    /// <summary>Adds a deadline and, while it is pending, a wake-up at its due time.</summary>
    public void AddDeadline(string kind, DateTimeOffset dueAt, DeadlineStatus status, DateTimeOffset now)
    {
        Deadlines.Add(new Deadline(kind, dueAt, status));
        if (status == DeadlineStatus.Pending)
        {
            WakeAt("deadline:" + kind, dueAt, now);
        }
    }

    /// <summary>Records why an alert of <paramref name="kind"/> (and instance) stopped holding.</summary>
    public void ResolvesBecause(AlertKind kind, string instanceKey, string reason) => Resolutions[(kind, instanceKey)] = reason;

    /// <summary>The recorded reason an alert stopped holding, if a rule gave one.</summary>
    public string? ResolutionFor(AlertKind kind, string instanceKey) =>
        Resolutions.TryGetValue((kind, instanceKey), out var reason) ? reason : null;

    /// <summary>Adds a wake-up if <paramref name="dueAt"/> lies after <paramref name="now"/>.</summary>
    public void WakeAt(string key, DateTimeOffset dueAt, DateTimeOffset now)
    {
        if (dueAt > now)
        {
            WakeUps.Add(new ScheduledTimer(key, dueAt));
        }
    }
}
