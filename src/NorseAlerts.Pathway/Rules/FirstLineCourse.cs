using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Pathway.Rules;

/// <summary>
/// First-line course end (PATHWAY.md): the recorded completion, else the first-line start plus the
/// agent's course length from the protocol (methylprednisolone and IVIG 5 d, plasmapheresis 10 d in both
/// built-in protocols). The response check and the case's stage both count from it.
/// </summary>
public static class FirstLineCourse
{
    /// <summary>When the first-line course ends, or null before first line starts.</summary>
    public static DateTimeOffset? End(CaseFacts facts, Protocol protocol)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(protocol);
        if (facts.FirstLineStart is not { } start)
        {
            return null;
        }

        if (facts.FirstLineCompleted is { } completed)
        {
            return completed.Time;
        }

        // An agent the protocol does not list (an institution file may drop one) gets the longest course,
        // so the response check is never asked for before any listed course could have ended.
        var course = protocol.FirstLine.Agents.TryGetValue(start.Agent ?? "", out var agent) && agent.Course is { } c
            ? c.AsDuration
            : protocol.FirstLine.Agents.Values.Max(a => a.Course!.AsDuration);
        return start.Time + course;
    }
}
