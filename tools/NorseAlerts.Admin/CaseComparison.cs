using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Admin;

/// <summary>
/// Compares a stored case with its replay on what a clinician and the pager see: status, stage, protocol, next
/// deadline, deadlines, events, and every alert's id, kind, state, level and repeat. Times the host chose (commit
/// times) are not compared; they are inputs of the replay, not its outputs.
/// </summary>
public static class CaseComparison
{
    /// <summary>The names of the aspects that differ; empty when the two agree.</summary>
    public static IReadOnlyList<string> Differences(CaseState stored, CaseState replayed)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(replayed);
        var differences = new List<string>();
        Check(differences, "case id", stored.CaseId == replayed.CaseId);
        Check(differences, "status", stored.Status == replayed.Status);
        Check(differences, "stage", stored.Stage == replayed.Stage);
        Check(differences, "protocol", stored.ProtocolName == replayed.ProtocolName && stored.ProtocolVersion == replayed.ProtocolVersion);
        Check(differences, "next deadline", stored.NextDeadline == replayed.NextDeadline);
        Check(differences, "deadlines", stored.Deadlines.SequenceEqual(replayed.Deadlines));
        Check(differences, "events", stored.Events.Select(e => e.Key).SequenceEqual(replayed.Events.Select(e => e.Key)));
        Check(differences, "alerts", Alerts(stored).SequenceEqual(Alerts(replayed)));
        return differences;
    }

    private static IEnumerable<string> Alerts(CaseState state) =>
        state.Alerts.Select(a => $"{a.AlertId}|{a.Kind}|{a.State}|{a.Level}|{a.Repeat}|{a.EscalationExhausted}").Order(StringComparer.Ordinal);

    private static void Check(List<string> differences, string aspect, bool same)
    {
        if (!same)
        {
            differences.Add(aspect);
        }
    }
}
