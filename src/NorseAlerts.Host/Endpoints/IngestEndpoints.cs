using System.Text;
using NorseAlerts.Ingest;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Hosting;
using NorseAlerts.Runtime;

namespace NorseAlerts.Host.Endpoints;

/// <summary>
/// <c>POST /api/events</c>, <c>/api/hl7v2</c>, <c>/api/fhir</c>: parse and validate with NorseAlerts.Ingest,
/// then commit through the engine. <c>202</c> is sent only after the commit; bad input stores nothing.
/// </summary>
public static class IngestEndpoints
{
    private static readonly string[] JsonTypes = ["application/cloudevents+json", "application/cloudevents-batch+json", "application/json"];

    /// <summary>Maps the ingest endpoints.</summary>
    public static void MapIngestEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").RequireAuthorization(ApiRoles.Ingest).WithTags("Ingest");
        group.MapPost("/events", Events).WithSummary("Post one CloudEvent or a batch (atomic)");
        group.MapPost("/hl7v2", Hl7v2).WithSummary("Post one HL7 v2 message (ER7); answers an HL7 ACK");
        group.MapPost("/fhir", Fhir).WithSummary("Post a FHIR R4 resource or Bundle");
    }

    private static async Task<IResult> Events(HttpRequest request, CaseEngine engine, TimeProvider time, CancellationToken ct)
    {
        var mediaType = MediaType(request);
        if (mediaType is not null && !JsonTypes.Contains(mediaType))
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Use one of {string.Join(", ", JsonTypes)}.");
        }

        if (await BodyReader.ReadAsync(request, ct) is not { } body)
        {
            return BodyReader.TooLarge();
        }

        var parsed = CloudEventsReader.Read(body, request.ContentType, time.GetUtcNow());
        return parsed.Errors.Count > 0 ? Problems.Invalid(parsed.Errors) : await Commit(engine, parsed.Events, request, ct);
    }

    private static async Task<IResult> Hl7v2(HttpRequest request, CaseEngine engine, TimeProvider time, CancellationToken ct)
    {
        if (await BodyReader.ReadAsync(request, ct) is not { } body)
        {
            return BodyReader.TooLarge();
        }

        var now = time.GetUtcNow();
        var text = BodyReader.Utf8Text(body);
        var parsed = text is not null ? Hl7v2Reader.Read(text, now) : NotUtf8(Hl7v2Reader.Read(Encoding.UTF8.GetString(body), now));
        if (parsed.IsAccepted)
        {
            await engine.IngestAsync(parsed.Events, Actor(request), ct);
        }

        return Results.Text(parsed.Ack(now), "x-application/hl7-v2+er7", Encoding.UTF8, parsed.IsAccepted ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> Fhir(HttpRequest request, CaseEngine engine, TimeProvider time, CancellationToken ct)
    {
        if (await BodyReader.ReadAsync(request, ct) is not { } body)
        {
            return BodyReader.TooLarge();
        }

        if (BodyReader.Utf8Text(body) is not { } text)
        {
            return Problems.Invalid([new("body", "is not valid UTF-8")]);
        }

        var parsed = FhirReader.Read(text, time.GetUtcNow());
        return parsed.Errors.Count > 0 ? Problems.Invalid(parsed.Errors) : await Commit(engine, parsed.Events, request, ct);
    }

    // The header is read from the lossy decoding only to address the AR to the sender's control id.
    private static Hl7v2Result NotUtf8(Hl7v2Result lossy) =>
        new([], [new FieldError("MSH-18", "the message is not valid UTF-8; send it as UTF-8")], Hl7AckCodes.Reject, lossy.Header)
        {
            ErrorCodes = [Hl7ErrorCodes.DataTypeError],
        };

    private static async Task<IResult> Commit(CaseEngine engine, IReadOnlyList<ClinicalEvent> events, HttpRequest request, CancellationToken ct)
    {
        var receipt = await engine.IngestAsync(events, Actor(request), ct);
        return Results.Json(receipt, statusCode: StatusCodes.Status202Accepted);
    }

    private static string Actor(HttpRequest request) => "api-key:" + (request.HttpContext.User.Identity?.Name ?? "unknown");

    private static string? MediaType(HttpRequest request) =>
        string.IsNullOrWhiteSpace(request.ContentType) ? null : request.ContentType.Split(';')[0].Trim().ToLowerInvariant();
}
