namespace NorseAlerts.Hosting;

/// <summary>What <see cref="CaseApi"/> needs of an HTTP request, whichever HTTP stack received it.</summary>
/// <param name="Body">The request body, read at most up to <see cref="CaseApi.BodyLimit"/> (plus one chunk).</param>
/// <param name="ContentLength">The Content-Length header, or null.</param>
/// <param name="ContentType">The Content-Type header, or null.</param>
/// <param name="Actor">Who sent it, for the audit trail: <c>api-key:&lt;name&gt;</c>, never the key.</param>
public sealed record ApiRequest(Stream Body, long? ContentLength, string? ContentType, string Actor)
{
    /// <summary>The actor of a request made with the API key named <paramref name="keyName"/>.</summary>
    public static string ActorOf(string? keyName) => "api-key:" + (string.IsNullOrEmpty(keyName) ? "unknown" : keyName);
}
