namespace NorseAlerts.Runtime;

/// <summary>Settings of the embedded runtime (section <c>NorseAlerts</c> of configuration).</summary>
public sealed class RuntimeOptions
{
    /// <summary>Where the SQLite file lives (<c>NorseAlerts:DataDirectory</c>, default <c>./data</c>).</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Most work items committed in one transaction (group commit).</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>
    /// Most committed case documents the writer keeps in memory, so an ingest decides without reading and
    /// deserialising its patient's document (the least recently written are dropped first).
    /// </summary>
    public int CaseCacheSize { get; set; } = 4096;

    /// <summary>
    /// How long the outbox's bookkeeping (a page marked delivered) waits, when nothing else is queued, for an ingest to
    /// carry it in the ingest's own commit instead of a commit of its own. The dispatcher's next pass waits for it, so a
    /// page committed meanwhile may leave up to this much later; events are never held.
    /// </summary>
    public TimeSpan BookkeepingLinger { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// The least time between two checkpoints of the write-ahead log on the checkpoint thread
    /// (<see cref="Storage.WalCheckpointer"/>); the commits meanwhile are copied by the next one.
    /// </summary>
    public TimeSpan WalCheckpointPause { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The write-ahead log's size, in pages, at which the writer checkpoints inside its own commit (SQLite's
    /// <c>wal_autocheckpoint</c>): the safety net that bounds the log while the checkpoint thread falls behind or fails.
    /// 10,000 pages are about 40 MB.
    /// </summary>
    public int WalCheckpointCap { get; set; } = 10_000;

    /// <summary>
    /// Free space the store's volume must keep for the host to report itself ready (the readiness check's <c>store</c>).
    /// On a nearly full disk a small write can still fit where an event's cannot (the write-ahead log reuses space it
    /// already has), so a probe that gets through does not prove the store can take the next event.
    /// </summary>
    public long StoreReserveBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most cases woken per scheduler pass.</summary>
    public int TimerBatch { get; set; } = 512;

    /// <summary>Most pages handed to the publisher per dispatcher pass.</summary>
    public int OutboxBatch { get; set; } = 100;

    /// <summary>First retry delay after a failed publish; doubles up to <see cref="OutboxMaxBackoff"/>.</summary>
    public TimeSpan OutboxBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between publish retries.</summary>
    public TimeSpan OutboxMaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The publish retry backoff: <see cref="OutboxBackoff"/> doubling up to <see cref="OutboxMaxBackoff"/>, the same policy as the broker's reconnects.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="OutboxBackoff"/> is not positive.</exception>
    public NorseAlerts.Hosting.RetryBackoff OutboxRetry => OutboxBackoff > TimeSpan.Zero
        ? new(OutboxBackoff, OutboxMaxBackoff)
        : throw new ArgumentOutOfRangeException(nameof(OutboxBackoff), OutboxBackoff, $"{nameof(RuntimeOptions)}.{nameof(OutboxBackoff)} must be a positive delay (the first wait before a failed page is sent again).");

    /// <summary>How often the watchdog checks that timers fire and pages leave (<c>NorseAlerts:Watchdog:Interval</c>).</summary>
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far past due the earliest timer (or past its attempt time an owed page) may be before the watchdog
    /// calls it a stall, logs an error, forces a pass and reports not ready (<c>NorseAlerts:Watchdog:Margin</c>).
    /// </summary>
    public TimeSpan WatchdogMargin { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long events held for a patient with no case wait for an onset (<c>NorseAlerts:Held:ExpireAfter</c>).</summary>
    public NorseAlerts.Hosting.HeldEventRule Held { get; set; } = new();

    /// <summary>The database file.</summary>
    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "norsealerts.db");
}
