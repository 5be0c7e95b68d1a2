using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Protocols;
using static NorseAlerts.Pathway.Rules.Durations;

namespace NorseAlerts.Pathway.Rules;

/// <summary>
/// Response check (seed protocol): after the first-line course ends (<see cref="FirstLineCourse"/>), plus
/// the protocol's grace, the response must be assessed. Any <c>response.assessed</c> dated after the
/// first-line start answers it. Protocols without a <c>responseCheck</c> (consensus-2022) skip it.
/// </summary>
public sealed class ResponseCheck : ICaseRule
{
    /// <summary>Deadline kind in the API.</summary>
    public const string DeadlineKind = "response-check";

    /// <inheritdoc/>
    public IReadOnlyList<AlertKind> Raises { get; } = [AlertKind.ResponseCheckDue];

    /// <inheritdoc/>
    public IReadOnlyList<AlertKind> Reads { get; } = [];

    /// <summary>Applies the rule at <paramref name="now"/>.</summary>
    public void Apply(CaseFacts facts, Protocol protocol, DateTimeOffset now, Assessment result)
    {
        if (protocol.ResponseCheck is not { } rules || facts.FirstLineStart is not { } start)
        {
            return;
        }

        var courseEnd = FirstLineCourse.End(facts, protocol)!.Value;
        var dueAt = courseEnd + rules.Grace.AsDuration;
        var answer = facts.Assessments.FirstOrDefault(a => a.Time > start.Time);
        if (answer is not null)
        {
            result.AddDeadline(DeadlineKind, dueAt, answer.Time <= dueAt ? DeadlineStatus.Met : DeadlineStatus.Late, now);
            result.ResolvesBecause(AlertKind.ResponseCheckDue, "", $"response assessed at {Format(answer.Time)}: {answer.Outcome}");
            return;
        }

        result.AddDeadline(DeadlineKind, dueAt, now >= dueAt ? DeadlineStatus.Missed : DeadlineStatus.Pending, now);
        if (now >= dueAt)
        {
            result.Holding.Add(new Condition(
                AlertKind.ResponseCheckDue, "", dueAt,
                $"Response to first-line {start.Agent} (started {Format(start.Time)}, course end {Format(courseEnd)}) has not been assessed: the check was due at {Format(dueAt)}."));
        }
    }
}
