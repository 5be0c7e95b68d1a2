namespace NorseAlerts.Hosting;

/// <summary>The content types each ingest endpoint takes; anything else is a <c>415</c>.</summary>
public static class MediaTypes
{
    /// <summary>The media type of an HL7 v2 ACK answer.</summary>
    public const string Hl7v2 = "x-application/hl7-v2+er7";

    /// <summary><c>POST /api/events</c>: CloudEvents structured JSON, one event or a batch.</summary>
    public static IReadOnlyList<string> CloudEvents { get; } = ["application/cloudevents+json", "application/cloudevents-batch+json", "application/json"];

    /// <summary><c>POST /api/hl7v2</c>: ER7 text, under the names integration engines use for it.</summary>
    public static IReadOnlyList<string> Hl7v2Message { get; } = [Hl7v2, "application/hl7-v2", "application/hl7-v2+er7", "text/plain", "application/octet-stream"];

    /// <summary><c>POST /api/fhir</c>: FHIR R4 JSON.</summary>
    public static IReadOnlyList<string> Fhir { get; } = ["application/fhir+json", "application/json"];

    /// <summary>The media type of a Content-Type header, lower case and without parameters; null when absent.</summary>
    public static string? Essence(string? contentType) =>
        string.IsNullOrWhiteSpace(contentType) ? null : contentType.Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>Whether <paramref name="contentType"/> is absent or one of <paramref name="accepted"/>.</summary>
    public static bool Allows(IReadOnlyList<string> accepted, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        return Essence(contentType) is not { } essence || accepted.Contains(essence, StringComparer.Ordinal);
    }
}
