using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Runtime.Outbox;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// The case transaction of one work item inside the writer's transaction. Each table has one owner here (the
/// inbox, the patient directory, the case store with its timer and alert projections, the outbox and the audit
/// trail) and holds its SQL; everything a decision changes is written through them, so it commits or rolls back
/// as one.
/// </summary>
public sealed class Unit : ICaseTransaction
{
    private readonly StatementCache statements;
    private readonly SqliteTransaction transaction;
    private readonly List<(string Key, CaseState State)> written = [];
    private readonly List<(string OldKey, string NewKey)> aliases = [];

    internal Unit(StatementCache statements, SqliteTransaction transaction, DateTimeOffset now, CommittedCases committed)
    {
        this.statements = statements;
        this.transaction = transaction;
        Committed = committed;
        Now = now;
        Inbox = new Inbox(statements, transaction, now);
        Patients = new PatientDirectory(statements, transaction, now);
        Cases = new CaseStore(statements, transaction, now);
        Outbox = new OutboxStore(statements, transaction, now);
        AuditTrail = new AuditTrail(statements, transaction, now);
    }

    /// <summary>The time the work is done at (from the injected <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Set when a page was added: the dispatcher should look.</summary>
    public bool AddedPages => Outbox.Added.Count > 0;

    /// <summary>The earliest timer written, so the scheduler can wake early.</summary>
    public DateTimeOffset? EarliestTimer => Cases.EarliestTimer;

    internal Inbox Inbox { get; }

    internal PatientDirectory Patients { get; }

    internal CaseStore Cases { get; }

    internal OutboxStore Outbox { get; }

    internal AuditTrail AuditTrail { get; }

    /// <summary>The committed documents in memory, with the writes of this batch's earlier work items staged.</summary>
    internal CommittedCases Committed { get; }

    /// <summary>The documents this work item wrote, by patient key, in order.</summary>
    internal IReadOnlyList<(string Key, CaseState State)> Written => written;

    /// <summary>Whether this work item added an alias.</summary>
    internal bool AddedAliases => aliases.Count > 0;

    /// <summary>The aliases this work item added, in order.</summary>
    internal IReadOnlyList<(string OldKey, string NewKey)> Aliases => aliases;

    /// <summary>
    /// A real write of nothing that matters (the readiness probe): it bumps the file header's user_version, so
    /// the header page is rewritten and journalled and the probe fails exactly when a request's write would
    /// (full disk, read-only file). Writing an unchanged value would not do: SQLite skips identical rewrites.
    /// </summary>
    public bool Probe()
    {
        var current = statements.Get("PRAGMA user_version", transaction).ExecuteScalar() is long v ? v : 0;
        var next = current >= int.MaxValue - 1 ? 1 : current + 1;
        // A PRAGMA takes no parameters; a one-off command keeps the changing text out of the statement cache.
        using var bump = transaction.Connection!.CreateCommand();
        bump.Transaction = transaction;
        bump.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {next}");
        bump.ExecuteNonQuery();
        return true;
    }

    /// <summary>
    /// Whether this transaction's commit syncs the file before it returns (<c>synchronous=FULL</c>): true for every
    /// transaction except one that holds only bookkeeping (<see cref="Writer.RunDeferredAsync{T}"/>).
    /// </summary>
    public bool CommitSyncs => statements.Get("PRAGMA synchronous", transaction).ExecuteScalar() is long mode && mode >= 2;

    /// <inheritdoc />
    public bool TryRecordInbox(string source, string id, string patientKey) => Inbox.TryRecord(source, id, patientKey);

    /// <inheritdoc />
    public string ResolvePatient(string patientKey)
    {
        if (AddedAliases || !Committed.TryResolveCommittedAlias(patientKey, out _))
        {
            return Patients.Resolve(patientKey);
        }

        // Aliases in memory: follow them as the store would.
        return PatientDirectory.Follow(patientKey, key => Committed.TryResolveCommittedAlias(key, out var next) ? next : null);
    }

    /// <inheritdoc />
    public void AddAlias(string oldKey, string newKey)
    {
        Patients.AddAlias(oldKey, newKey);
        aliases.Add((oldKey, newKey));
    }

    /// <summary>
    /// The patient's document as this work item sees it: its own last write, else an earlier work item's in this batch,
    /// else the committed one from memory, else from the store (then kept in memory).
    /// </summary>
    public CaseState? LoadPatient(string patientKey)
    {
        for (var i = written.Count - 1; i >= 0; i--)
        {
            if (string.Equals(written[i].Key, patientKey, StringComparison.Ordinal))
            {
                return written[i].State;
            }
        }

        if (Committed.TryGetStaged(patientKey, out var staged))
        {
            return staged;
        }

        if (Committed.TryGetCommitted(patientKey, out var committed))
        {
            return committed;
        }

        if (Patients.StateText(patientKey) is not { } json)
        {
            return null;
        }

        var state = Deserialize(json);
        Committed.Remember(patientKey, state);
        return state;
    }

    /// <inheritdoc />
    public CaseState? LoadCase(string caseId) => Cases.Load(caseId);

    /// <inheritdoc />
    public void Save(Decision decision, string actor)
    {
        ArgumentNullException.ThrowIfNull(decision);
        foreach (var one in decision.AndEarlier())
        {
            if (CaseWrite.Of(one, actor) is { } rows)
            {
                Write(rows, current: ReferenceEquals(one, decision));
            }
        }
    }

    /// <summary>
    /// Writes a decision already turned into rows (see <see cref="CaseWrite.Of"/>): case, patient, outbox, audit. The rows
    /// of an earlier case (<paramref name="current"/> false) leave the patient pointing at its current case.
    /// </summary>
    internal void Write(CaseWrite write, bool current = true)
    {
        if (!current)
        {
            Cases.Write(write.CaseId ?? throw new InvalidOperationException("an earlier case has an id"), write);
        }
        else if (write.CaseId is { } caseId)
        {
            Cases.Write(caseId, write);
            Patients.Set(write.PatientKey, caseId, null);
        }
        else
        {
            Patients.Set(write.PatientKey, null, write.Json);
        }

        if (current)
        {
            written.Add((write.PatientKey, write.State));
        }

        foreach (var effect in write.Effects)
        {
            if (effect.Page is { } page)
            {
                Outbox.Add(page);
            }

            AuditTrail.Add(write.CaseId, write.Actor, effect.Kind, effect.Detail);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a nested savepoint: if it throws, only its own writes are undone and the
    /// error is returned, so one broken case cannot hold back the rest of a scheduler pass.
    /// </summary>
    public Exception? Isolated(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        statements.Get("SAVEPOINT isolated", transaction).ExecuteNonQuery();
        var added = Outbox.Added.Count;
        var earliest = Cases.EarliestTimer;
        var writes = written.Count;
        var aliasCount = aliases.Count;
        try
        {
            work();
            statements.Get("RELEASE isolated", transaction).ExecuteNonQuery();
            return null;
        }
        catch (Exception ex)
        {
            statements.Get("ROLLBACK TO isolated", transaction).ExecuteNonQuery();
            statements.Get("RELEASE isolated", transaction).ExecuteNonQuery();
            Outbox.ForgetAfter(added);
            Cases.EarliestTimer = earliest;
            written.RemoveRange(writes, written.Count - writes);
            aliases.RemoveRange(aliasCount, aliases.Count - aliasCount);
            return ex;
        }
    }

    internal static CaseState Deserialize(string json) =>
        JsonSerializer.Deserialize<CaseState>(json, PathwayJson.Options) ?? throw new InvalidDataException("empty case state");

    internal static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    internal static string? Iso(DateTimeOffset? t) => t is { } v ? Iso(v) : null;
}
