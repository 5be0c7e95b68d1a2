using System.Globalization;
using System.Text.Json;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime;

/// <summary>
/// Events held for a patient with no case yet (a wrong PID-3, an onset that never came): read-only, on its own
/// connection beside the writer, so a site sees what is waiting and for how long.
/// </summary>
public sealed class HeldEventQueries(Database database)
{
    /// <summary>Every patient with held events, the longest waiting first.</summary>
    /// <param name="now">The current time, for the age of each event.</param>
    public IReadOnlyList<HeldPatient> List(DateTimeOffset now)
    {
        using var connection = database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT patient_key, pending_json FROM patients WHERE case_id IS NULL AND pending_json IS NOT NULL";
        var held = new List<(string Patient, CaseState State)>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                if (JsonSerializer.Deserialize<CaseState>(r.GetString(1), PathwayJson.Options) is { Events.Count: > 0 } state)
                {
                    held.Add((r.GetString(0), state));
                }
            }
        }

        using var received = connection.CreateCommand();
        received.CommandText = "SELECT received_at FROM inbox WHERE source = $s AND id = $i";
        var source = received.Parameters.Add("$s", Microsoft.Data.Sqlite.SqliteType.Text);
        var id = received.Parameters.Add("$i", Microsoft.Data.Sqlite.SqliteType.Text);
        var list = new List<HeldPatient>();
        foreach (var (patient, state) in held)
        {
            var events = new List<HeldEvent>();
            foreach (var e in state.Events)
            {
                source.Value = e.Source;
                id.Value = e.Id;
                var at = received.ExecuteScalar() is string text
                    ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                    : (DateTimeOffset?)null;
                events.Add(new HeldEvent(e.Id, e.Source, e.Type, e.Time, at, at is { } a ? (long)(now - a).TotalSeconds : null));
            }

            var oldest = events.Where(e => e.ReceivedAt is not null).Select(e => e.ReceivedAt!.Value).DefaultIfEmpty(now).Min();
            list.Add(new HeldPatient(patient, (long)(now - oldest).TotalSeconds, events));
        }

        return [.. list.OrderByDescending(p => p.AgeSeconds).ThenBy(p => p.Patient, StringComparer.Ordinal)];
    }
}

/// <summary>A patient with held events.</summary>
/// <param name="Patient">The patient key as the source named it (shown to authenticated readers; never logged).</param>
/// <param name="AgeSeconds">How long the oldest of them has waited.</param>
/// <param name="Events">The held events.</param>
public sealed record HeldPatient(string Patient, long AgeSeconds, IReadOnlyList<HeldEvent> Events);

/// <summary>One held event.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Source">Its source.</param>
/// <param name="Type">Its type.</param>
/// <param name="Time">Its clinical time.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="AgeSeconds">How long it has waited.</param>
public sealed record HeldEvent(string Id, string Source, string Type, DateTimeOffset Time, DateTimeOffset? ReceivedAt, long? AgeSeconds);
