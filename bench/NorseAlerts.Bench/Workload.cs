using System.Globalization;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Bench;

/// <summary>
/// Synthetic but realistic patients: an RSE onset, anaesthetic infusion, NORSE suspected, first-line
/// immunotherapy and a weight. The offsets are only when the synthetic events happened, not clinical
/// rules; the anaesthetic infusion running for more than a day makes the pathway raise a super-refractory
/// alert and a page, so ingest also writes alerts and outbox rows.
/// </summary>
internal static class Workload
{
    /// <summary>The sending system of every synthetic event.</summary>
    public const string Source = "mirth-bench";

    /// <summary>Events of one full patient script in order; <paramref name="onset"/> is T0.</summary>
    public static IReadOnlyList<ClinicalEvent> FullScript(string patientKey, DateTimeOffset onset) =>
    [
        Event(patientKey, 0, EventTypes.RseOnset, onset),
        Event(patientKey, 1, EventTypes.AnestheticInfusionStarted, onset.AddHours(3)),
        Event(patientKey, 2, EventTypes.NorseSuspected, onset.AddHours(10)),
        Event(patientKey, 3, EventTypes.FirstLineStarted, onset.AddHours(28)) with { Agent = Agents.Methylprednisolone },
        Event(patientKey, 4, EventTypes.PatientMeasurements, onset.AddHours(29)) with { WeightKg = 72, HeightCm = 174 },
    ];

    /// <summary>How many hours the last event of <see cref="FullScript"/> comes after onset.</summary>
    public const int ScriptHours = 29;

    /// <summary>
    /// A mixed population for the memory run: one case in ten follows the full script (and has an
    /// alert), four in ten are on first-line therapy, the rest have only an onset.
    /// </summary>
    public static IReadOnlyList<ClinicalEvent> PopulationPatient(int index, DateTimeOffset onset)
    {
        var key = $"BENCH:POP:{index:D7}";
        var script = FullScript(key, onset);
        return (index % 10) switch
        {
            0 => script,
            < 5 => [script[0], script[2], script[3], script[4]],
            _ => [script[0]],
        };
    }

    /// <summary>A lone onset (the lateness run and the start probe).</summary>
    public static ClinicalEvent Onset(string patientKey, DateTimeOffset onset) => Event(patientKey, 0, EventTypes.RseOnset, onset);

    /// <summary>The patient and the step in <see cref="FullScript"/> of a synthetic event's id (the inverse of its id).</summary>
    public static (string Patient, int Step) ParseId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var slash = id.LastIndexOf('/');
        return (id[..slash], int.Parse(id[(slash + 1)..], CultureInfo.InvariantCulture));
    }

    private static ClinicalEvent Event(string patientKey, int step, string type, DateTimeOffset time) => new()
    {
        Source = Source,
        Id = $"{patientKey}/{step}",
        Type = type,
        Time = time,
        Subject = patientKey,
    };
}
