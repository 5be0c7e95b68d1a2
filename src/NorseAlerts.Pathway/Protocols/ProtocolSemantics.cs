using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Events;
using static NorseAlerts.Pathway.Rules.Durations;

namespace NorseAlerts.Pathway.Protocols;

/// <summary>
/// What <c>protocol.schema.json</c> cannot say: every source resolves, the windows come in clinical order, ranges
/// are ranges, every alert kind is rated once, and the texts use only the placeholders the pathway fills in.
/// </summary>
public static partial class ProtocolSemantics
{
    private static readonly string[] SourceFields = ["source", "choiceSource"];

    /// <summary>
    /// Every <c>source</c> names a key of <c>sources</c> or is itself a citation (a text with a space). Checked on
    /// the document, so a file with schema errors still hears about its unknown sources in the same report.
    /// </summary>
    public static IEnumerable<FieldError> Sources(JsonNode? root)
    {
        var keys = root is JsonObject { } r && r["sources"] is JsonObject s ? s.Select(p => p.Key).ToHashSet(StringComparer.Ordinal) : [];
        return Walk(root, "");

        IEnumerable<FieldError> Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, value) in o)
                    {
                        var at = path.Length == 0 ? name : $"{path}.{name}";
                        if (path.Length == 0 && name == "sources")
                        {
                            continue;
                        }

                        if (SourceFields.Contains(name) && value is JsonValue v && v.TryGetValue<string>(out var source)
                            && !string.IsNullOrWhiteSpace(source) && !keys.Contains(source) && !source.Contains(' ', StringComparison.Ordinal))
                        {
                            yield return new FieldError(at, $"'{source}' is neither a key of sources nor a citation");
                        }

                        foreach (var e in Walk(value, at))
                        {
                            yield return e;
                        }
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        foreach (var e in Walk(a[i], $"{path}[{i}]"))
                        {
                            yield return e;
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>The checks on a protocol the schema accepted.</summary>
    public static IEnumerable<FieldError> Check(Protocol p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var window = p.FirstLine.Window.AsDuration;
        if (p.FirstLine.DueSoonLead.AsDuration >= window)
        {
            yield return new FieldError("firstLine.dueSoonLead", $"must be shorter than firstLine.window ({Format(window)}): the reminder would precede RSE onset");
        }

        if (p.SecondLine.RecommendWithoutResponseAfter is { } after && after.AsDuration <= window)
        {
            yield return new FieldError("secondLine.recommendWithoutResponseAfter", $"must be later than firstLine.window ({Format(window)}): second line is decided after the first-line window");
        }

        if (p.SecondLine.RecommendWithoutResponseAfter is not null && p.SecondLine.Advice.WithoutResponse is null)
        {
            yield return new FieldError("secondLine.advice.withoutResponse", "is required with recommendWithoutResponseAfter");
        }
        else if (p.SecondLine.RecommendWithoutResponseAfter is null && p.SecondLine.Advice.WithoutResponse is not null)
        {
            yield return new FieldError("secondLine.advice.withoutResponse", "is never shown: the protocol has no recommendWithoutResponseAfter");
        }

        foreach (var (section, agents) in new[] { ("firstLine", p.FirstLine.Agents), ("secondLine", p.SecondLine.Agents) })
        {
            foreach (var (name, agent) in agents)
            {
                if (agent.Dose is { Max: { } max } dose && max < dose.Min)
                {
                    yield return new FieldError($"{section}.agents.{name}.dose.max", "must not be below min");
                }
            }
        }

        var m = p.Measurements;
        if (m.MinWeightKg.Value >= m.MaxWeightKg.Value)
        {
            yield return new FieldError("measurements.maxWeightKg", "must be greater than minWeightKg");
        }

        if (m.MinHeightCm.Value >= m.MaxHeightCm.Value)
        {
            yield return new FieldError("measurements.maxHeightCm", "must be greater than minHeightCm");
        }

        for (var i = 0; i < p.Alerts.Kinds.Count; i++)
        {
            if (p.Alerts.Kinds.Take(i).Any(k => k.Kind == p.Alerts.Kinds[i].Kind))
            {
                yield return new FieldError($"alerts.kinds[{i}].kind", $"'{p.Alerts.Kinds[i].Kind}' is listed twice");
            }
        }

        var missing = AlertKind.All.Select(k => k.Name).Where(k => p.Alerts.Kinds.All(x => x.Kind != k)).ToList();
        if (missing.Count > 0)
        {
            yield return new FieldError("alerts.kinds", "must list every alert kind once; missing: " + string.Join(", ", missing));
        }

        foreach (var placeholder in Placeholder().Matches(p.SuperRefractory.Recommendation.Text).Select(x => x.Value).Where(x => x != "{after}"))
        {
            yield return new FieldError("superRefractory.recommendation.text", $"{placeholder} is not filled in: only {{after}} is");
        }
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Placeholder();
}
