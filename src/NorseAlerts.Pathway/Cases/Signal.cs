using System.Text.Json.Serialization;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Pathway.Cases;

/// <summary>Something that happened to a case: the only inputs of <see cref="CasePathway.Decide"/> besides state and now.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "signal")]
[JsonDerivedType(typeof(EventSignal), "event")]
[JsonDerivedType(typeof(EventBatch), "events")]
[JsonDerivedType(typeof(Tick), "tick")]
[JsonDerivedType(typeof(Acknowledge), "ack")]
public abstract record Signal;

/// <summary>A validated clinical event arrived.</summary>
public sealed record EventSignal(ClinicalEvent Event) : Signal;

/// <summary>
/// Several validated events that arrived together (an atomic ingest batch). They are applied in clinical
/// order and the case is reconciled once, so the pages do not depend on their order in the batch.
/// </summary>
public sealed record EventBatch(IReadOnlyList<ClinicalEvent> Events) : Signal;

/// <summary>A timer of the case fell due (or the host caught up after downtime).</summary>
public sealed record Tick : Signal;

/// <summary>Someone acknowledged an alert.</summary>
/// <param name="AlertId">The alert.</param>
/// <param name="By">Who (a role or user id from the paging gateway; shown in the audit trail).</param>
/// <param name="Note">Optional note.</param>
public sealed record Acknowledge(string AlertId, string By, string? Note) : Signal;
