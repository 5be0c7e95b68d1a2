using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Hosting.Tests;

/// <summary>Events and a pathway on the built-in seed protocol for the hosting tests.</summary>
internal static class HostingSamples
{
    public const string PatientKey = "GENH:00123456";

    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static CasePathway NewPathway() => new(new ProtocolCatalog(), new PathwayOptions());

    public static ClinicalEvent Event(string type, DateTimeOffset time, string id, string patient = PatientKey) => new()
    {
        Source = "/adt/genh",
        Id = id,
        Type = type,
        Time = time,
        Subject = patient,
    };

    public static ClinicalEvent Onset(string patient = PatientKey) => Event(EventTypes.RseOnset, T0, "onset-1", patient);
}
