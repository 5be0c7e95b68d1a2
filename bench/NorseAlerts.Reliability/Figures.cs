namespace NorseAlerts.Reliability;

/// <summary>What one scenario measured, and whether its guarantee held (or why it was skipped).</summary>
public sealed class Figures(string scenario)
{
    private readonly List<string> lines = [];
    private readonly List<string> failures = [];

    /// <summary>The scenario's name.</summary>
    public string Scenario { get; } = scenario;

    /// <summary>Set when the scenario could not run here, with the reason.</summary>
    public string? SkippedBecause { get; private set; }

    /// <summary>The measured figures, one per line.</summary>
    public IReadOnlyList<string> Lines => lines;

    /// <summary>Every guarantee that did not hold.</summary>
    public IReadOnlyList<string> Failures => failures;

    /// <summary>True when nothing failed.</summary>
    public bool Passed => failures.Count == 0;

    /// <summary>Records a figure.</summary>
    public void Add(string line) => lines.Add(line);

    /// <summary>Records a guarantee that held or did not.</summary>
    public void Expect(bool held, string guarantee)
    {
        if (!held)
        {
            failures.Add(guarantee);
        }
    }

    /// <summary>Marks the scenario as not runnable here.</summary>
    public Figures Skip(string reason)
    {
        SkippedBecause = reason;
        return this;
    }
}
