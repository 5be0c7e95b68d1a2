using System.Text.Json.Serialization;

namespace NorseAlerts.Pathway.Protocols;

/// <summary>
/// A NORSE/FIRES protocol: every clinical number and text the pathway uses, each with its source, bound from a
/// file that <c>protocol.schema.json</c> describes. A case pins the <see cref="Name"/>, <see cref="Version"/> and
/// <see cref="Hash"/> it started with, for life.
/// </summary>
public sealed record Protocol
{
    /// <summary>The protocol's name, e.g. <c>seed</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The version a case pins; content under one name and version never changes.</summary>
    public required string Version { get; init; }

    /// <summary>A title for people.</summary>
    public required string Title { get; init; }

    /// <summary>Citations by key; every <see cref="Sourced.Source"/> names one of them.</summary>
    public required IReadOnlyDictionary<string, string> Sources { get; init; }

    /// <summary>The first-line window, its due-soon lead and the first-line agents.</summary>
    public required FirstLineRules FirstLine { get; init; }

    /// <summary>The seed's response check after the first-line course; null where the protocol has none.</summary>
    public ResponseCheckRules? ResponseCheck { get; init; }

    /// <summary>When second line is recommended, its advice and the second-line agents with their doses.</summary>
    public required SecondLineRules SecondLine { get; init; }

    /// <summary>When an anesthetic infusion without control counts as super-refractory.</summary>
    public required SuperRefractoryRules SuperRefractory { get; init; }

    /// <summary>The escalation chain: roles by level, repeats of the last level and the ack timeout.</summary>
    public required EscalationRules Escalation { get; init; }

    /// <summary>Plausible weight and height ranges; measurements outside them are refused.</summary>
    public required MeasurementLimits Measurements { get; init; }

    /// <summary>Severity and page order of every alert kind.</summary>
    public required AlertRules Alerts { get; init; }

    /// <summary>
    /// The content hash (<c>sha256:...</c>) of the file this protocol was read from: a case records it, so a file
    /// edited without a new version cannot silently move the case's deadlines.
    /// </summary>
    [JsonIgnore]
    public string Hash { get; init; } = "";

    /// <summary>The file or embedded resource the protocol was read from, for messages.</summary>
    [JsonIgnore]
    public string Origin { get; init; } = "";

    /// <summary>The citation text behind a source key (the key itself when it is already a citation).</summary>
    public string Cite(string source) => Sources.TryGetValue(source, out var text) ? text : source;
}

/// <summary>The first-line immunotherapy window and its agents.</summary>
public sealed record FirstLineRules
{
    /// <summary>From RSE onset (T0) to the close of the first-line window.</summary>
    public required Sourced Window { get; init; }

    /// <summary>How long before the window closes the one "due soon" page goes out.</summary>
    public required Sourced DueSoonLead { get; init; }

    /// <summary>First-line agents by id, each with its course and dose.</summary>
    public required IReadOnlyDictionary<string, AgentRules> Agents { get; init; }
}

/// <summary>The response check that follows the first-line course (seed protocol).</summary>
public sealed record ResponseCheckRules
{
    /// <summary>Grace after the course end before the check is due.</summary>
    public required Sourced Grace { get; init; }

    /// <summary>What the <c>response-check-due</c> alert recommends.</summary>
    public required ClinicalText Recommendation { get; init; }
}

/// <summary>When second-line therapy is recommended, and the second-line agents.</summary>
public sealed record SecondLineRules
{
    /// <summary>
    /// consensus-2022: from T0, the time after which second line is recommended unless an assessment
    /// says <c>responding</c>; null in protocols that wait for a <c>not-responding</c> assessment.
    /// </summary>
    public Sourced? RecommendWithoutResponseAfter { get; init; }

    /// <summary>Second-line agents by id, each with its dose schedule.</summary>
    public required IReadOnlyDictionary<string, AgentRules> Agents { get; init; }

    /// <summary>Other measures to recommend alongside (ketogenic diet, ...).</summary>
    public IReadOnlyList<AdjunctRule> Adjuncts { get; init; } = [];

    /// <summary>The advice that closes a <c>second-line-recommended</c> alert's message.</summary>
    public required SecondLineAdvice Advice { get; init; }

    /// <summary>Guidance on choosing the agent, with its source.</summary>
    public string? Choice { get; init; }

    /// <summary>Source of <see cref="Choice"/>.</summary>
    public string? ChoiceSource { get; init; }
}

/// <summary>One immunotherapy agent: how to give it, and for how long.</summary>
public sealed record AgentRules
{
    /// <summary>The agent's name as a clinician reads it.</summary>
    public required string Label { get; init; }

    /// <summary>The regimen in words (route, frequency, number), as the source prints it.</summary>
    public required string Regimen { get; init; }

    /// <summary>The key of the source the agent's numbers come from.</summary>
    public required string Source { get; init; }

    /// <summary>A note shown with the source where the number had to be read with care; null when none.</summary>
    public string? Note { get; init; }

    /// <summary>Dose per administration; null where the source gives none.</summary>
    public Dose? Dose { get; init; }

    /// <summary>First line: the course length, from the start to the course end.</summary>
    public Sourced? Course { get; init; }

    /// <summary>Second line: time from one dose to the next.</summary>
    public Sourced? DoseInterval { get; init; }

    /// <summary>Second line: number of doses including the first.</summary>
    public Sourced? Doses { get; init; }
}

/// <summary>A dose: fixed, per kg of body weight, or per m2 of body-surface area.</summary>
/// <param name="Min">The dose (or the low end of a range).</param>
/// <param name="Max">The high end of a range, if the source gives one.</param>
/// <param name="Unit">Mass unit, e.g. <c>mg</c> or <c>g</c>.</param>
/// <param name="Basis"><c>fixed</c>, <c>per-kg</c> or <c>per-m2</c>.</param>
/// <param name="Per">The period, e.g. <c>day</c>, <c>dose</c>.</param>
/// <param name="Source">Where the numbers come from.</param>
/// <param name="Note">Caveats, e.g. a misprint in the source corrected from another.</param>
public sealed record Dose(double Min, double? Max, string Unit, string Basis, string Per, string Source, string? Note);

/// <summary>A non-drug measure recommended with second line (e.g. ketogenic diet).</summary>
/// <param name="Label">What the measure is.</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="Note">What to consider: the recommendation's detail.</param>
public sealed record AdjunctRule(string Label, string Source, string Note);

/// <summary>The super-refractory flag.</summary>
public sealed record SuperRefractoryRules
{
    /// <summary>Anesthetic infusion running this long without control makes the status epilepticus super-refractory.</summary>
    public required Sourced After { get; init; }

    /// <summary>What the <c>super-refractory</c> alert recommends; <c>{after}</c> in its text stands for <see cref="After"/>.</summary>
    public required ClinicalText Recommendation { get; init; }
}

/// <summary>The escalation chain of DESIGN section 4.</summary>
public sealed record EscalationRules
{
    /// <summary>Recipient roles by level; level 1 is the first.</summary>
    public required IReadOnlyList<string> Roles { get; init; }

    /// <summary>How many times the last level is paged again.</summary>
    public required Sourced RepeatLast { get; init; }

    /// <summary>Default time to wait for an acknowledgement before moving up (configuration may override).</summary>
    public required Sourced AckTimeout { get; init; }
}

/// <summary>Plausibility limits: doses are never computed from measurements outside them.</summary>
public sealed record MeasurementLimits
{
    /// <summary>The lowest plausible weight in kg.</summary>
    public required Sourced MinWeightKg { get; init; }

    /// <summary>The highest plausible weight in kg.</summary>
    public required Sourced MaxWeightKg { get; init; }

    /// <summary>The lowest plausible height in cm.</summary>
    public required Sourced MinHeightCm { get; init; }

    /// <summary>The highest plausible height in cm.</summary>
    public required Sourced MaxHeightCm { get; init; }
}
