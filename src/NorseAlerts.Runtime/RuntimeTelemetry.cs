using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace NorseAlerts.Runtime;

/// <summary>
/// Traces and metrics of the embedded runtime, for hospital IT. Tags carry case ids and kinds only:
/// never a patient key, so exported telemetry holds no PHI.
/// </summary>
public static class RuntimeTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "NorseAlerts";

    /// <summary>Spans around ingest, timer passes and publishing.</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Events committed.</summary>
    public static readonly Counter<long> EventsAccepted = Meter.CreateCounter<long>("norsealerts.events.accepted", description: "Clinical events committed");

    /// <summary>Events dropped as duplicates of (source, id).</summary>
    public static readonly Counter<long> EventsDuplicate = Meter.CreateCounter<long>("norsealerts.events.duplicate", description: "Clinical events already received");

    /// <summary>Pages handed to the publisher.</summary>
    public static readonly Counter<long> PagesPublished = Meter.CreateCounter<long>("norsealerts.pages.published", description: "Pages delivered to the publisher");

    /// <summary>Failed publish attempts (each will be retried).</summary>
    public static readonly Counter<long> PagesFailed = Meter.CreateCounter<long>("norsealerts.pages.failed", description: "Failed publish attempts, retried with backoff");

    /// <summary>How late a timer fired after its due time.</summary>
    public static readonly Histogram<double> TimerLateness = Meter.CreateHistogram<double>("norsealerts.timer.lateness", unit: "ms", description: "Delay between a timer's due time and its firing");

    /// <summary>Work items per group commit.</summary>
    public static readonly Histogram<int> CommitBatch = Meter.CreateHistogram<int>("norsealerts.commit.batch", description: "Work items committed per transaction");
}
