using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Pathway.Rules;

namespace NorseAlerts.Pathway.Alerts;

/// <summary>What each alert kind recommends, taken from the case's protocol (agents, doses and texts) with the source of each item.</summary>
public static class Recommendations
{
    /// <summary>The recommendations for an alert about <paramref name="condition"/>.</summary>
    public static IReadOnlyList<Recommendation> For(Condition condition, CaseFacts facts, Protocol protocol)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(protocol);
        // Kinds are values, not constants: each arm names the kind it answers.
        var kind = condition.Kind;
        return kind switch
        {
            _ when kind == AlertKind.FirstLineDueSoon || kind == AlertKind.FirstLineOverdue =>
                [.. protocol.FirstLine.Agents.Values.Select(a => Agent(a, facts, protocol))],
            _ when kind == AlertKind.ResponseCheckDue && protocol.ResponseCheck is { } check => [Text(check.Recommendation, protocol)],
            _ when kind == AlertKind.SecondLineRecommended => SecondLine(facts, protocol),
            _ when kind == AlertKind.SecondLineDoseOverdue && condition.Agent is { } agent && protocol.SecondLine.Agents.TryGetValue(agent, out var rules) =>
                [Agent(rules, facts, protocol)],
            _ when kind == AlertKind.SuperRefractory =>
            [
                Text(
                    protocol.SuperRefractory.Recommendation with
                    {
                        Text = protocol.SuperRefractory.Recommendation.Text.Replace("{after}", Durations.Format(protocol.SuperRefractory.After.AsDuration), StringComparison.Ordinal),
                    },
                    protocol),
            ],
            _ => [],
        };
    }

    /// <summary>A recommendation the protocol words itself, with its source.</summary>
    private static Recommendation Text(ClinicalText text, Protocol protocol) =>
        new(text.Title ?? "", text.Text, protocol.Cite(text.Source), text.Note);

    private static List<Recommendation> SecondLine(CaseFacts facts, Protocol protocol)
    {
        var list = protocol.SecondLine.Agents.Values.Select(a => Agent(a, facts, protocol)).ToList();
        list.AddRange(protocol.SecondLine.Adjuncts.Select(a => new Recommendation(a.Label, a.Note, protocol.Cite(a.Source))));
        if (protocol.SecondLine.Choice is { } choice)
        {
            list.Add(new Recommendation("Choice of second-line agent", choice, protocol.Cite(protocol.SecondLine.ChoiceSource ?? "")));
        }

        return list;
    }

    private static Recommendation Agent(AgentRules agent, CaseFacts facts, Protocol protocol)
    {
        var detail = agent.Regimen;
        if (agent.Dose is { } dose)
        {
            detail += "; dose " + DoseCalculator.Describe(dose, facts.WeightKg, facts.HeightCm, protocol.Measurements);
        }

        var source = protocol.Cite(agent.Source);
        if (agent.Dose is { } d && d.Source != agent.Source)
        {
            source += " | dose: " + protocol.Cite(d.Source);
        }

        // The agent's note says how its source was read; it goes with the source, not into the clinical detail.
        return new Recommendation(agent.Label, detail, source, agent.Note);
    }
}
