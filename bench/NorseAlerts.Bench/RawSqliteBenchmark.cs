using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Runtime;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Bench;

/// <summary>
/// The figures of one raw SQLite level. <c>Batch</c> is the mean number of events per transaction.
/// <c>PathwayMicrosPerEvent</c> is the time per event of what the raw run does outside its timing and ingest does
/// inside: the pathway's decision and the JSON of state, alerts and pages (the audit kind is a type lookup).
/// <c>StateJsonBytes</c> is the mean size of the case document written per event.
/// </summary>
internal sealed record RawResult(double Batch, long Events, double EventsPerSecond, double StatementsPerEvent, LatencyRecorder CommitLatency, double PathwayMicrosPerEvent, double StateJsonBytes);

/// <summary>
/// The floor under ingest: the same rows (<see cref="IngestRows"/>) inserted with Microsoft.Data.Sqlite
/// directly, with prepared statements, into the runtime's own schema and connection settings (WAL,
/// synchronous=FULL). No reads, no savepoints, no pathway and no JSON work inside the timed part: what ingest
/// spends beyond this is the runtime's overhead.
/// </summary>
/// <remarks>
/// <para>
/// By default (<see cref="Write"/>) raw writes the very events ingest committed, grouped into the very transactions
/// ingest's writer made, in commit order, and checkpoints the write-ahead log as the runtime does (on a thread of its
/// own). Which events share a transaction decides how many B-tree pages a commit dirties: 64 callers each walking
/// their own patients spread a transaction's keys over more pages than the same number of consecutive patients do.
/// <see cref="WriteConsecutive"/> is the earlier yardstick (up to 2026-12-03, sections 1-9 of docs/benchmarks.md):
/// each transaction holds one event of each of <c>batch</c> consecutive patients, all at the same step of the
/// script.
/// </para>
/// <para>
/// The raw level lives beside the ingest level it is compared with and writes in slices, each right after the ingest
/// slice it copies, so both sides are measured over the same file sizes and within seconds of each other. SQLite
/// writes these rows more slowly as the file grows (about 10,000 events/s into the first 50 MB, 6,000 past 200 MB, in
/// batches of 32 on the 2-core bench machine), and a disk sync on a shared machine takes from 0.2 to 0.4 ms from one
/// minute to the next.
/// </para>
/// </remarks>
internal sealed class RawSqliteBenchmark : IDisposable
{
    private readonly string dir;
    private readonly SqliteConnection connection;
    private readonly Statements statements;
    private readonly WalCheckpointer? checkpointer;
    private readonly CasePathway pathway = new(new ProtocolCatalog(), new PathwayOptions());
    private readonly DateTimeOffset onset = TimeProvider.System.GetUtcNow().AddHours(-Workload.ScriptHours - 1);
    private readonly LatencyRecorder commits = new();
    // Ingest's patients part-way through their scripts: the script, the state after the events written so far, the next step.
    private readonly Dictionary<string, (IReadOnlyList<ClinicalEvent> Script, CaseState State, int Next)> walking = new(StringComparer.Ordinal);
    private readonly int batch;
    private string[] patients = [];
    private CaseState[] states = [];
    private IReadOnlyList<ClinicalEvent>[] scripts = [];
    private int block = -1;
    private int step;
    private long timed;
    private long events;
    private long transactions;
    private long written;
    private long prepared;
    private long stateJson;
    private long stateWrites;

    /// <summary>
    /// Creates the raw level's own data directory. <paramref name="batch"/> is the transaction size of
    /// <see cref="WriteConsecutive"/> only. With <paramref name="checkpointThread"/>, raw checkpoints as the runtime
    /// does (on a thread of its own, its connection only at the cap); without, as SQLite does by default (inside the
    /// commit that brings the log to 1,000 pages).
    /// </summary>
    public RawSqliteBenchmark(int batch, bool checkpointThread)
    {
        this.batch = batch;
        dir = BenchRuntime.NewDataDirectory($"raw-{batch}");
        var options = new RuntimeOptions { DataDirectory = dir };
        var database = new Database(options);
        connection = database.Open();
        statements = new Statements(connection);
        if (checkpointThread)
        {
            checkpointer = new WalCheckpointer(database, options, NullLogger.Instance);
            checkpointer.TakeOver(connection);
        }
    }

    /// <summary>The figures of every timed slice so far.</summary>
    public RawResult Result => new(
        events / (double)Math.Max(1, transactions),
        events,
        events / (timed / (double)Stopwatch.Frequency),
        written / (double)Math.Max(1, events),
        commits,
        prepared * 1e6 / Stopwatch.Frequency / Math.Max(1, events),
        stateJson / (double)Math.Max(1, stateWrites));

    /// <summary>
    /// Writes the events of <paramref name="committed"/> (see <see cref="IngestBenchmark.TakeCommittedTransactions"/>),
    /// one transaction per entry, in order; only a timed slice counts in <see cref="Result"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A patient's step comes before the one it is due: not what ingest committed.</exception>
    public void Write(IReadOnlyList<IReadOnlyList<(string Patient, int Step)>> committed, bool timed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        foreach (var transaction in committed)
        {
            var now = TimeProvider.System.GetUtcNow();
            var preparing = Stopwatch.GetTimestamp();
            var rows = new IngestRows[transaction.Count];
            for (var i = 0; i < rows.Length; i++)
            {
                var (patient, at) = transaction[i];
                var walk = walking.TryGetValue(patient, out var w) ? w : (Script: Workload.FullScript(patient, onset), State: CaseState.New(patient), Next: 0);
                if (at != walk.Next)
                {
                    throw new InvalidOperationException($"raw: step {at} of {patient} was committed before its step {walk.Next}");
                }

                var state = walk.State;
                rows[i] = IngestRows.For(pathway, ref state, walk.Script[at], now, "bench");
                if (at + 1 == walk.Script.Count)
                {
                    walking.Remove(patient);
                }
                else
                {
                    walking[patient] = (walk.Script, state, at + 1);
                }
            }

            Commit(rows, preparing, timed);
        }
    }

    /// <summary>
    /// Writes at least <paramref name="count"/> events, <c>batch</c> consecutive patients at one step per transaction
    /// (the earlier yardstick); only a timed slice counts in <see cref="Result"/>.
    /// </summary>
    public void WriteConsecutive(long count, bool timed)
    {
        for (long done = 0; done < count; done += batch)
        {
            if (block < 0 || step == scripts[0].Count)
            {
                // Like group commit under N callers: each transaction holds one event of each of N patients.
                block++;
                step = 0;
                patients = [.. Enumerable.Range(0, batch).Select(i => $"RAW:{batch}:{block:D5}:{i:D3}")];
                states = [.. patients.Select(CaseState.New)];
                scripts = [.. patients.Select(p => Workload.FullScript(p, onset))];
            }

            var now = TimeProvider.System.GetUtcNow();
            var preparing = Stopwatch.GetTimestamp();
            var rows = new IngestRows[batch];
            for (var i = 0; i < batch; i++)
            {
                rows[i] = IngestRows.For(pathway, ref states[i], scripts[i][step], now, "bench");
            }

            step++;
            Commit(rows, preparing, timed);
        }
    }

    // One transaction of the rows; the timing starts after the rows were computed.
    private void Commit(IngestRows[] rows, long preparing, bool timed)
    {
        var started = Stopwatch.GetTimestamp();
        long committing;
        using (var tx = connection.BeginTransaction())
        {
            foreach (var r in rows)
            {
                statements.Write(tx, r);
            }

            committing = Stopwatch.GetTimestamp();
            tx.Commit();
        }

        var committed = Stopwatch.GetTimestamp();

        checkpointer?.Committed();

        if (!timed)
        {
            return;
        }

        var took = Stopwatch.GetTimestamp() - started;
        prepared += started - preparing;
        this.timed += took;
        commits.Add(committed - committing);
        events += rows.Length;
        transactions++;
        written += rows.Sum(r => r.Statements);
        foreach (var json in rows.Select(r => r.Case?[8]).OfType<string>())
        {
            stateJson += json.Length;
            stateWrites++;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        checkpointer?.Dispose();
        statements.Dispose();
        connection.Dispose();
        BenchRuntime.Delete(dir);
    }

    /// <summary>The prepared insert and upsert statements of <c>Unit</c>, bound per row.</summary>
    private sealed class Statements : IDisposable
    {
        private readonly SqliteCommand inbox;
        private readonly SqliteCommand patient;
        private readonly SqliteCommand @case;
        private readonly SqliteCommand deleteTimer;
        private readonly SqliteCommand timer;
        private readonly SqliteCommand alert;
        private readonly SqliteCommand page;
        private readonly SqliteCommand audit;

        public Statements(SqliteConnection connection)
        {
            inbox = Prepare(connection, "INSERT OR IGNORE INTO inbox (source, id, patient_key, received_at) VALUES ($1, $2, $3, $4)", 4);
            patient = Prepare(connection, "INSERT INTO patients (patient_key, case_id, pending_json) VALUES ($1, $2, $3) ON CONFLICT (patient_key) DO UPDATE SET case_id = $2, pending_json = $3", 3);
            @case = Prepare(connection, """
                INSERT INTO cases (case_id, patient_key, status, stage, protocol, onset_at, next_deadline, updated_at, state_json)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (case_id) DO UPDATE SET status = $3, stage = $4, onset_at = $6, next_deadline = $7, updated_at = $8, state_json = $9, patient_key = $2
                """, 9);
            deleteTimer = Prepare(connection, "DELETE FROM timers WHERE case_id = $1 AND key = $2", 2);
            timer = Prepare(connection, "INSERT OR REPLACE INTO timers (case_id, key, due_at) VALUES ($1, $2, $3)", 3);
            alert = Prepare(connection, "INSERT INTO alerts (alert_id, case_id, state, raised_at, view_json) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (alert_id) DO UPDATE SET state = $3, view_json = $5", 5);
            page = Prepare(connection, "INSERT OR IGNORE INTO outbox (message_id, case_id, page_json, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, 0)", 4);
            audit = Prepare(connection, "INSERT INTO audit (at, case_id, actor, kind, detail) VALUES ($1, $2, $3, $4, $5)", 5);
        }

        public void Write(SqliteTransaction tx, IngestRows rows)
        {
            Exec(tx, inbox, rows.Inbox.Source, rows.Inbox.Id, rows.Inbox.PatientKey, rows.Inbox.At);
            if (rows.Case is { } c)
            {
                Exec(tx, @case, c);
            }

            if (rows.Patient is { } p)
            {
                Exec(tx, patient, p.Key, p.CaseId, p.PendingJson);
            }

            if (rows.TimersOf is { } caseId)
            {
                // By the decision's diff, like Unit.SaveTimers: only the timers that moved are written.
                foreach (var (key, due) in rows.Timers)
                {
                    if (due is { } dueAt)
                    {
                        Exec(tx, timer, caseId, key, dueAt);
                    }
                    else
                    {
                        Exec(tx, deleteTimer, caseId, key);
                    }
                }
            }

            foreach (var a in rows.Alerts)
            {
                Exec(tx, alert, a);
            }

            foreach (var (pg, a) in rows.Effects)
            {
                if (pg is not null)
                {
                    Exec(tx, page, pg);
                }

                Exec(tx, audit, a);
            }
        }

        public void Dispose()
        {
            foreach (var cmd in new[] { inbox, patient, @case, deleteTimer, timer, alert, page, audit })
            {
                cmd.Dispose();
            }
        }

        private static SqliteCommand Prepare(SqliteConnection connection, string sql, int parameters)
        {
            var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            for (var i = 1; i <= parameters; i++)
            {
                cmd.Parameters.Add(new SqliteParameter("$" + i, null));
            }

            return cmd;
        }

        private static void Exec(SqliteTransaction tx, SqliteCommand cmd, params object?[] values)
        {
            cmd.Transaction = tx;
            for (var i = 0; i < values.Length; i++)
            {
                cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            cmd.ExecuteNonQuery();
        }
    }
}
