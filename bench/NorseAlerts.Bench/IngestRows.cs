using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Bench;

/// <summary>
/// The rows one ingest of one event writes, computed ahead of time with the pure pathway so the raw
/// SQLite run inserts the same rows without doing the pathway's work. Mirrors
/// <c>NorseAlerts.Runtime.Storage.Unit.Save</c> and <c>TryRecordInbox</c> (inbox, cases, patients,
/// timers by the decision's diff, alerts, then outbox and audit per effect); if those change, change this with them.
/// </summary>
internal sealed class IngestRows
{

    public required (string Source, string Id, string PatientKey, string At) Inbox { get; init; }

    /// <summary>patient_key, case_id, pending_json.</summary>
    public (string Key, string? CaseId, string? PendingJson)? Patient { get; init; }

    /// <summary>case_id, patient_key, status, stage, protocol, onset_at, next_deadline, updated_at, state_json.</summary>
    public object?[]? Case { get; init; }

    /// <summary>The case whose timers change (null when there is no case yet).</summary>
    public string? TimersOf { get; init; }

    /// <summary>
    /// The timer writes in the order of the decision's effects: a due time for <c>TimerSet</c> (insert or
    /// replace), null for <c>TimerCancelled</c> (delete that key).
    /// </summary>
    public IReadOnlyList<(string Key, long? DueAt)> Timers { get; init; } = [];

    /// <summary>alert_id, case_id, state, raised_at, view_json.</summary>
    public IReadOnlyList<object[]> Alerts { get; init; } = [];

    /// <summary>Per effect, in order: its outbox row (message_id, case_id, page_json, created_at) if it is a page, and its audit row (at, case_id, actor, kind, detail).</summary>
    public IReadOnlyList<(object[]? Page, object?[] Audit)> Effects { get; init; } = [];

    /// <summary>SQL statements these rows take (the raw run's unit of work per event).</summary>
    public int Statements => 1 + (Patient is null ? 0 : 1) + (Case is null ? 0 : 1) + Timers.Count + Alerts.Count + Effects.Sum(e => e.Page is null ? 1 : 2);

    /// <summary>Applies <paramref name="e"/> to <paramref name="state"/> (advancing it) and returns the rows the runtime would write.</summary>
    public static IngestRows For(CasePathway pathway, ref CaseState state, ClinicalEvent e, DateTimeOffset now, string actor)
    {
        var at = Iso(now);
        var decision = pathway.Decide(state, new EventBatch([e]), now);
        state = decision.State;
        var inbox = (e.Source, e.Id, e.Subject, at);
        if (!decision.Changed)
        {
            return new IngestRows { Inbox = inbox };
        }

        var s = decision.State;
        var json = JsonSerializer.Serialize(s, PathwayJson.Options);
        var effects = decision.Effects.Select(effect => (
            effect is PageSent p ? new object[] { p.Page.MessageId, p.Page.Alert.CaseId, JsonSerializer.Serialize(p.Page, PathwayJson.Options), at } : null,
            new object?[] { at, s.CaseId, actor, KindOf(effect), effect.Describe() })).ToList();
        if (s.CaseId is not { } caseId)
        {
            return new IngestRows { Inbox = inbox, Patient = (s.PatientKey, null, json), Effects = effects };
        }

        var touched = decision.Effects.Select(TouchedAlert).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new IngestRows
        {
            Inbox = inbox,
            Patient = (s.PatientKey, caseId, null),
            Case =
            [
                caseId, s.PatientKey, s.Status == CaseStatus.Closed ? "closed" : "active", s.Stage.Name, s.ProtocolName ?? "",
                Iso(s.OnsetAt), Iso(s.NextDeadline), at, json,
            ],
            TimersOf = caseId,
            Timers =
            [
                .. decision.Effects.Select(TimerWrite).OfType<(string, long?)>(),
            ],
            Alerts =
            [
                .. s.Alerts.Where(a => touched.Contains(a.AlertId)).Select(a => new object[]
                {
                    a.AlertId, a.CaseId, a.State.Name, Iso(a.RaisedAt), JsonSerializer.Serialize(AlertView.From(a), PathwayJson.Options),
                }),
            ],
            Effects = effects,
        };
    }

    private static (string Key, long? DueAt)? TimerWrite(Effect e) => e switch
    {
        TimerSet set => (set.Key, set.DueAt.ToUnixTimeMilliseconds()),
        TimerCancelled cancelled => (cancelled.Key, null),
        _ => null,
    };

    private static string KindOf(Effect effect) => EffectKinds.Of(effect);

    private static string? TouchedAlert(Effect e) => e switch
    {
        AlertRaised r => r.AlertId,
        AlertEscalated r => r.AlertId,
        AlertUpdated r => r.AlertId,
        AlertAcknowledged r => r.AlertId,
        AlertResolved r => r.AlertId,
        EscalationExhausted r => r.AlertId,
        _ => null,
    };

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string? Iso(DateTimeOffset? t) => t is { } v ? Iso(v) : null;
}
