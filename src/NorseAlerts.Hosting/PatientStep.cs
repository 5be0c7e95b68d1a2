using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Hosting;

/// <summary>The outcome of applying one signal in the per-patient loop.</summary>
/// <param name="Run">The run after the signal (new pages appended to <see cref="PatientRun.Unsent"/>).</param>
/// <param name="Decision">The pathway's decision, for the audit trail.</param>
/// <param name="RaisedAlertIds">Alerts first raised by this signal: hosts index them to route acknowledgements.</param>
/// <param name="CaseChanged">Whether the case (with an id) changed, so hosts refresh their read model.</param>
public sealed record PatientStep(
    PatientRun Run,
    Decision Decision,
    IReadOnlyList<string> RaisedAlertIds,
    bool CaseChanged)
{
    /// <summary>Held events dropped before the signal was applied because they waited past <see cref="HeldEventRule.ExpireAfter"/>.</summary>
    public IReadOnlyList<HeldEventExpired> Expired { get; init; } = [];
}
