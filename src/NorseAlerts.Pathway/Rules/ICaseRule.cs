using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Pathway.Rules;

/// <summary>
/// One rule of the pathway: reads a case's facts at an instant and adds what it concludes (conditions,
/// deadlines, wake-ups, the stage) to an <see cref="Assessment"/>. Rules run in a <see cref="CaseRules"/>
/// list, which puts every rule after the rules whose conditions it reads.
/// </summary>
public interface ICaseRule
{
    /// <summary>The alert kinds whose conditions this rule adds to <see cref="Assessment.Holding"/>.</summary>
    IReadOnlyList<AlertKind> Raises { get; }

    /// <summary>The alert kinds whose conditions this rule reads from <see cref="Assessment.Holding"/>: their rules run first.</summary>
    IReadOnlyList<AlertKind> Reads { get; }

    /// <summary>Applies the rule at <paramref name="now"/>.</summary>
    void Apply(CaseFacts facts, Protocol protocol, DateTimeOffset now, Assessment result);
}
