using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Pathway;

/// <summary>Escalation: an unacknowledged alert moves up the chain; an acknowledgement stops it.</summary>
public sealed partial class CasePathway
{
    private static CaseState OnAcknowledge(CaseState state, Acknowledge ack, DateTimeOffset now, List<Effect> effects)
    {
        var alert = state.Alerts.FirstOrDefault(a => a.AlertId == ack.AlertId);
        if (alert is null || alert.State != AlertState.Triggered)
        {
            return state;
        }

        effects.Add(new AlertAcknowledged(alert.AlertId, ack.By));
        var acknowledged = alert with { State = AlertState.Acknowledged, AcknowledgedAt = now, AcknowledgedBy = ack.By, AckNote = ack.Note };
        var updated = state with { Alerts = [.. state.Alerts.Select(a => a.AlertId == alert.AlertId ? acknowledged : a)] };
        return WithTimers(updated, state.Timers.Where(t => t.Key != AckTimerKey(alert.AlertId)).ToList(), effects);
    }

    /// <summary>
    /// Every triggered alert whose ack timeout ran out pages the next level (or the last level again);
    /// once the chain allows no more, it is marked exhausted and pages no further.
    /// </summary>
    private static void Escalate(List<Alert> alerts, EscalationChain chain, DateTimeOffset now, List<Effect> effects)
    {
        for (var i = 0; i < alerts.Count; i++)
        {
            var alert = alerts[i];
            if (alert.State != AlertState.Triggered || alert.EscalationExhausted || now < alert.LastPagedAt + chain.AckTimeout)
            {
                continue;
            }

            if (chain.Next(alert.Level, alert.Repeat) is not { } step)
            {
                alerts[i] = alert with { EscalationExhausted = true };
                effects.Add(new EscalationExhausted(alert.AlertId));
                continue;
            }

            var escalated = alert with { Level = step.Level, Repeat = step.Repeat, RecipientRole = chain.RoleAt(step.Level), LastPagedAt = now };
            alerts[i] = escalated;
            effects.Add(new AlertEscalated(escalated.AlertId, escalated.Level, escalated.Repeat, escalated.RecipientRole));
            effects.Add(new PageSent(new Page(Page.IdFor(escalated.AlertId, escalated.Level, escalated.Repeat), escalated)));
        }
    }
}
