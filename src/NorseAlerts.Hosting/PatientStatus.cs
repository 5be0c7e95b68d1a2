namespace NorseAlerts.Hosting;

/// <summary>
/// The custom status a per-patient orchestration shows: case id, stage and times only, because instance
/// status is visible to operators and tooling. Never the patient key.
/// </summary>
/// <param name="CaseId">The open or last case, or null while events are held.</param>
/// <param name="Status">pending, active or closed.</param>
/// <param name="Stage">Where the case is on the pathway.</param>
/// <param name="NextDeadline">Earliest pending clinical deadline.</param>
/// <param name="NextWakeAt">When the loop will wake by itself next.</param>
/// <param name="UnsentPages">Pages waiting for a successful publish.</param>
/// <param name="Revision">The case revision.</param>
public sealed record PatientStatus(
    string? CaseId,
    string Status,
    string Stage,
    DateTimeOffset? NextDeadline,
    DateTimeOffset? NextWakeAt,
    int UnsentPages,
    long Revision)
{
    /// <summary>
    /// Unsent pages owed beyond <see cref="PatientLoopOptions.StalledPageMargin"/> past their due time when the
    /// status was set: a stalled instance that an operator query finds by this count.
    /// </summary>
    public int StalledPages { get; init; }

    /// <summary>The due time of the oldest unsent page, so a query can also see a page owed by an instance that stopped running.</summary>
    public DateTimeOffset? OldestUnsentPageAt { get; init; }

    /// <summary>The surviving patient's instance id once this patient's record was merged into it.</summary>
    public string? MergedInto { get; init; }
}
