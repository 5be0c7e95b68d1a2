using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// An ingest decided outside the writer: it reads the last commit through a <see cref="StoreReader"/>, sees its
/// own writes, and keeps every read with its answer and every write, serialised, in order. The writer then
/// <see cref="Replay"/>s it inside its transaction: each read is made again and must give the same answer,
/// otherwise another commit came between and the whole work item is refused with a
/// <see cref="WriteConflictException"/> (its caller decides again). Since the decision depends only on what it
/// read, a replay whose reads all match writes exactly what deciding inside the writer would have written.
/// </summary>
internal sealed class OptimisticTransaction : ICaseTransaction
{
    private readonly StoreReader reader;
    private readonly List<Func<Unit, bool>> steps = [];
    private readonly Dictionary<string, string> patients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> aliases = new(StringComparer.Ordinal);
    private readonly HashSet<(string Source, string Id)> inbox = [];

    public OptimisticTransaction(StoreReader reader, DateTimeOffset now)
    {
        this.reader = reader;
        Now = now;
    }

    /// <inheritdoc />
    public DateTimeOffset Now { get; }

    /// <inheritdoc />
    public bool TryRecordInbox(string source, string id, string patientKey)
    {
        var fresh = inbox.Add((source, id)) && !reader.InInbox(source, id);
        steps.Add(unit => unit.TryRecordInbox(source, id, patientKey) == fresh);
        return fresh;
    }

    /// <inheritdoc />
    public string ResolvePatient(string patientKey)
    {
        var key = patientKey;
        for (var hops = 0; hops < 16; hops++)
        {
            if ((aliases.TryGetValue(key, out var own) ? own : reader.Alias(key)) is not { } next)
            {
                break;
            }

            key = next;
        }

        steps.Add(unit => string.Equals(unit.ResolvePatient(patientKey), key, StringComparison.Ordinal));
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
        var json = patients.TryGetValue(patientKey, out var own) ? own : reader.PatientStateText(patientKey);
        steps.Add(unit => string.Equals(unit.Patients.StateText(patientKey), json, StringComparison.Ordinal));
        return json is null ? null : Unit.Deserialize(json);
    }

    /// <inheritdoc />
    public void Save(Decision decision, string actor)
    {
        if (CaseWrite.Of(decision, actor) is not { } write)
        {
            return;
        }

        patients[write.PatientKey] = write.Json;
        steps.Add(unit =>
        {
            unit.Write(write);
            return true;
        });
    }

    /// <summary>Makes every read again inside <paramref name="unit"/> and writes every write.</summary>
    /// <exception cref="WriteConflictException">A read gave another answer than when the work was decided.</exception>
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
