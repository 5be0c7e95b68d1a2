using System.Globalization;
using System.Text.Json;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime;

/// <summary>
/// Events held for a patient with no case yet (a wrong PID-3, an onset that never came): read-only, on its own
/// connection beside the writer, so a site sees what is waiting, for how long and until when, and the expiry
/// service finds what is due.
/// </summary>
public sealed class HeldEventQueries(Database database, RuntimeOptions options)
{
    /// <summary>Every patient with held events, the longest waiting first, with when each event expires.</summary>
    /// <param name="now">The current time, for the age of each event.</param>
    public IReadOnlyList<HeldPatient> List(DateTimeOffset now) =>
        HeldPatient.Ordered(Read().Select(p => HeldPatient.From(p.PatientKey, p.Events, options.Held, now)));

    /// <summary>Every patient with held events, each event with when it arrived (null when the inbox no longer says).</summary>
    public IReadOnlyList<(string PatientKey, IReadOnlyList<(ClinicalEvent Event, DateTimeOffset? ArrivedAt)> Events)> Read()
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
        var list = new List<(string, IReadOnlyList<(ClinicalEvent, DateTimeOffset?)>)>();
        foreach (var (patient, state) in held)
        {
            var events = new List<(ClinicalEvent, DateTimeOffset?)>();
            foreach (var e in state.Events)
            {
                source.Value = e.Source;
                id.Value = e.Id;
                var at = received.ExecuteScalar() is string text
                    ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                    : (DateTimeOffset?)null;
                events.Add((e, at));
            }

            list.Add((patient, events));
        }

        return list;
    }
}
