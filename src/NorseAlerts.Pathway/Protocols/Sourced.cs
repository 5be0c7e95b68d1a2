namespace NorseAlerts.Pathway.Protocols;

/// <summary>A clinical number with the source that justifies it; every number of a protocol is one.</summary>
/// <param name="Value">The number, in <paramref name="Unit"/>.</param>
/// <param name="Unit">Its unit as written in the protocol file.</param>
/// <param name="Source">The key of the protocol's <c>sources</c> entry, or a citation.</param>
/// <param name="Note">Caveats such as VERIFY, shown with the alert.</param>
public sealed record Sourced(double Value, string Unit, string Source, string? Note)
{
    /// <summary>The value as a duration; only valid for units <c>min</c>, <c>h</c> and <c>d</c>.</summary>
    public TimeSpan AsDuration => Unit switch
    {
        "min" => TimeSpan.FromMinutes(Value),
        "h" => TimeSpan.FromHours(Value),
        "d" => TimeSpan.FromDays(Value),
        _ => throw new InvalidOperationException($"'{Unit}' is not a duration unit"),
    };

    /// <summary>Units a duration may be written in.</summary>
    public static readonly IReadOnlySet<string> DurationUnits = new HashSet<string>(StringComparer.Ordinal) { "min", "h", "d" };
}
