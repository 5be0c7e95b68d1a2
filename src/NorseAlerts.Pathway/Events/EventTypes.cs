namespace NorseAlerts.Pathway.Events;

/// <summary>The canonical clinical event types of DESIGN section 5, exactly as they appear on the wire.</summary>
public static class EventTypes
{
    /// <summary>The event type <c>rse.onset</c>.</summary>
    public const string RseOnset = "rse.onset";

    /// <summary>The event type <c>norse.suspected</c>.</summary>
    public const string NorseSuspected = "norse.suspected";

    /// <summary>The event type <c>immunotherapy.first-line.started</c>.</summary>
    public const string FirstLineStarted = "immunotherapy.first-line.started";

    /// <summary>The event type <c>immunotherapy.first-line.completed</c>.</summary>
    public const string FirstLineCompleted = "immunotherapy.first-line.completed";

    /// <summary>The event type <c>response.assessed</c>.</summary>
    public const string ResponseAssessed = "response.assessed";

    /// <summary>The event type <c>immunotherapy.second-line.started</c>.</summary>
    public const string SecondLineStarted = "immunotherapy.second-line.started";

    /// <summary>The event type <c>immunotherapy.second-line.dose-given</c>.</summary>
    public const string SecondLineDoseGiven = "immunotherapy.second-line.dose-given";

    /// <summary>The event type <c>immunotherapy.second-line.stopped</c>.</summary>
    public const string SecondLineStopped = "immunotherapy.second-line.stopped";

    /// <summary>The event type <c>etiology.identified</c>.</summary>
    public const string EtiologyIdentified = "etiology.identified";

    /// <summary>The event type <c>norse.ruled-out</c>.</summary>
    public const string NorseRuledOut = "norse.ruled-out";

    /// <summary>The event type <c>patient.discharged</c>.</summary>
    public const string PatientDischarged = "patient.discharged";

    /// <summary>
    /// The event type <c>patient.discharge-cancelled</c> (HL7 ADT^A13): the latest discharge dated at or before it was
    /// entered in error or revoked. A case that discharge closed is open again.
    /// </summary>
    public const string DischargeCancelled = "patient.discharge-cancelled";

    /// <summary>
    /// The event type <c>event.entered-in-error</c>: the event of the same source whose id is <c>data.retracts</c> (or,
    /// for a FHIR resource <c>&lt;type&gt;/&lt;id&gt;</c>, every version of it) was recorded in error and no longer counts. An
    /// onset, a merge or another retraction cannot be retracted.
    /// </summary>
    public const string EnteredInError = "event.entered-in-error";

    /// <summary>The event type <c>patient.deceased</c>.</summary>
    public const string PatientDeceased = "patient.deceased";

    /// <summary>The event type <c>patient.merged</c>.</summary>
    public const string PatientMerged = "patient.merged";

    /// <summary>The event type <c>patient.measurements</c>.</summary>
    public const string PatientMeasurements = "patient.measurements";

    /// <summary>The event type <c>anesthetic.infusion.started</c>.</summary>
    public const string AnestheticInfusionStarted = "anesthetic.infusion.started";

    /// <summary>The event type <c>seizures.controlled</c>.</summary>
    public const string SeizuresControlled = "seizures.controlled";

    /// <summary>Every type the pathway understands; anything else is rejected at ingest.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        RseOnset, NorseSuspected, FirstLineStarted, FirstLineCompleted, ResponseAssessed,
        SecondLineStarted, SecondLineDoseGiven, SecondLineStopped, EtiologyIdentified,
        NorseRuledOut, PatientDischarged, DischargeCancelled, PatientDeceased, PatientMerged, PatientMeasurements,
        AnestheticInfusionStarted, SeizuresControlled, EnteredInError,
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
    /// <summary>The outcome <c>responding</c>.</summary>
    public const string Responding = "responding";

    /// <summary>The outcome <c>not-responding</c>.</summary>
    public const string NotResponding = "not-responding";
}
