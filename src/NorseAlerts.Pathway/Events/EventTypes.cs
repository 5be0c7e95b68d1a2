namespace NorseAlerts.Pathway.Events;

/// <summary>The canonical clinical event types of DESIGN section 5, exactly as they appear on the wire.</summary>
public static class EventTypes
{
    public const string RseOnset = "rse.onset";
    public const string NorseSuspected = "norse.suspected";
    public const string FirstLineStarted = "immunotherapy.first-line.started";
    public const string FirstLineCompleted = "immunotherapy.first-line.completed";
    public const string ResponseAssessed = "response.assessed";
    public const string SecondLineStarted = "immunotherapy.second-line.started";
    public const string SecondLineDoseGiven = "immunotherapy.second-line.dose-given";
    public const string SecondLineStopped = "immunotherapy.second-line.stopped";
    public const string EtiologyIdentified = "etiology.identified";
    public const string NorseRuledOut = "norse.ruled-out";
    public const string PatientDischarged = "patient.discharged";
    public const string PatientDeceased = "patient.deceased";
    public const string PatientMerged = "patient.merged";
    public const string PatientMeasurements = "patient.measurements";
    public const string AnestheticInfusionStarted = "anesthetic.infusion.started";
    public const string SeizuresControlled = "seizures.controlled";

    /// <summary>Every type the pathway understands; anything else is rejected at ingest.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        RseOnset, NorseSuspected, FirstLineStarted, FirstLineCompleted, ResponseAssessed,
        SecondLineStarted, SecondLineDoseGiven, SecondLineStopped, EtiologyIdentified,
        NorseRuledOut, PatientDischarged, PatientDeceased, PatientMerged, PatientMeasurements,
        AnestheticInfusionStarted, SeizuresControlled,
    };

    /// <summary>Events that end a case: every timer is cancelled and every open alert resolved.</summary>
    public static readonly IReadOnlySet<string> Closures = new HashSet<string>(StringComparer.Ordinal)
    {
        EtiologyIdentified, NorseRuledOut, PatientDischarged, PatientDeceased,
    };
}

/// <summary>Values of <c>data.outcome</c> on <c>response.assessed</c>.</summary>
public static class ResponseOutcomes
{
    public const string Responding = "responding";
    public const string NotResponding = "not-responding";
}
