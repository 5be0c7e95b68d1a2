using System.Text.Json.Serialization;
using NorseAlerts.Pathway.Vocabulary;

namespace NorseAlerts.Pathway.Cases;

/// <summary>Where the patient is on the pathway, as the API and the dashboard show it (kebab-case on the wire).</summary>
[JsonConverter(typeof(WireValueConverter<Stage>))]
public readonly record struct Stage : IWireValue<Stage>
{
    private readonly string? name;

    private Stage(string name) => this.name = name;

    /// <summary>Events are held; no onset yet.</summary>
    public static Stage AwaitingOnset { get; } = new("awaiting-onset");

    /// <summary>The first-line window is open and first line has not started.</summary>
    public static Stage FirstLineWindow { get; } = new("first-line-window");

    /// <summary>The first-line window closed with no first-line start.</summary>
    public static Stage FirstLineOverdue { get; } = new("first-line-overdue");

    /// <summary>First line started; its course has not ended.</summary>
    public static Stage FirstLineCourse { get; } = new("first-line-course");

    /// <summary>The first-line course ended; the response is to be assessed.</summary>
    public static Stage ResponseCheck { get; } = new("response-check");

    /// <summary>The latest assessment says responding.</summary>
    public static Stage Responding { get; } = new("responding");

    /// <summary>Second line is recommended and has not started.</summary>
    public static Stage SecondLineRecommended { get; } = new("second-line-recommended");

    /// <summary>Second line started.</summary>
    public static Stage SecondLine { get; } = new("second-line");

    /// <summary>The case is closed.</summary>
    public static Stage Closed { get; } = new("closed");

    /// <inheritdoc/>
    public static IReadOnlyList<Stage> All { get; } =
        [AwaitingOnset, FirstLineWindow, FirstLineOverdue, FirstLineCourse, ResponseCheck, Responding, SecondLineRecommended, SecondLine, Closed];

    /// <inheritdoc/>
    public string Name => name ?? "";

    /// <summary>The wire string.</summary>
    public override string ToString() => Name;
}
