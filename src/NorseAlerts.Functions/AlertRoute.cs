namespace NorseAlerts.Functions;

/// <summary>Where an alert lives (entity state keyed by alert id), so an ack can be raised to its instance.</summary>
public sealed class AlertRoute
{
    /// <summary>The per-patient orchestration that raised the alert.</summary>
    public string? InstanceId { get; set; }

    /// <summary>The case of the alert.</summary>
    public string? CaseId { get; set; }
}
