using System.Globalization;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;
using static NorseAlerts.Pathway.Rules.Durations;

namespace NorseAlerts.Pathway.Rules;

/// <summary>
/// Super-refractory flag (Hirsch 2018): an anesthetic infusion running for the protocol's time (24 h)
/// without recorded seizure control. Each uncontrolled episode (first infusion start after the last
/// control) is its own alert; recording control resolves it.
/// </summary>
public sealed class SuperRefractory : ICaseRule
{
    /// <summary>Deadline kind in the API.</summary>
    public const string DeadlineKind = "super-refractory";

    /// <inheritdoc/>
    public IReadOnlyList<AlertKind> Raises { get; } = [AlertKind.SuperRefractory];

    /// <inheritdoc/>
    public IReadOnlyList<AlertKind> Reads { get; } = [];

    /// <summary>Applies the rule at <paramref name="now"/>.</summary>
    public void Apply(CaseFacts facts, Protocol protocol, DateTimeOffset now, Assessment result)
    {
        var after = protocol.SuperRefractory.After.AsDuration;
        DateTimeOffset? episode = null;
        foreach (var e in facts.Events)
        {
            if (e.Type == EventTypes.AnestheticInfusionStarted && episode is null)
            {
                episode = e.Time;
            }
            else if (e.Type == EventTypes.SeizuresControlled && episode is { } started)
            {
                result.ResolvesBecause(AlertKind.SuperRefractory, Instance(started), $"seizure control recorded at {Format(e.Time)}");
                episode = null;
            }
        }

        if (episode is not { } open)
        {
            return;
        }

        var dueAt = open + after;
        result.AddDeadline(DeadlineKind, dueAt, now >= dueAt ? DeadlineStatus.Missed : DeadlineStatus.Pending, now);
        if (now >= dueAt)
        {
            result.Holding.Add(new Condition(
                AlertKind.SuperRefractory, Instance(open), dueAt,
                $"Super-refractory status epilepticus: anesthetic infusion since {Format(open)} ({Format(after)} or more) without recorded seizure control."));
        }
    }

    private static string Instance(DateTimeOffset episodeStart) => episodeStart.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
