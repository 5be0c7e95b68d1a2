using System.Text.Json.Serialization;
using NorseAlerts.Pathway.Vocabulary;

namespace NorseAlerts.Pathway.Alerts;

/// <summary>The alert kinds of DESIGN section 3; the wire strings are exact (pages, API, subscription filters).</summary>
[JsonConverter(typeof(WireValueConverter<AlertKind>))]
public readonly record struct AlertKind : IWireValue<AlertKind>
{
    private readonly string? name;

    private AlertKind(string name) => this.name = name;

    /// <summary>The first-line window closes soon and first line has not started.</summary>
    public static AlertKind FirstLineDueSoon { get; } = new("first-line-due-soon");

    /// <summary>The first-line window closed with no first-line start.</summary>
    public static AlertKind FirstLineOverdue { get; } = new("first-line-overdue");

    /// <summary>The response to first line was not assessed in time.</summary>
    public static AlertKind ResponseCheckDue { get; } = new("response-check-due");

    /// <summary>Second-line immunotherapy is recommended.</summary>
    public static AlertKind SecondLineRecommended { get; } = new("second-line-recommended");

    /// <summary>A scheduled second-line dose fell due with none recorded.</summary>
    public static AlertKind SecondLineDoseOverdue { get; } = new("second-line-dose-overdue");

    /// <summary>An anesthetic infusion has run without seizure control for the protocol's time.</summary>
    public static AlertKind SuperRefractory { get; } = new("super-refractory");

    /// <summary>Every kind; a protocol lists each once with its severity, in its page order (<see cref="Protocols.AlertRules"/>).</summary>
    public static IReadOnlyList<AlertKind> All { get; } =
    [
        FirstLineDueSoon, FirstLineOverdue, ResponseCheckDue, SecondLineRecommended, SecondLineDoseOverdue, SuperRefractory,
    ];

    /// <inheritdoc/>
    public string Name => name ?? "";

    /// <summary>The wire string.</summary>
    public override string ToString() => Name;
}
