using System.Text.Json.Serialization;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Hosting;

/// <summary>
/// An <c>application/problem+json</c> body (RFC 9457) in the shape the embedded host answers with (ASP.NET's
/// problem details): bad fields under <c>errors</c> as field -> messages, so a client handles both hosts alike.
/// </summary>
/// <param name="Type">Problem type URI (the RFC 9110 section of the status).</param>
/// <param name="Title">Short summary.</param>
/// <param name="Status">HTTP status.</param>
/// <param name="Detail">What to do about it.</param>
/// <param name="Errors">Each bad field with its messages; null for problems without fields.</param>
public sealed record Problem(
    string Type,
    string Title,
    int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors)
{
    /// <summary>The media type of a problem body.</summary>
    public const string MediaType = "application/problem+json";

    private static readonly Dictionary<int, string> Sections = new()
    {
        [400] = "15.5.1",
        [401] = "15.5.2",
        [403] = "15.5.4",
        [404] = "15.5.5",
        [413] = "15.5.14",
        [415] = "15.5.16",
        [503] = "15.6.4",
    };

    /// <summary>400 naming each bad field; nothing was stored.</summary>
    public static Problem Invalid(IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var grouped = errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        var detail = string.Join("; ", grouped.Select(g => $"{g.Key}: {string.Join(", ", g.Value)}"));
        return new Problem(TypeOf(400), "The request is invalid; nothing was stored", 400, detail, grouped);
    }

    /// <summary>A problem without field errors (401, 403, 404, 413, 415, 503).</summary>
    public static Problem Of(int status, string title, string? detail) => new(TypeOf(status), title, status, detail, null);

    /// <summary>401: no key or an unknown key.</summary>
    public static Problem Unauthenticated { get; } =
        Of(401, "Missing or invalid API key", "Send a valid key in the X-Api-Key header.");

    /// <summary>403: the key lacks the endpoint's role.</summary>
    public static Problem Forbidden { get; } =
        Of(403, "API key lacks the role for this endpoint", "Ask for a key with the needed role (ingest, read or ack).");

    /// <summary>413: the body exceeds the 1 MiB limit.</summary>
    public static Problem TooLarge(int limit) =>
        Of(413, "Request body too large", $"The limit is {limit} bytes (1 MiB); split the batch.");

    /// <summary>415: a content type the endpoint does not take.</summary>
    public static Problem UnsupportedMediaType(IEnumerable<string> accepted) =>
        Of(415, "Unsupported media type", $"Use one of {string.Join(", ", accepted)}.");

    private static string TypeOf(int status) =>
        Sections.TryGetValue(status, out var section) ? $"https://tools.ietf.org/html/rfc9110#section-{section}" : "about:blank";
}
