namespace NorseAlerts.Hosting;

/// <summary>One event held for a patient with no case, as <c>GET /api/held</c> shows it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Source">Its source.</param>
/// <param name="Type">Its type.</param>
/// <param name="Time">Its clinical time.</param>
/// <param name="ReceivedAt">When it arrived; null when the host no longer knows.</param>
/// <param name="AgeSeconds">How long it has waited; null when its arrival is unknown.</param>
/// <param name="ExpiresAt">When it is dropped if no onset opens a case first; null when its arrival is unknown.</param>
public sealed record HeldEvent(
    string Id,
    string Source,
    string Type,
    DateTimeOffset Time,
    DateTimeOffset? ReceivedAt,
    long? AgeSeconds,
    DateTimeOffset? ExpiresAt);
