using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;
using static NorseAlerts.Pathway.Rules.Durations;

namespace NorseAlerts.Pathway.Rules;

/// <summary>
/// Second-line dose due dates: for an agent with a schedule (rituximab weekly x 4, cyclophosphamide
/// monthly up to 6 unless stopped), the next dose falls due one interval after the last dose given (the
/// start is dose 1). A dose not recorded by then is overdue; recording it or stopping the agent resolves it.
/// </summary>
public sealed class SecondLineDoses : ICaseRule
{
    /// <summary>Deadline kind prefix in the API: <c>second-line-dose:rituximab</c>.</summary>
    public const string DeadlineKindPrefix = "second-line-dose:";

    /// <inheritdoc/>
    public IReadOnlyList<AlertKind> Raises { get; } = [AlertKind.SecondLineDoseOverdue];

    /// <inheritdoc/>
    public IReadOnlyList<AlertKind> Reads { get; } = [];

    /// <summary>Applies the rule at <paramref name="now"/>.</summary>
    public void Apply(CaseFacts facts, Protocol protocol, DateTimeOffset now, Assessment result)
    {
        foreach (var agent in facts.SecondLineStarts.Select(s => s.Agent!).Distinct(StringComparer.Ordinal))
        {
            if (!protocol.SecondLine.Agents.TryGetValue(agent, out var rules) || rules.DoseInterval is null || rules.Doses is null)
            {
                continue;
            }

            var doses = DosesOf(facts, agent);
            var stop = StopOf(facts, agent);
            var total = (int)rules.Doses.Value;
            for (var n = 2; n <= doses.Count; n++)
            {
                result.ResolvesBecause(AlertKind.SecondLineDoseOverdue, Instance(agent, n), $"dose {n} of {rules.Label} recorded at {Format(doses[n - 1].Time)}");
            }

            if (stop is not null)
            {
                for (var n = doses.Count + 1; n <= total; n++)
                {
                    result.ResolvesBecause(AlertKind.SecondLineDoseOverdue, Instance(agent, n), $"{rules.Label} stopped at {Format(stop.Time)}");
                }

                continue;
            }

            if (doses.Count >= total)
            {
                continue;
            }

            var next = doses.Count + 1;
            var dueAt = doses[^1].Time + rules.DoseInterval.AsDuration;
            result.AddDeadline(DeadlineKindPrefix + agent, dueAt, now >= dueAt ? DeadlineStatus.Missed : DeadlineStatus.Pending, now);
            if (now >= dueAt)
            {
                result.Holding.Add(new Condition(
                    AlertKind.SecondLineDoseOverdue, Instance(agent, next), dueAt,
                    $"Dose {next} of {total} of {rules.Label} was due at {Format(dueAt)} ({Format(rules.DoseInterval.AsDuration)} after the last dose at {Format(doses[^1].Time)}); no dose recorded.",
                    agent));
            }
        }
    }

    /// <summary>The doses of <paramref name="agent"/> in clinical order (the start is dose 1).</summary>
    public static IReadOnlyList<ClinicalEvent> DosesOf(CaseFacts facts, string agent) =>
        [.. Attributed(facts, EventTypes.SecondLineDoseGiven, agent)];

    /// <summary>The first stop of <paramref name="agent"/> after its start, if any.</summary>
    public static ClinicalEvent? StopOf(CaseFacts facts, string agent) =>
        Attributed(facts, EventTypes.SecondLineStopped, agent).Skip(1).FirstOrDefault();

    /// <summary>
    /// The starts of <paramref name="agent"/> followed by the events of <paramref name="type"/> that belong
    /// to it. An event without <c>data.agent</c> belongs to the latest second-line start before it: a
    /// "dose given" or "stopped" from a source that omits the agent means the agent being given now.
    /// </summary>
    private static IEnumerable<ClinicalEvent> Attributed(CaseFacts facts, string type, string agent)
    {
        string? current = null;
        var started = false;
        foreach (var e in facts.Events)
        {
            if (e.Type == EventTypes.SecondLineStarted)
            {
                current = e.Agent;
                if (e.Agent == agent && (!started || type == EventTypes.SecondLineDoseGiven))
                {
                    started = true;
                    yield return e;
                }
            }
            else if (e.Type == type && started && (e.Agent ?? current) == agent)
            {
                yield return e;
            }
        }
    }

    private static string Instance(string agent, int dose) => $"{agent}#{dose}";
}
