using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Runtime.Maintenance;

namespace NorseAlerts.Admin;

/// <summary>
/// Rebuilds the signals a case received from its record: each run of audit rows committed together by one actor
/// is one decision. A run that applied events is an event batch (the events are the stored ones it names), a run
/// with an acknowledgement is that acknowledgement, and a run by the scheduler is a timer tick at its commit time.
/// </summary>
public static class CaseHistory
{
    private const string Scheduler = "scheduler";

    /// <summary>The signals of <paramref name="record"/>, in commit order.</summary>
    public static IReadOnlyList<RecordedSignal> Signals(CaseRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var events = record.State.Events.Concat(record.State.LateEvents)
            .GroupBy(e => $"({e.Source}/{e.Id})", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var signals = new List<RecordedSignal>();
        foreach (var run in Runs(record.Audit))
        {
            var applied = run
                .Where(r => r.Kind is "event-applied" or "event-after-closure")
                .Select(r => events.FirstOrDefault(e => r.Detail.Contains(e.Key, StringComparison.Ordinal)).Value)
                .OfType<ClinicalEvent>()
                .Distinct()
                .ToList();
            if (applied.Count > 0)
            {
                signals.Add(new RecordedSignal(run[0].At, new EventBatch(applied)));
            }
            else if (run.FirstOrDefault(r => r.Kind == "alert-acknowledged") is { } ack)
            {
                // "alert {id} acknowledged by {by}": the id is the second word; the note is not in the trail.
                signals.Add(new RecordedSignal(run[0].At, new Acknowledge(ack.Detail.Split(' ')[1], ack.Actor, null)));
            }
            else if (run[0].Actor == Scheduler)
            {
                signals.Add(new RecordedSignal(run[0].At, new Tick()));
            }
        }

        return signals;
    }

    private static IEnumerable<List<AuditRow>> Runs(IReadOnlyList<AuditRow> rows)
    {
        var run = new List<AuditRow>();
        foreach (var row in rows)
        {
            if (run.Count > 0 && (run[0].At != row.At || run[0].Actor != row.Actor))
            {
                yield return run;
                run = [];
            }

            run.Add(row);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }
}
