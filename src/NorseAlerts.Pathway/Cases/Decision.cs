using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Pathway.Cases;

/// <summary>The result of <see cref="CasePathway.Decide"/>: the new state and what the host must do.</summary>
/// <param name="State">The case after the signal.</param>
/// <param name="Effects">In order; empty when the signal changed nothing.</param>
public sealed record Decision(CaseState State, IReadOnlyList<Effect> Effects)
{
    /// <summary>
    /// Decisions on the patient's earlier cases, to be stored before this one: the closed case a new onset replaced
    /// (always handed back, changed or not) and an earlier case an event dated within its episode joined. Their states
    /// are not the patient's current case.
    /// </summary>
    public IReadOnlyList<Decision> Earlier { get; init; } = [];

    /// <summary>The <see cref="Earlier"/> decisions, then this one: every case the signal touched, in the order hosts store them.</summary>
    public IEnumerable<Decision> AndEarlier() => Earlier.Append(this);

    /// <summary>The pages to publish, in order.</summary>
    public IEnumerable<Page> Pages => Effects.OfType<PageSent>().Select(p => p.Page);

    /// <summary>Whether anything changed.</summary>
    public bool Changed => Effects.Count > 0;
}
