using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Pathway.Rules;

namespace NorseAlerts.Pathway;

/// <summary>Reconciliation: what the rules say holds now, set against the case's alerts.</summary>
public sealed partial class CasePathway
{
    private CaseState Reconcile(CaseState state, DateTimeOffset now, List<Effect> effects)
    {
        var protocol = catalog.Get(state.ProtocolName!, state.ProtocolVersion!, state.ProtocolHash);
        var facts = CaseFacts.From(state.Events);
        state = state with { OnsetAt = facts.Onset!.Time };
        if (facts.Closure is { } closure)
        {
            return Close(state with { Deadlines = DeadlinesAt(state.Events, closure, protocol) }, ClosureReason(closure), closure.Time, now, effects);
        }

        var assessment = Assess(facts, protocol, now);
        var alerts = state.Alerts.ToList();
        ResolveCleared(alerts, assessment, now, effects);

        var chain = EscalationChain.From(protocol.Escalation, options.AckTimeout);
        RaiseOrRefresh(state.CaseId!, alerts, assessment, facts, protocol, chain, now, effects);
        Escalate(alerts, chain, now, effects);

        var next = state with
        {
            Alerts = alerts,
            Deadlines = assessment.Deadlines,
            Stage = assessment.Stage,
            NextDeadline = assessment.Deadlines.Where(d => d.Status == DeadlineStatus.Pending).Select(d => (DateTimeOffset?)d.DueAt).Min(),
        };
        return WithTimers(next, TimerPlan(assessment, alerts, chain), effects);
    }

    private static Assessment Assess(CaseFacts facts, Protocol protocol, DateTimeOffset now) => CaseRules.Standard.Assess(facts, protocol, now);

    /// <summary>An open alert whose condition stopped holding is resolved, without a page.</summary>
    private static void ResolveCleared(List<Alert> alerts, Assessment assessment, DateTimeOffset now, List<Effect> effects)
    {
        for (var i = 0; i < alerts.Count; i++)
        {
            var alert = alerts[i];
            if (alert.IsOpen && !assessment.Holding.Any(c => c.Kind == alert.Kind && c.InstanceKey == alert.InstanceKey))
            {
                var reason = assessment.ResolutionFor(alert.Kind, alert.InstanceKey) ?? "the condition no longer holds";
                alerts[i] = alert with { State = AlertState.Resolved, ResolvedAt = now, Resolution = reason };
                effects.Add(new AlertResolved(alert.AlertId, alert.Kind, reason));
            }
        }
    }

    /// <summary>
    /// A condition that holds with no open alert raises one and pages level 1 of the chain; one that already
    /// has an open alert refreshes it. Several new alerts page in the protocol's page order (<see cref="AlertRules.PageOrder"/>).
    /// </summary>
    private static void RaiseOrRefresh(
        string caseId, List<Alert> alerts, Assessment assessment, CaseFacts facts, Protocol protocol, EscalationChain chain, DateTimeOffset now, List<Effect> effects)
    {
        foreach (var condition in assessment.Holding.OrderBy(c => protocol.Alerts.PageOrder(c.Kind.Name)).ThenBy(c => c.InstanceKey, StringComparer.Ordinal))
        {
            var current = alerts.FindIndex(a => a.IsOpen && a.Kind == condition.Kind && a.InstanceKey == condition.InstanceKey);
            if (current >= 0)
            {
                alerts[current] = Refresh(alerts[current], condition, facts, protocol, effects);
                continue;
            }

            var occurrence = alerts.Count(a => a.Kind == condition.Kind && a.InstanceKey == condition.InstanceKey) + 1;
            var alert = new Alert
            {
                AlertId = Ids.Alert(caseId, condition.Kind, condition.InstanceKey, occurrence),
                CaseId = caseId,
                Kind = condition.Kind,
                InstanceKey = condition.InstanceKey,
                Occurrence = occurrence,
                Severity = protocol.Alerts.SeverityOf(condition.Kind.Name),
                Level = 1,
                Repeat = 0,
                RecipientRole = chain.RoleAt(1),
                State = AlertState.Triggered,
                RaisedAt = now,
                DueAt = condition.DueAt,
                Message = condition.Message,
                Recommendations = Recommendations.For(condition, facts, protocol),
                LastPagedAt = now,
            };
            alerts.Add(alert);
            effects.Add(new AlertRaised(alert.AlertId, alert.Kind, alert.RecipientRole));
            effects.Add(new PageSent(new Page(Page.IdFor(alert.AlertId, 1, 0), alert)));
        }
    }

    /// <summary>
    /// An open alert shows what its condition says now (a later event may change the reason, the due time
    /// or the dose), so the API and the next escalation page read the same whatever order events came in.
    /// No page goes out for the change itself.
    /// </summary>
    private static Alert Refresh(Alert alert, Condition condition, CaseFacts facts, Protocol protocol, List<Effect> effects)
    {
        var recommendations = Recommendations.For(condition, facts, protocol);
        if (alert.Message == condition.Message && alert.DueAt == condition.DueAt && alert.Recommendations.SequenceEqual(recommendations))
        {
            return alert;
        }

        effects.Add(new AlertUpdated(alert.AlertId, alert.Kind));
        return alert with { Message = condition.Message, DueAt = condition.DueAt, Recommendations = recommendations };
    }
}
