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
public static class CaseStage
{
    /// <summary>Wake-up key at the end of the first-line course.</summary>
    public const string CourseEndWakeUp = "stage:first-line-course-end";

    /// <summary>Sets <see cref="Assessment.Stage"/>; run after every other rule, since it reads their conditions.</summary>
    public static void Apply(CaseFacts facts, Protocol protocol, DateTimeOffset now, Assessment result)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(result);
        result.Stage = StageOf(facts, protocol, now, result);
    }

    private static string StageOf(CaseFacts facts, Protocol protocol, DateTimeOffset now, Assessment result)
    {
        if (facts.SecondLineStarts.Count > 0)
        {
            return Stages.SecondLine;
        }

        if (result.Holding.Any(c => c.Kind == AlertKinds.SecondLineRecommended))
        {
            return Stages.SecondLineRecommended;
        }

        if (facts.FirstLineStart is null)
        {
            return result.Holding.Any(c => c.Kind == AlertKinds.FirstLineOverdue) ? Stages.FirstLineOverdue : Stages.FirstLineWindow;
        }

        if (facts.LatestAssessment?.Outcome == ResponseOutcomes.Responding)
        {
            return Stages.Responding;
        }

        var courseEnd = FirstLineCourse.End(facts, protocol)!.Value;
        result.WakeAt(CourseEndWakeUp, courseEnd, now);
        return now < courseEnd ? Stages.FirstLineCourse : Stages.ResponseCheck;
    }
}
