using System.Text.Json;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// The rows one decision writes (the case document, its timer and alert projections, pages and audit entries),
/// already serialised, with the state they store. Building it is pure work with no store, so an ingest does it outside the writer and the
/// writer only executes the statements.
/// </summary>
internal sealed record CaseWrite(
    string? CaseId,
    string PatientKey,
    string Status,
    string Stage,
    string Protocol,
    DateTimeOffset? OnsetAt,
    DateTimeOffset? NextDeadline,
    string Json,
    IReadOnlyList<CaseWrite.TimerRow> Timers,
    IReadOnlyList<CaseWrite.AlertRow> Alerts,
    IReadOnlyList<CaseWrite.EffectRow> Effects,
    string Actor,
    CaseState State)
{
    /// <summary>The rows of <paramref name="decision"/>, or null when it changed nothing.</summary>
    public static CaseWrite? Of(Decision decision, string actor)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (!decision.Changed)
        {
            return null;
        }

        var state = decision.State;
        var json = JsonSerializer.Serialize(state, PathwayJson.Options);
        var timers = new List<TimerRow>();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var effects = new List<EffectRow>(decision.Effects.Count);
        foreach (var effect in decision.Effects)
        {
            switch (effect)
            {
                case TimerCancelled cancelled: timers.Add(new TimerRow(cancelled.Key, null)); break;
                case TimerSet set: timers.Add(new TimerRow(set.Key, set.DueAt)); break;
                case AlertRaised r: touched.Add(r.AlertId); break;
                case AlertEscalated r: touched.Add(r.AlertId); break;
                case AlertAcknowledged r: touched.Add(r.AlertId); break;
                case AlertResolved r: touched.Add(r.AlertId); break;
                case EscalationExhausted r: touched.Add(r.AlertId); break;
                case AlertUpdated r: touched.Add(r.AlertId); break;
                default: break;
            }

            var page = effect is PageSent sent
                ? new PageRow(sent.Page.MessageId, sent.Page.Alert.CaseId, JsonSerializer.Serialize(sent.Page, PathwayJson.Options), sent.Page)
                : null;
            effects.Add(new EffectRow(page, EffectKinds.Of(effect), effect.Describe()));
        }

        var alerts = state.CaseId is null
            ? []
            : state.Alerts
                .Where(a => touched.Contains(a.AlertId))
                .Select(a => new AlertRow(a.AlertId, a.CaseId, a.State.Name, a.RaisedAt, JsonSerializer.Serialize(AlertView.From(a), PathwayJson.Options)))
                .ToList();
        return new CaseWrite(
            state.CaseId,
            state.PatientKey,
            state.Status == CaseStatus.Closed ? "closed" : "active",
            state.Stage.Name,
            state.ProtocolName ?? "",
            state.OnsetAt,
            state.NextDeadline,
            json,
            state.CaseId is null ? [] : timers,
            alerts,
            effects,
            actor,
            state);
    }

    /// <summary>A timer to set (with its due time) or to cancel (no due time).</summary>
    public sealed record TimerRow(string Key, DateTimeOffset? DueAt);

    /// <summary>An alert's row in the alerts projection.</summary>
    public sealed record AlertRow(string AlertId, string CaseId, string State, DateTimeOffset RaisedAt, string ViewJson);

    /// <summary>A page for the outbox.</summary>
    public sealed record PageRow(string MessageId, string CaseId, string Json, Page Page);

    /// <summary>One effect: its audit entry, and its page if it sent one.</summary>
    public sealed record EffectRow(PageRow? Page, string Kind, string Detail);
}
