using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Rules;

namespace NorseAlerts.Pathway;

/// <summary>
/// The timer plan: the wake-ups a case needs, kept in its state so a host that restarts re-arms them,
/// and the timer effects that tell a host what changed.
/// </summary>
public sealed partial class CasePathway
{
    /// <summary>The rules' wake-ups plus one ack timeout for every triggered alert that can still escalate.</summary>
    private static List<ScheduledTimer> TimerPlan(Assessment assessment, List<Alert> alerts, EscalationChain chain)
    {
        var timers = assessment.WakeUps.ToList();
        timers.AddRange(alerts
            .Where(a => a.State == AlertState.Triggered && !a.EscalationExhausted)
            .Select(a => new ScheduledTimer(AckTimerKey(a.AlertId), a.LastPagedAt + chain.AckTimeout)));
        return timers;
    }

    private static CaseState WithTimers(CaseState state, List<ScheduledTimer> timers, List<Effect> effects)
    {
        var ordered = timers.OrderBy(t => t.DueAt).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
        foreach (var old in state.Timers.Where(o => !ordered.Any(t => t.Key == o.Key)))
        {
            effects.Add(new TimerCancelled(old.Key));
        }

        foreach (var t in ordered.Where(t => !state.Timers.Contains(t)))
        {
            effects.Add(new TimerSet(t.Key, t.DueAt));
        }

        return state with { Timers = ordered };
    }

    /// <summary>
    /// A tick answers every timer due by <paramref name="now"/>: one still due after it is one the plan no longer
    /// moves on (a case closed or still pending keeps no plan), so it is released here, with its effect, and no host
    /// has to invent one to keep it from firing forever.
    /// </summary>
    private static CaseState ReleaseDue(CaseState state, DateTimeOffset now, List<Effect> effects) =>
        WithTimers(state, [.. state.Timers.Where(t => t.DueAt > now)], effects);

    private static string AckTimerKey(string alertId) => "ack:" + alertId;
}
