using System.Text.Json.Serialization;
using NorseAlerts.Pathway.Vocabulary;

namespace NorseAlerts.Pathway.Cases;

/// <summary>The status of a <see cref="Deadline"/>, lower-case on the wire.</summary>
[JsonConverter(typeof(WireValueConverter<DeadlineStatus>))]
public readonly record struct DeadlineStatus : IWireValue<DeadlineStatus>
{
    private readonly string? name;

    private DeadlineStatus(string name) => this.name = name;

    /// <summary>Not yet due, not yet met.</summary>
    public static DeadlineStatus Pending { get; } = new("pending");

    /// <summary>Met in time.</summary>
    public static DeadlineStatus Met { get; } = new("met");

    /// <summary>Met, but after it fell due (the record that it was late stays).</summary>
    public static DeadlineStatus Late { get; } = new("late");

    /// <summary>Due and not met.</summary>
    public static DeadlineStatus Missed { get; } = new("missed");

    /// <summary>The case closed before it fell due.</summary>
    public static DeadlineStatus Cancelled { get; } = new("cancelled");

    /// <inheritdoc/>
    public static IReadOnlyList<DeadlineStatus> All { get; } = [Pending, Met, Late, Missed, Cancelled];

    /// <inheritdoc/>
    public string Name => name ?? "";

    /// <summary>The wire string.</summary>
    public override string ToString() => Name;
}
