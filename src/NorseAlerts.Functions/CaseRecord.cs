using NorseAlerts.Hosting;

namespace NorseAlerts.Functions;

/// <summary>
/// The read model of one case (entity state keyed by case id): which instance owns it and the case as the
/// API shows it. A class with a parameterless constructor so the entity can create empty state.
/// </summary>
public sealed class CaseRecord
{
    /// <summary>The per-patient orchestration that owns the case.</summary>
    public string? InstanceId { get; set; }

    /// <summary>The case as of its last change.</summary>
    public CaseDetail? Case { get; set; }
}
