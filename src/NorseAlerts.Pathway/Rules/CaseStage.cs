using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Pathway.Rules;

/// <summary>
/// Where the patient is on the pathway, for the API and the dashboard: first-line window (or overdue),
/// first-line course, awaiting the response assessment, responding, second line recommended, second line.
/// The stage changes at the first-line course end without any alert, so this rule wakes the case then in
/// every protocol (not only those with a response check).
/// </summary>
public sealed class CaseStage : ICaseRule
{
    /// <summary>Wake-up key at the end of the first-line course.</summary>
    public const string CourseEndWakeUp = "stage:first-line-course-end";

    /// <inheritdoc/>
    public IReadOnlyList<AlertKind> Raises { get; } = [];

    /// <inheritdoc/>
    public IReadOnlyList<AlertKind> Reads { get; } = [AlertKind.FirstLineOverdue, AlertKind.SecondLineRecommended];

    /// <summary>Sets <see cref="Assessment.Stage"/>; runs after the rules it <see cref="Reads"/>, which <see cref="CaseRules"/> checks.</summary>
    public void Apply(CaseFacts facts, Protocol protocol, DateTimeOffset now, Assessment result)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(result);
        result.Stage = StageOf(facts, protocol, now, result);
    }

    private static Stage StageOf(CaseFacts facts, Protocol protocol, DateTimeOffset now, Assessment result)
    {
        if (facts.SecondLineStarts.Count > 0)
        {
            return Stage.SecondLine;
        }

        if (result.Holding.Any(c => c.Kind == AlertKind.SecondLineRecommended))
        {
            return Stage.SecondLineRecommended;
        }

        if (facts.FirstLineStart is null)
        {
            return result.Holding.Any(c => c.Kind == AlertKind.FirstLineOverdue) ? Stage.FirstLineOverdue : Stage.FirstLineWindow;
        }

        if (facts.LatestAssessment?.Outcome == ResponseOutcomes.Responding)
        {
            return Stage.Responding;
        }

        var courseEnd = FirstLineCourse.End(facts, protocol)!.Value;
        result.WakeAt(CourseEndWakeUp, courseEnd, now);
        return now < courseEnd ? Stage.FirstLineCourse : Stage.ResponseCheck;
    }
}
