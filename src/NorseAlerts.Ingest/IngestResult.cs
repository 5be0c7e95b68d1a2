using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Ingest;

/// <summary>
/// What a reader made of one request body: the canonical events, or every bad field. All or nothing:
/// when <see cref="Errors"/> is not empty, <see cref="Events"/> is empty, so a caller can never store half a batch.
/// </summary>
/// <param name="Events">The canonical events, in the order the body listed them.</param>
/// <param name="Errors">Every bad field, named as the sender wrote it (<c>time</c>, <c>[2].data.agent</c>).</param>
public sealed record IngestResult(IReadOnlyList<ClinicalEvent> Events, IReadOnlyList<FieldError> Errors)
{
    /// <summary>True when the body was accepted (it may still hold no event, e.g. a FHIR resource we do not track).</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Diagnoses the body carried that open no case (Condition codes in no onset table), for the site to review.</summary>
    public IReadOnlyList<Coding> UnmappedDiagnoses { get; init; } = [];

    /// <summary>Parts of the body that were read and deliberately not applied (e.g. unrelated Bundle entries), with why.</summary>
    public IReadOnlyList<FieldError> Ignored { get; init; } = [];

    /// <summary>An accepted body.</summary>
    public static IngestResult Accepted(IReadOnlyList<ClinicalEvent> events) => new(events, []);

    /// <summary>A rejected body: no event survives.</summary>
    public static IngestResult Rejected(IReadOnlyList<FieldError> errors) => new([], errors);

    /// <summary>A rejected body with one error.</summary>
    public static IngestResult Rejected(string field, string message) => new([], [new FieldError(field, message)]);
}
