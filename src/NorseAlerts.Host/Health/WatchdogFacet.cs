namespace NorseAlerts.Host.Health;

/// <summary>Which of the two loops the watchdog guards a <see cref="WatchdogHealthCheck"/> reports on.</summary>
public enum WatchdogFacet
{
    /// <summary>The deadline scheduler (<c>/readyz</c> check <c>scheduler</c>).</summary>
    Scheduler,

    /// <summary>The outbox dispatcher (<c>/readyz</c> check <c>outbox</c>).</summary>
    Outbox,
}
