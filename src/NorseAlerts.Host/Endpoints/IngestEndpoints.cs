using System.Text;
using NorseAlerts.Hosting;
using NorseAlerts.Ingest;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Runtime;

namespace NorseAlerts.Host.Endpoints;

/// <summary>
/// <c>POST /api/events</c>, <c>/api/hl7v2</c>, <c>/api/fhir</c>: parse and validate with NorseAlerts.Ingest,
/// then commit through the engine. <c>202</c> is sent only after the commit; bad input stores nothing.
/// </summary>
public static class IngestEndpoints
{
    private const string Hl7MediaType = "x-application/hl7-v2+er7";

    private static readonly string[] JsonTypes = ["application/cloudevents+json", "application/cloudevents-batch+json", "application/json"];

    private static readonly string[] FhirTypes = ["application/fhir+json", "application/json"];

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

    private static async Task<IResult> Hl7v2(HttpRequest request, Hl7v2Intake intake, CancellationToken ct)
    {
        if (await BodyReader.ReadAsync(request, ct) is not { } body)
        {
            return BodyReader.TooLarge();
        }

        // 200 for AA, AE and AR alike: the ACK is the answer, and engines resend anything that is not 2xx.
        var answer = await intake.AcceptAsync(body, Actor(request), "hl7v2", ct);
        return Results.Text(answer.Ack, Hl7MediaType, Encoding.UTF8, StatusCodes.Status200OK);
    }

    private static async Task<IResult> Fhir(HttpRequest request, CaseEngine engine, SiteProfile site, UnmappedDiagnoses unmapped, TimeProvider time, CancellationToken ct)
    {
        var mediaType = MediaType(request);
        if (mediaType is not null && !FhirTypes.Contains(mediaType))
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Use one of {string.Join(", ", FhirTypes)}.");
        }

        if (await BodyReader.ReadAsync(request, ct) is not { } body)
        {
            return BodyReader.TooLarge();
        }

        if (BodyReader.Utf8Text(body) is not { } text)
        {
            return Problems.Invalid([new("body", "is not valid UTF-8")]);
        }

        var parsed = FhirReader.Read(text, time.GetUtcNow(), site.Fhir);
        if (parsed.Errors.Count > 0)
        {
            return Problems.Invalid(parsed.Errors);
        }

        var receipt = await engine.IngestAsync(parsed.Events, Actor(request), ct);
        await unmapped.RecordAsync(parsed.UnmappedDiagnoses, "fhir", Actor(request), ct);
        // Bundle entries read and deliberately not applied are listed, so the sender sees what NorseAlerts skipped.
        return Results.Json(
            new { receipt.Accepted, receipt.Duplicates, Ignored = parsed.Ignored.Select(i => new { i.Field, Reason = i.Message }) },
            statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> Commit(CaseEngine engine, IReadOnlyList<ClinicalEvent> events, HttpRequest request, CancellationToken ct)
    {
        var receipt = await engine.IngestAsync(events, Actor(request), ct);
        return Results.Json(receipt, statusCode: StatusCodes.Status202Accepted);
    }

    private static string Actor(HttpRequest request) => "api-key:" + (request.HttpContext.User.Identity?.Name ?? "unknown");

    private static string? MediaType(HttpRequest request) =>
        string.IsNullOrWhiteSpace(request.ContentType) ? null : request.ContentType.Split(';')[0].Trim().ToLowerInvariant();
}
