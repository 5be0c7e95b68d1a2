using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using NorseAlerts.Pathway.Vocabulary;

namespace NorseAlerts.Pathway.Alerts;

/// <summary>The state of an alert (DESIGN section 4): <c>triggered</c>, <c>acknowledged</c>, <c>resolved</c> on the wire.</summary>
[JsonConverter(typeof(WireValueConverter<AlertState>))]
public readonly record struct AlertState : IWireValue<AlertState>
{
    private readonly string? name;

    private AlertState(string name) => this.name = name;

    /// <summary>Raised and paging up the chain until someone acknowledges it.</summary>
    public static AlertState Triggered { get; } = new("triggered");

    /// <summary>Someone acknowledged it: the chain stopped; the condition still holds.</summary>
    public static AlertState Acknowledged { get; } = new("acknowledged");

    /// <summary>The condition stopped holding, or the case closed.</summary>
    public static AlertState Resolved { get; } = new("resolved");

    /// <inheritdoc/>
    public static IReadOnlyList<AlertState> All { get; } = [Triggered, Acknowledged, Resolved];

    /// <inheritdoc/>
    public string Name => name ?? "";

    /// <summary>Whether <paramref name="state"/> is a state the API accepts in <c>?state=</c>.</summary>
    public static bool IsKnown([NotNullWhen(true)] string? state) => WireValue.TryParse<AlertState>(state, out _);

    /// <summary>The wire string.</summary>
    public override string ToString() => Name;
}
