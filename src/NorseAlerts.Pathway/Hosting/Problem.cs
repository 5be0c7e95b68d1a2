using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Pathway.Hosting;

/// <summary>
/// An <c>application/problem+json</c> body (RFC 9457) with one entry per bad field, so an integration engine
/// can fix every field in one go.
/// </summary>
/// <param name="Type">Problem type URI.</param>
/// <param name="Title">Short summary.</param>
/// <param name="Status">HTTP status.</param>
/// <param name="Detail">What to do about it.</param>
/// <param name="Errors">Each bad field (empty for problems without fields).</param>
public sealed record Problem(string Type, string Title, int Status, string Detail, IReadOnlyList<FieldError> Errors)
{
    /// <summary>The media type of a problem body.</summary>
    public const string MediaType = "application/problem+json";

    /// <summary>400: the body was rejected; nothing was stored.</summary>
    public static Problem Invalid(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new Problem("about:blank", "Invalid clinical event", 400, $"{errors.Count} field(s) are invalid; nothing was stored.", errors);
    }

    /// <summary>A problem without field errors (401, 403, 404, 413).</summary>
    public static Problem Of(int status, string title, string detail) => new("about:blank", title, status, detail, []);
}
