namespace NorseAlerts.Hosting;

/// <summary>When a held event arrived in a patient run and when it expires under <see cref="HeldEventRule"/>.</summary>
/// <param name="Source">The event's source.</param>
/// <param name="Id">The event's id.</param>
/// <param name="ArrivedAt">When the loop applied it (the orchestration's replay-safe clock).</param>
/// <param name="ExpiresAt">When the loop drops it if no onset opens a case first.</param>
public sealed record HeldArrival(string Source, string Id, DateTimeOffset ArrivedAt, DateTimeOffset ExpiresAt);
