namespace NorseAlerts.Pathway.Cases;

/// <summary>Where a patient's case is in its life.</summary>
public enum CaseStatus
{
    /// <summary>Events arrived for the patient but no <c>rse.onset</c> yet: they are held.</summary>
    Pending,

    /// <summary>Onset known; timers run and alerts may be raised.</summary>
    Active,

    /// <summary>A closure event arrived; nothing is raised any more.</summary>
    Closed,
}
