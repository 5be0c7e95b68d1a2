using System.Globalization;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Pathway.Tests.Support;

/// <summary>Builders for the canonical events of one test patient; ids derive from type and time, so they are stable.</summary>
internal static class Clinical
{
    public const string Patient = "TEST:0001";
    public const string Source = "test-ehr";

    /// <summary>RSE onset in every scenario.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static ClinicalEvent Event(string type, DateTimeOffset time, string? agent = null, string? outcome = null, string? id = null) => new()
    {
        Source = Source,
        Id = id ?? $"{type}@{time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}{(agent is null ? "" : ":" + agent)}",
        Type = type,
        Time = time,
        Subject = Patient,
        Agent = agent,
        Outcome = outcome,
    };

    public static ClinicalEvent Onset(DateTimeOffset time) => Event(EventTypes.RseOnset, time);

    public static ClinicalEvent FirstLine(string agent, DateTimeOffset time) => Event(EventTypes.FirstLineStarted, time, agent);

    public static ClinicalEvent FirstLineCompleted(DateTimeOffset time) => Event(EventTypes.FirstLineCompleted, time);

    public static ClinicalEvent Assessed(string outcome, DateTimeOffset time) =>
        Event(EventTypes.ResponseAssessed, time, outcome: outcome) with { Reason = "failure to wean anesthetic agents" };

    public static ClinicalEvent SecondLine(string agent, DateTimeOffset time) => Event(EventTypes.SecondLineStarted, time, agent);

    public static ClinicalEvent DoseGiven(DateTimeOffset time, string? agent = null) => Event(EventTypes.SecondLineDoseGiven, time, agent);

    public static ClinicalEvent Stopped(DateTimeOffset time, string? agent = null) => Event(EventTypes.SecondLineStopped, time, agent);

    public static ClinicalEvent InfusionStarted(DateTimeOffset time) => Event(EventTypes.AnestheticInfusionStarted, time);

    public static ClinicalEvent Controlled(DateTimeOffset time) => Event(EventTypes.SeizuresControlled, time);

    public static ClinicalEvent Measurements(DateTimeOffset time, double? weightKg, double? heightCm) =>
        Event(EventTypes.PatientMeasurements, time) with { WeightKg = weightKg, HeightCm = heightCm };

    public static TimeSpan Days(double d) => TimeSpan.FromDays(d);

    public static TimeSpan Hours(double h) => TimeSpan.FromHours(h);

    public static TimeSpan Minutes(double m) => TimeSpan.FromMinutes(m);
}
