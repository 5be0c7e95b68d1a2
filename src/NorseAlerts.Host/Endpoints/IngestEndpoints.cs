using NorseAlerts.Hosting;

namespace NorseAlerts.Host.Endpoints;

/// <summary>
/// <c>POST /api/events</c>, <c>/api/hl7v2</c>, <c>/api/fhir</c>: the shared <see cref="CaseApi"/> use cases, committed
/// through the engine. <c>202</c> (or the HL7 ACK) is sent only after the commit; bad input stores nothing.
/// </summary>
public static class IngestEndpoints
{
    /// <summary>Maps the ingest endpoints.</summary>
    public static void MapIngestEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").RequireAuthorization(ApiRoles.Ingest).WithTags("Ingest");
        group.MapPost("/events", (HttpRequest request, CaseApi api, CancellationToken ct) => ApiReplies.AnswerAsync(() => api.EventsAsync(request.ToApiRequest(), ct)))
            .WithSummary("Post one CloudEvent or a batch (atomic)");
        group.MapPost("/hl7v2", (HttpRequest request, CaseApi api, CancellationToken ct) => ApiReplies.AnswerAsync(() => api.Hl7v2Async(request.ToApiRequest(), ct)))
            .WithSummary("Post one HL7 v2 message (ER7); answers an HL7 ACK");
        group.MapPost("/fhir", (HttpRequest request, CaseApi api, CancellationToken ct) => ApiReplies.AnswerAsync(() => api.FhirAsync(request.ToApiRequest(), ct)))
            .WithSummary("Post a FHIR R4 resource or Bundle");
    }
}
