using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;
using static NorseAlerts.Pathway.Rules.Durations;

namespace NorseAlerts.Pathway.Rules;

/// <summary>
/// Second-line recommendation: when the latest assessment (in clinical time) says <c>not-responding</c>
/// ("failure to wean anesthetic agents ... or prolonged RSE"), second line is recommended. In
/// consensus-2022 it is also recommended once the protocol's time from onset has passed with no
/// assessment saying <c>responding</c>. A second-line start or a <c>responding</c> assessment ends it.
/// </summary>
public sealed class SecondLineRecommendation : ICaseRule
{
    /// <summary>Deadline kind in the API (consensus-2022 only).</summary>
    public const string DeadlineKind = "second-line-decision";

    /// <inheritdoc/>
    public IReadOnlyList<AlertKind> Raises { get; } = [AlertKind.SecondLineRecommended];

    /// <inheritdoc/>
    public IReadOnlyList<AlertKind> Reads { get; } = [];

    /// <summary>Applies the rule at <paramref name="now"/>.</summary>
    public void Apply(CaseFacts facts, Protocol protocol, DateTimeOffset now, Assessment result)
    {
        var secondLine = facts.SecondLineStarts.Count > 0 ? facts.SecondLineStarts[0] : null;
        var latest = facts.LatestAssessment;
        var responding = facts.Assessments.FirstOrDefault(a => a.Outcome == ResponseOutcomes.Responding);
        var notRespondingNow = latest?.Outcome == ResponseOutcomes.NotResponding;

        DateTimeOffset? decisionAt = null;
        var byTime = false;
        if (protocol.SecondLine.RecommendWithoutResponseAfter is { } after)
        {
            var dueAt = facts.Onset!.Time + after.AsDuration;
            decisionAt = dueAt;
            var metBy = new[] { secondLine?.Time, responding?.Time }.Where(t => t is not null).Min();
            var status = metBy is { } m
                ? (m <= dueAt ? DeadlineStatus.Met : DeadlineStatus.Late)
                : (now >= dueAt ? DeadlineStatus.Missed : DeadlineStatus.Pending);
            result.AddDeadline(DeadlineKind, dueAt, status, now);
            byTime = now >= dueAt && responding is null;
        }

        if (secondLine is not null)
        {
            result.ResolvesBecause(AlertKind.SecondLineRecommended, "", $"second line ({secondLine.Agent}) started at {Format(secondLine.Time)}");
            return;
        }

        if (latest?.Outcome == ResponseOutcomes.Responding)
        {
            result.ResolvesBecause(AlertKind.SecondLineRecommended, "", $"assessment at {Format(latest.Time)}: responding");
        }

        if (notRespondingNow)
        {
            var reason = string.IsNullOrWhiteSpace(latest!.Reason) ? "" : $" ({latest.Reason})";
            result.Holding.Add(new Condition(
                AlertKind.SecondLineRecommended, "", latest.Time,
                $"No response to first-line immunotherapy: assessed not-responding at {Format(latest.Time)}{reason}. {protocol.SecondLine.Advice.NotResponding.Text}"));
        }
        else if (byTime)
        {
            result.Holding.Add(new Condition(
                AlertKind.SecondLineRecommended, "", decisionAt,
                $"{Format(protocol.SecondLine.RecommendWithoutResponseAfter!.AsDuration)} since RSE onset ({Format(facts.Onset!.Time)}) with no assessment showing response. {protocol.SecondLine.Advice.WithoutResponse!.Text}"));
        }
    }
}
