using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Admin;

/// <summary>One signal the store's audit trail says the case received, and when it committed.</summary>
/// <param name="At">The commit time: the <c>now</c> the pathway decided at.</param>
/// <param name="Signal">Events, an acknowledgement, or a timer tick.</param>
public sealed record RecordedSignal(DateTimeOffset At, Signal Signal)
{
    /// <summary>A short name of the signal for the timeline.</summary>
    public string Name => Signal switch
    {
        EventBatch b => b.Events.Count == 1 ? b.Events[0].Type : $"{b.Events.Count} events",
        Acknowledge => "acknowledgement",
        Tick => "timer",
        _ => Signal.GetType().Name,
    };
}
