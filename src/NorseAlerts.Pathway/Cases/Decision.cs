using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Pathway.Cases;

/// <summary>The result of <see cref="CasePathway.Decide"/>: the new state and what the host must do.</summary>
/// <param name="State">The case after the signal.</param>
/// <param name="Effects">In order; empty when the signal changed nothing.</param>
public sealed record Decision(CaseState State, IReadOnlyList<Effect> Effects)
{
    /// <summary>The pages to publish, in order.</summary>
    public IEnumerable<Page> Pages => Effects.OfType<PageSent>().Select(p => p.Page);

    /// <summary>Whether anything changed.</summary>
    public bool Changed => Effects.Count > 0;
}
