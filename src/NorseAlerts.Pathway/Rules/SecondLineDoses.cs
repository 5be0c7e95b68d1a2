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
public static class SecondLineDoses
{
    /// <summary>Deadline kind prefix in the API: <c>second-line-dose:rituximab</c>.</summary>
    public const string DeadlineKindPrefix = "second-line-dose:";

    /// <summary>Applies the rule at <paramref name="now"/>.</summary>
    public static void Apply(CaseFacts facts, Protocol protocol, DateTimeOffset now, Assessment result)
    {
        foreach (var agent in facts.SecondLineStarts.Select(s => s.Agent!).Distinct(StringComparer.Ordinal))
        {
            if (!protocol.SecondLine.Agents.TryGetValue(agent, out var rules) || rules.DoseInterval is null || rules.Doses is null)
            {
                continue;
            }

            var doses = DosesOf(facts, agent);
            var first = doses[0];
            var stop = facts.Events.FirstOrDefault(e => e.Type == EventTypes.SecondLineStopped && (e.Agent is null || e.Agent == agent) && e.Time >= first.Time);
            var total = (int)rules.Doses.Value;
            for (var n = 2; n <= doses.Count; n++)
            {
                result.ResolvesBecause(AlertKinds.SecondLineDoseOverdue, Instance(agent, n), $"dose {n} of {rules.Label} recorded at {Format(doses[n - 1].Time)}");
            }

            if (stop is not null)
            {
                for (var n = doses.Count + 1; n <= total; n++)
                {
                    result.ResolvesBecause(AlertKinds.SecondLineDoseOverdue, Instance(agent, n), $"{rules.Label} stopped at {Format(stop.Time)}");
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
                    AlertKinds.SecondLineDoseOverdue, Instance(agent, next), dueAt,
                    $"Dose {next} of {total} of {rules.Label} was due at {Format(dueAt)} ({Format(rules.DoseInterval.AsDuration)} after the last dose at {Format(doses[^1].Time)}); no dose recorded.",
                    agent));
            }
        }
    }

    /// <summary>The doses of <paramref name="agent"/> in clinical order; a dose event without an agent belongs to the latest second-line start before it.</summary>
    public static IReadOnlyList<ClinicalEvent> DosesOf(CaseFacts facts, string agent)
    {
        var doses = new List<ClinicalEvent>();
        string? current = null;
        foreach (var e in facts.Events)
        {
            if (e.Type == EventTypes.SecondLineStarted)
            {
                current = e.Agent;
                if (e.Agent == agent)
                {
                    doses.Add(e);
                }
            }
            else if (e.Type == EventTypes.SecondLineDoseGiven && (e.Agent ?? current) == agent && doses.Count > 0)
            {
                doses.Add(e);
            }
        }

        return doses;
    }

    private static string Instance(string agent, int dose) => $"{agent}#{dose}";
}
