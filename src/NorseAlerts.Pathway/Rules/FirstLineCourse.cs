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

        // The event validator admits only the first-line agents, and the protocol schema requires each with a course.
        return start.Time + protocol.FirstLine.Agents[start.Agent!].Course!.AsDuration;
    }
}
