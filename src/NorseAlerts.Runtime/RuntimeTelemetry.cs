using System.Diagnostics;
using System.Diagnostics.Metrics;
using NorseAlerts.Runtime.Scheduling;

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

    /// <summary>Commits of bookkeeping only (pages marked delivered or failed), written without a sync of their own.</summary>
    public static readonly Counter<long> DeferredCommits = Meter.CreateCounter<long>("norsealerts.commit.deferred", description: "Commits of bookkeeping only, made durable by the next commit's sync");

    /// <summary>Ingests decided outside the writer whose reads another commit changed first (each is decided again).</summary>
    public static readonly Counter<long> WriteConflicts = Meter.CreateCounter<long>("norsealerts.ingest.conflicts", description: "Ingests decided again because another commit changed what they read (a resent event refused the same way is a duplicate, not counted)");

    /// <summary>
    /// How long the writer's commits take: their pages written to the write-ahead log and, unless a commit holds
    /// bookkeeping only, synced to disk (tag <see cref="SyncedTag"/>). A slow disk shows here first, before events wait
    /// or deadlines run late.
    /// </summary>
    public static readonly Histogram<double> Commits = Meter.CreateHistogram<double>("norsealerts.store.commit", unit: "ms", description: "Time to commit a transaction: its pages written to the write-ahead log and, when the tag synced is true, synced to disk");

    /// <summary>The tag of <see cref="Commits"/> saying whether the commit synced the file (false: bookkeeping only).</summary>
    public const string SyncedTag = "synced";

    /// <summary>How long a checkpoint of the write-ahead log took, on its own thread (off the writer's commits).</summary>
    public static readonly Histogram<double> Checkpoints = Meter.CreateHistogram<double>("norsealerts.store.checkpoint", unit: "ms", description: "Time to copy committed pages from the write-ahead log into the database file");

    /// <summary>Checkpoints that failed (tried again after the next commit).</summary>
    public static readonly Counter<long> CheckpointFailures = Meter.CreateCounter<long>("norsealerts.store.checkpoint_failures", description: "Checkpoints of the write-ahead log that failed; commits go on into the log");

    /// <summary>Commits that failed (every caller of the batch got the error).</summary>
    public static readonly Counter<long> CommitFailures = Meter.CreateCounter<long>("norsealerts.store.commit_failures", description: "Group commits that failed; their callers got the error");

    /// <summary>Times the watchdog found the earliest timer past due beyond its margin.</summary>
    public static readonly Counter<long> SchedulerStalls = Meter.CreateCounter<long>("norsealerts.scheduler.stalls", description: "Watchdog detections of a timer past due beyond the margin");

    /// <summary>Times the watchdog found a page owed beyond its margin.</summary>
    public static readonly Counter<long> OutboxStalls = Meter.CreateCounter<long>("norsealerts.outbox.stalls", description: "Watchdog detections of a page owed beyond the margin");

    private static RuntimeLiveness? latest;

    /// <summary>Seconds since the deadline scheduler last finished a pass (from the watchdog's last check).</summary>
    public static readonly ObservableGauge<double> SchedulerLastPassAge = Meter.CreateObservableGauge("norsealerts.scheduler.last_pass_age", () => Volatile.Read(ref latest)?.SchedulerLastPassAge?.TotalSeconds ?? 0, unit: "s", description: "Seconds since the deadline scheduler last finished a pass");

    /// <summary>How far the earliest unfired timer is past due.</summary>
    public static readonly ObservableGauge<double> OldestPastDueTimer = Meter.CreateObservableGauge("norsealerts.timers.oldest_past_due", () => Volatile.Read(ref latest)?.OldestPastDueTimer?.TotalSeconds ?? 0, unit: "s", description: "How far the earliest unfired timer is past its due time");

    /// <summary>How long the page owed longest has waited past its attempt time.</summary>
    public static readonly ObservableGauge<double> OldestOwedPage = Meter.CreateObservableGauge("norsealerts.outbox.oldest_owed", () => Volatile.Read(ref latest)?.OldestOwedPage?.TotalSeconds ?? 0, unit: "s", description: "How long the oldest owed page has waited past its attempt time");

    /// <summary>Pages committed and not yet delivered.</summary>
    public static readonly ObservableGauge<int> OutboxBacklog = Meter.CreateObservableGauge("norsealerts.outbox.backlog", () => Volatile.Read(ref latest)?.UnsentPages ?? 0, description: "Pages committed and not yet delivered");

    /// <summary>Called by the watchdog after each check; the gauges report the latest.</summary>
    internal static void Report(RuntimeLiveness liveness) => Volatile.Write(ref latest, liveness);
}
