using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// What an ingest reads and writes: the inbox, the patient directory and the case documents. The writer's
/// <see cref="Unit"/> does it inside the transaction; an <see cref="OptimisticTransaction"/> does it outside,
/// on a reader, and the writer replays it, checking that every read still gives the same answer.
/// </summary>
public interface ICaseTransaction
{
    /// <summary>The time the work is done at.</summary>
    DateTimeOffset Now { get; }

    /// <summary>Records (source, id) in the inbox; false when it was already there (a duplicate).</summary>
    bool TryRecordInbox(string source, string id, string patientKey);

    /// <summary>The patient key an event's subject refers to now, following merges.</summary>
    string ResolvePatient(string patientKey);

    /// <summary>Records that <paramref name="oldKey"/> now means <paramref name="newKey"/>.</summary>
    void AddAlias(string oldKey, string newKey);

    /// <summary>The current state of a patient (held events, an open case, or its last closed case), or null.</summary>
    CaseState? LoadPatient(string patientKey);

    /// <summary>One of the patient's cases by id (an earlier episode's, say), or null.</summary>
    CaseState? LoadCase(string caseId);

    /// <summary>
    /// Writes what a decision changed: first its <see cref="Decision.Earlier"/> cases (which leave the patient's current
    /// case as it is), then the patient's current case.
    /// </summary>
    void Save(Decision decision, string actor);
}
