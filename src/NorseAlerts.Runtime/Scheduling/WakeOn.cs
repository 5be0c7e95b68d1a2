namespace NorseAlerts.Runtime.Scheduling;

/// <summary>Which changes of a commit a <see cref="WakeSignal"/> keeps and wakes its loop for.</summary>
[Flags]
public enum WakeOn
{
    /// <summary>No commit change: only an explicit <see cref="WakeSignal.Wake"/>.</summary>
    Nothing = 0,

    /// <summary>Pages added (the outbox dispatcher).</summary>
    Pages = 1,

    /// <summary>A timer written earlier than the loop's next due time (the deadline scheduler).</summary>
    Timers = 2,
}
