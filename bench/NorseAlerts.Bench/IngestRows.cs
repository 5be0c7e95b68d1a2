using System.Globalization;
using System.Text.Json;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Bench;

/// <summary>
/// The rows one ingest of one event writes, computed ahead of time with the pure pathway so the raw
/// SQLite run inserts the same rows without doing the pathway's work. Mirrors
/// <c>NorseAlerts.Runtime.Storage.Unit.Save</c> and <c>TryRecordInbox</c> (inbox, patients, cases,
/// timers, alerts, outbox, audit); if those change, change this with them.
/// </summary>
internal sealed class IngestRows
{
    public required (string Source, string Id, string PatientKey, string At) Inbox { get; init; }

    /// <summary>patient_key, case_id, pending_json.</summary>
    public (string Key, string? CaseId, string? PendingJson)? Patient { get; init; }

    /// <summary>case_id, patient_key, status, stage, protocol, onset_at, next_deadline, updated_at, state_json.</summary>
    public object?[]? Case { get; init; }

    /// <summary>The case whose timers are replaced (delete, then insert <see cref="Timers"/>).</summary>
    public string? TimersOf { get; init; }

    public IReadOnlyList<(string Key, long DueAt)> Timers { get; init; } = [];

    /// <summary>alert_id, case_id, state, raised_at, view_json.</summary>
    public IReadOnlyList<object[]> Alerts { get; init; } = [];

    /// <summary>message_id, case_id, page_json, created_at.</summary>
    public IReadOnlyList<object[]> Pages { get; init; } = [];

    /// <summary>at, case_id, actor, kind, detail.</summary>
    public IReadOnlyList<object?[]> Audit { get; init; } = [];

    /// <summary>SQL statements these rows take (the raw run's unit of work per event).</summary>
    public int Statements => 1 + (Patient is null ? 0 : 1) + (Case is null ? 0 : 1) + (TimersOf is null ? 0 : 1 + Timers.Count) + Alerts.Count + Pages.Count + Audit.Count;

    /// <summary>Applies <paramref name="e"/> to <paramref name="state"/> (advancing it) and returns the rows the runtime would write.</summary>
    public static IngestRows For(Pathway.Pathway pathway, ref CaseState state, ClinicalEvent e, DateTimeOffset now, string actor)
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
        var audit = decision.Effects.Select(effect => new object?[]
        {
            at, s.CaseId, actor,
            JsonSerializer.SerializeToElement<Effect>(effect, PathwayJson.Options).GetProperty("effect").GetString(),
            effect.Describe(),
        }).ToList();
        var pages = decision.Effects.OfType<PageSent>().Select(p => new object[]
        {
            p.Page.MessageId, p.Page.Alert.CaseId, JsonSerializer.Serialize(p.Page, PathwayJson.Options), at,
        }).ToList();
        if (s.CaseId is not { } caseId)
        {
            return new IngestRows { Inbox = inbox, Patient = (s.PatientKey, null, json), Pages = pages, Audit = audit };
        }

        var touched = decision.Effects.Select(TouchedAlert).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new IngestRows
        {
            Inbox = inbox,
            Patient = (s.PatientKey, caseId, null),
            Case =
            [
                caseId, s.PatientKey, s.Status == CaseStatus.Closed ? "closed" : "active", s.Stage, s.ProtocolName ?? "",
                Iso(s.OnsetAt), Iso(s.NextDeadline), at, json,
            ],
            TimersOf = caseId,
            Timers = [.. s.Timers.Select(t => (t.Key, t.DueAt.ToUnixTimeMilliseconds()))],
            Alerts =
            [
                .. s.Alerts.Where(a => touched.Contains(a.AlertId)).Select(a => new object[]
                {
                    a.AlertId, a.CaseId, a.State, Iso(a.RaisedAt), JsonSerializer.Serialize(AlertView.From(a), PathwayJson.Options),
                }),
            ],
            Pages = pages,
            Audit = audit,
        };
    }

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
