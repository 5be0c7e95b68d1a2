namespace NorseAlerts.Hosting;

/// <summary>How a host delivers a signal to a patient's instance.</summary>
public enum SignalDelivery
{
    /// <summary>Raise the signal to the live instance.</summary>
    Raise,

    /// <summary>Start a new instance with the signal as its first input.</summary>
    StartNew,

    /// <summary>Start a new instance from the finished instance's case, with the signal as its first input.</summary>
    StartFromPrevious,
}
