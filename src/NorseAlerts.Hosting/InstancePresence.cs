namespace NorseAlerts.Hosting;

/// <summary>What a host found when it looked up a patient's instance before raising a signal.</summary>
public enum InstancePresence
{
    /// <summary>No instance with the patient's id.</summary>
    Missing,

    /// <summary>An instance that is pending, running or suspended: it will receive a raised signal.</summary>
    Live,

    /// <summary>An instance that completed (case closed): raised signals would be dropped.</summary>
    Finished,

    /// <summary>An instance that failed or was terminated: raised signals would be dropped.</summary>
    Broken,
}
