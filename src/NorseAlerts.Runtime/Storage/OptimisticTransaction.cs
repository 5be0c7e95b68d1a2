using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// An ingest decided outside the writer: it reads the last commit through <see cref="CommittedCases"/> (the documents
/// from memory, or from a read connection), sees its own writes, and keeps a check for every read and every write,
/// already serialised, in order. The writer then <see cref="Replay"/>s it inside its transaction: each check must
/// still hold (the patient's revision not above the one read, no alias committed since, the inbox answer the same),
/// otherwise another commit came between and the whole work item is refused with a
/// <see cref="WriteConflictException"/> (its caller decides again). Since the decision depends only on what it read,
/// a replay whose checks all hold writes exactly what deciding inside the writer would have written.
/// </summary>
internal sealed class OptimisticTransaction : ICaseTransaction
{
    private readonly CommittedCases committed;
    private readonly CommittedCases.Reader reader;
    private readonly bool readInbox;
    private readonly List<Func<Unit, bool>> steps = [];
    private readonly Dictionary<string, CaseState> patients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CaseState> cases = new(StringComparer.Ordinal);
    private readonly HashSet<(string Source, string Id)> inbox = [];

    /// <param name="committed">The last commit.</param>
    /// <param name="reader">A read connection for what is not in memory.</param>
    /// <param name="now">The time the work is done at.</param>
    /// <param name="readInbox">
    /// Whether to ask the store if an event is a duplicate; without, every event is taken as new (resent events are
    /// rare), and one that was not is refused at replay and decided again with the store asked.
    /// </param>
    public OptimisticTransaction(CommittedCases committed, CommittedCases.Reader reader, DateTimeOffset now, bool readInbox)
    {
        this.committed = committed;
        this.reader = reader;
        this.readInbox = readInbox;
        Now = now;
    }

    /// <inheritdoc />
    public DateTimeOffset Now { get; }

    /// <inheritdoc />
    public bool TryRecordInbox(string source, string id, string patientKey)
    {
        var fresh = inbox.Add((source, id)) && !(readInbox && reader.InInbox(source, id));
        steps.Add(unit =>
        {
            var recorded = unit.TryRecordInbox(source, id, patientKey);
            if (fresh && !recorded)
            {
                // Taken as new, and the inbox has it: the event was sent twice, not changed by another commit.
                throw WriteConflictException.ForResentEvent();
            }

            return recorded == fresh;
        });
        return fresh;
    }

    /// <inheritdoc />
    public string ResolvePatient(string patientKey)
    {
        var seen = committed.Revision;
        var key = PatientDirectory.Follow(patientKey, k => aliases.TryGetValue(k, out var own) ? own : committed.Alias(k, reader));

        steps.Add(unit => unit.Committed.AliasesUnchangedSince(seen));
        return key;
    }

    /// <inheritdoc />
    public void AddAlias(string oldKey, string newKey)
    {
        aliases[oldKey] = newKey;
        steps.Add(unit =>
        {
            unit.AddAlias(oldKey, newKey);
            return true;
        });
    }

    /// <inheritdoc />
    public CaseState? LoadPatient(string patientKey)
    {
        if (patients.TryGetValue(patientKey, out var own))
        {
            return own;
        }

        var (state, seen) = committed.Read(patientKey, reader);
        steps.Add(unit => unit.Committed.UnchangedSince(patientKey, seen));
        return state;
    }

    /// <inheritdoc />
    public CaseState? LoadCase(string caseId)
    {
        if (cases.TryGetValue(caseId, out var own))
        {
            return own;
        }

        // Rare (an earlier episode's event): read from the store and checked at replay against the document itself.
        var json = reader.CaseStateText(caseId);
        steps.Add(unit => unit.Cases.StateText(caseId) == json);
        return json is null ? null : Unit.Deserialize(json);
    }

    /// <inheritdoc />
    public void Save(Decision decision, string actor)
    {
        ArgumentNullException.ThrowIfNull(decision);
        foreach (var one in decision.AndEarlier())
        {
            if (CaseWrite.Of(one, actor) is not { } rows)
            {
                continue;
            }

            var current = ReferenceEquals(one, decision);
            if (rows.CaseId is { } caseId)
            {
                cases[caseId] = rows.State;
            }

            if (current)
            {
                patients[rows.PatientKey] = rows.State;
            }

            steps.Add(unit =>
            {
                unit.Write(rows, current);
                return true;
            });
        }
    }

    /// <summary>Checks every read again inside <paramref name="unit"/> and writes every write.</summary>
    /// <exception cref="WriteConflictException">A read no longer holds: another commit changed it since.</exception>
    public void Replay(Unit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        foreach (var step in steps)
        {
            if (!step(unit))
            {
                throw new WriteConflictException();
            }
        }
    }
}
