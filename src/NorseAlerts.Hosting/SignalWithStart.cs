namespace NorseAlerts.Hosting;

/// <summary>
/// Signal-with-start for one instance per patient: raise to a live instance, start one where there is none.
/// Raising to a missing or finished instance would silently drop the signal, hence the look-up first; a start
/// that loses a race to another start ("already exists") is retried as a raise.
/// </summary>
public static class SignalWithStart
{
    /// <summary>What to do given what the look-up found.</summary>
    public static SignalDelivery Plan(InstancePresence presence) => presence switch
    {
        InstancePresence.Live => SignalDelivery.Raise,
        InstancePresence.Missing => SignalDelivery.StartNew,

        // A failed instance's last input is still the best record of the case; carrying it keeps the timeline.
        InstancePresence.Finished or InstancePresence.Broken => SignalDelivery.StartFromPrevious,
        _ => throw new ArgumentOutOfRangeException(nameof(presence), presence, "unknown instance presence"),
    };
}
