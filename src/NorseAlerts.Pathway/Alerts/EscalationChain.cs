using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Pathway.Alerts;

/// <summary>
/// The escalation chain of DESIGN section 4: level 1, 2, ... by role, then the last level is paged again
/// up to <see cref="RepeatLast"/> times. Moving up happens when an acknowledgement does not come within
/// <see cref="AckTimeout"/>.
/// </summary>
public sealed record EscalationChain(IReadOnlyList<string> Roles, int RepeatLast, TimeSpan AckTimeout)
{
    /// <summary>The chain of a protocol, with the ack timeout from configuration when given.</summary>
    public static EscalationChain From(EscalationRules rules, TimeSpan? ackTimeoutOverride)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new EscalationChain(rules.Roles, (int)rules.RepeatLast.Value, ackTimeoutOverride ?? rules.AckTimeout.AsDuration);
    }

    /// <summary>The role paged at a 1-based level.</summary>
    public string RoleAt(int level) => Roles[Math.Clamp(level, 1, Roles.Count) - 1];

    /// <summary>The next (level, repeat) after an unacknowledged page, or null when the chain is exhausted.</summary>
    public (int Level, int Repeat)? Next(int level, int repeat)
    {
        if (level < Roles.Count)
        {
            return (level + 1, 0);
        }

        return repeat < RepeatLast ? (level, repeat + 1) : null;
    }
}
