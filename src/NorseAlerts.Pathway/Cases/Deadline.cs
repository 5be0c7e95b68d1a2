namespace NorseAlerts.Pathway.Cases;

/// <summary>One clinical deadline of a case as the API shows it.</summary>
/// <param name="Kind">e.g. <c>first-line-window</c>, <c>response-check</c>, <c>second-line-dose:rituximab</c>.</param>
/// <param name="DueAt">When it falls (or fell) due.</param>
/// <param name="Status">One of <see cref="DeadlineStatus"/>.</param>
public sealed record Deadline(string Kind, DateTimeOffset DueAt, string Status);

/// <summary>Statuses of a <see cref="Deadline"/>.</summary>
public static class DeadlineStatus
{
    /// <summary>Not yet due, not yet met.</summary>
    public const string Pending = "pending";

    /// <summary>Met in time.</summary>
    public const string Met = "met";

    /// <summary>Met, but after it fell due (the record that it was late stays).</summary>
    public const string Late = "late";

    /// <summary>Due and not met.</summary>
    public const string Missed = "missed";

    /// <summary>The case closed before it fell due.</summary>
    public const string Cancelled = "cancelled";
}
