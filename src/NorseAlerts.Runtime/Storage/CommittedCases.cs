using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// The last commit as an ingest deciding outside the writer sees it: each patient's case document from memory when
/// the writer wrote or read it recently, otherwise from a read connection, always with the revision it was true at.
/// The writer's replay then checks that revision in memory instead of reading the document back.
/// </summary>
/// <remarks>
/// <para>
/// Revisions count commits. A patient in memory was last written at its entry's revision; a patient not in memory was
/// last written at or before the floor, which eviction raises to the evicted entry's revision. A read made outside
/// still holds when the writer replays it if the patient's revision is not above the one the read saw.
/// </para>
/// <para>
/// Memory is never ahead of the store: what a batch writes is staged and becomes visible only after its commit; a
/// work item rolled back to its savepoint stages nothing; a failed commit, a batch in which the store refused a write,
/// a new connection, or a change by another connection (<c>PRAGMA data_version</c>, checked at the start of each
/// batch, e.g. the retention command) forgets everything and raises the floor past every revision, so every read made
/// before is refused and decided again. Documents are immutable records, shared by the callers that decide on them.
/// Only the writer, holding its gate, changes this; callers only read.
/// </para>
/// <para>
/// The aliases (merged patient keys) are held whole: merges are rare, and every ingest resolves its subject. They are
/// loaded by the first batch and again after anything is forgotten, and replaced after a commit that added one.
/// </para>
/// </remarks>
internal sealed class CommittedCases : IDisposable
{
    // Idle read connections kept for deciding outside; more than this many at once are closed when handed back.
    private const int MaxIdleReaders = 8;
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long Revision)> order = new();
    private readonly Dictionary<string, CaseState> staged = new(StringComparer.Ordinal);
    private readonly List<(string OldKey, string NewKey)> stagedAliasPairs = [];
    private readonly ConcurrentBag<Reader> readers = [];
    private readonly Database database;
    private readonly int capacity;
    private long revision;
    private long floor;
    private long aliasRevision;
    private long dataVersion = -1;
    private int count;
    private Dictionary<string, string>? aliases;

    public CommittedCases(Database database, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        this.database = database;
        this.capacity = capacity;
    }

    /// <summary>How many documents are held in memory now.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>A read connection for one decision outside the writer; hand it back with <see cref="Return"/>.</summary>
    public Reader Rent() => readers.TryTake(out var pooled) ? pooled : new Reader(database);

    /// <summary>Keeps <paramref name="reader"/> for the next decision (or closes it when enough are idle).</summary>
    public void Return(Reader reader)
    {
        if (readers.Count < MaxIdleReaders)
        {
            readers.Add(reader);
        }
        else
        {
            reader.Dispose();
        }
    }

    /// <summary>
    /// A patient's document as of the last commit (null for none) and the revision that answer is true at: from memory,
    /// or read through <paramref name="reader"/> at a revision taken before the read.
    /// </summary>
    public (CaseState? State, long Revision) Read(string patientKey, Reader reader)
    {
        var seen = Volatile.Read(ref revision);
        if (entries.TryGetValue(patientKey, out var entry))
        {
            return (entry.State, entry.Revision);
        }

        return (reader.PatientStateText(patientKey) is { } json ? Unit.Deserialize(json) : null, seen);
    }

    /// <summary>The revision before an alias read outside the writer; see <see cref="AliasesUnchangedSince"/>.</summary>
    public long Revision => Volatile.Read(ref revision);

    /// <summary>The key <paramref name="patientKey"/> was merged into as of the last commit, or null: from memory once loaded.</summary>
    public string? Alias(string patientKey, Reader reader) =>
        Volatile.Read(ref aliases) is { } held ? held.GetValueOrDefault(patientKey) : reader.Alias(patientKey);

    // The writer's side, under its gate.

    /// <summary>Whether a work item of this batch added an alias (not committed yet).</summary>
    private bool StagedAliases => stagedAliasPairs.Count > 0;

    /// <summary>Starts a batch: forgets everything if another connection changed the store since the last batch.</summary>
    internal void Begin(StatementCache statements, SqliteTransaction transaction)
    {
        Unstage();
        var version = statements.Get("PRAGMA data_version", transaction).ExecuteScalar() is long v ? v : -1;
        if (version != dataVersion)
        {
            Forget();
            dataVersion = version;
        }

        if (aliases is null)
        {
            var loaded = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var r = statements.Get("SELECT old_key, new_key FROM aliases", transaction).ExecuteReader())
            {
                while (r.Read())
                {
                    loaded[r.GetString(0)] = r.GetString(1);
                }
            }

            Volatile.Write(ref aliases, loaded);
        }
    }

    /// <summary>
    /// The key a patient key was merged into, from memory, when no work item of this batch added an alias; false when
    /// the store must be asked.
    /// </summary>
    internal bool TryResolveCommittedAlias(string patientKey, out string? newKey)
    {
        newKey = null;
        if (StagedAliases || aliases is not { } held)
        {
            return false;
        }

        newKey = held.GetValueOrDefault(patientKey);
        return true;
    }

    /// <summary>Whether a patient read at <paramref name="seen"/> is unchanged: not written since, nor by this batch.</summary>
    internal bool UnchangedSince(string patientKey, long seen) =>
        !staged.ContainsKey(patientKey) && (entries.TryGetValue(patientKey, out var entry) ? entry.Revision : floor) <= seen;

    /// <summary>Whether no alias was committed since <paramref name="seen"/>, nor added by this batch.</summary>
    internal bool AliasesUnchangedSince(long seen) => !StagedAliases && aliasRevision <= seen;

    /// <summary>A document written by an earlier work item of this batch (not committed yet).</summary>
    internal bool TryGetStaged(string patientKey, out CaseState state) => staged.TryGetValue(patientKey, out state!);

    /// <summary>The committed document in memory, if held.</summary>
    internal bool TryGetCommitted(string patientKey, out CaseState? state)
    {
        var found = entries.TryGetValue(patientKey, out var entry);
        state = entry?.State;
        return found;
    }

    /// <summary>
    /// Keeps a committed document the writer read from the store (no work item of this batch wrote it), at the floor:
    /// it was last written then or before.
    /// </summary>
    internal void Remember(string patientKey, CaseState state)
    {
        if (!staged.ContainsKey(patientKey) && entries.TryAdd(patientKey, new Entry(floor, state)))
        {
            order.Enqueue((patientKey, floor));
            count++;
            Evict();
        }
    }

    /// <summary>Drops what this batch staged (its transaction was rolled back).</summary>
    internal void Unstage()
    {
        staged.Clear();
        stagedAliasPairs.Clear();
    }

    /// <summary>Stages what a work item that succeeded wrote, for <see cref="Publish"/> after the commit.</summary>
    internal void Stage(Unit unit)
    {
        foreach (var (key, state) in unit.Written)
        {
            staged[key] = state;
        }

        stagedAliasPairs.AddRange(unit.Aliases);
    }

    /// <summary>After the batch committed: its documents become the committed ones, at the next revision.</summary>
    internal void Publish()
    {
        var next = revision + 1;
        foreach (var (key, state) in staged)
        {
            if (!entries.ContainsKey(key))
            {
                count++;
            }

            entries[key] = new Entry(next, state);

            order.Enqueue((key, next));
        }

        if (StagedAliases)
        {
            aliasRevision = next;
            if (aliases is { } held)
            {
                var merged = new Dictionary<string, string>(held, StringComparer.Ordinal);
                foreach (var (oldKey, newKey) in stagedAliasPairs)
                {
                    merged[oldKey] = newKey;
                }

                Volatile.Write(ref aliases, merged);
            }
        }

        staged.Clear();
        stagedAliasPairs.Clear();
        Evict();
        Volatile.Write(ref revision, next);
    }

    /// <summary>
    /// Drops every document and raises the floor past every revision given out: every read made before is refused at
    /// replay, and the next reads go to the store.
    /// </summary>
    internal void Forget()
    {
        var next = revision + 1;
        floor = next;
        aliasRevision = next;
        staged.Clear();
        stagedAliasPairs.Clear();
        Volatile.Write(ref aliases, null);
        entries.Clear();
        order.Clear();
        count = 0;
        Volatile.Write(ref revision, next);
    }

    /// <summary>Forgets everything and, since the connection is new, treats the next batch's data version as unseen.</summary>
    internal void ForgetConnection()
    {
        Forget();
        dataVersion = -1;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        while (readers.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    // Oldest written first. The queue holds one row per write; rows of entries written again since are skipped, and
    // the queue itself is kept within twice the capacity.
    private void Evict()
    {
        while ((count > capacity || order.Count > 2 * capacity) && order.TryDequeue(out var oldest))
        {
            if (entries.TryGetValue(oldest.Key, out var entry) && entry.Revision == oldest.Revision)
            {
                floor = Math.Max(floor, entry.Revision);
                entries.TryRemove(oldest.Key, out _);
                count--;
            }
        }
    }

    private sealed record Entry(long Revision, CaseState? State);

    /// <summary>
    /// A read connection with its prepared statements, for what a decision outside the writer reads from the store. In
    /// WAL mode it sees the last commit and never blocks the writer.
    /// </summary>
    internal sealed class Reader : IDisposable
    {
        private readonly SqliteConnection connection;
        private readonly StatementCache statements;

        public Reader(Database database)
        {
            connection = database.Open();
            statements = new StatementCache(connection);
        }

        /// <summary>Whether (source, id) is in the inbox.</summary>
        public bool InInbox(string source, string id)
        {
            var cmd = Command("SELECT 1 FROM inbox WHERE source = $s AND id = $i");
            StatementCache.Set(cmd, "$s", source);
            StatementCache.Set(cmd, "$i", id);
            return cmd.ExecuteScalar() is not null;
        }

        /// <summary>The key <paramref name="patientKey"/> was merged into, or null.</summary>
        public string? Alias(string patientKey)
        {
            var cmd = Command(PatientDirectory.AliasSql);
            StatementCache.Set(cmd, "$k", patientKey);
            return cmd.ExecuteScalar() as string;
        }

        /// <summary>The patient's stored document as text, as <see cref="PatientDirectory.StateText"/> reads it.</summary>
        public string? PatientStateText(string patientKey) => PatientDirectory.ReadStateText(Command(PatientDirectory.StateSql), patientKey);

        /// <summary>A case's stored document as text, as <see cref="CaseStore.StateText"/> reads it.</summary>
        public string? CaseStateText(string caseId) => CaseStore.ReadStateText(Command(CaseStore.StateSql), caseId);

        /// <inheritdoc />
        public void Dispose()
        {
            statements.Dispose();
            connection.Dispose();
        }

        private SqliteCommand Command(string sql) => statements.Get(sql, transaction: null);
    }
}
