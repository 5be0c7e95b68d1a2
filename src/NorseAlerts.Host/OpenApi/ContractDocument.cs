using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Runtime;

namespace NorseAlerts.Host.OpenApi;

/// <summary>
/// Writes the request bodies, answers and real status codes of the API contract into <c>/openapi/v1.json</c>.
/// The ingest and ack endpoints read their bodies themselves (to keep the raw bytes for validation and the size
/// limit), so nothing in their signatures tells the generator what they take and answer: it is said here, once.
/// </summary>
public sealed class ContractDocument : IOpenApiOperationTransformer
{
    private static readonly string[] CloudEventTypes = ["application/cloudevents+json", "application/cloudevents-batch+json", "application/json"];

    /// <inheritdoc />
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        async Task<IOpenApiSchema> Schema(Type type) => await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        var problem = await Schema(typeof(HttpValidationProblemDetails));
        var route = (context.Description.HttpMethod, context.Description.RelativePath);
        switch (route)
        {
            case ("POST", "api/events"):
                var one = await Schema(typeof(CloudEventBody));
                var batch = await Schema(typeof(CloudEventBody[]));
                operation.RequestBody = Body(CloudEventTypes.ToDictionary(t => t, t => t.Contains("batch", StringComparison.Ordinal) ? batch : one));
                operation.Responses = Answers(
                    ("202", "Committed durably (duplicates included, with no second effect)", await Schema(typeof(IngestReceipt)), "application/json"),
                    ("400", "Invalid: every bad field is named; nothing was stored", problem, "application/problem+json"),
                    ("401", "Missing or invalid API key", problem, "application/problem+json"),
                    ("403", "The key lacks the ingest role", problem, "application/problem+json"),
                    ("413", "Body over 1 MiB", problem, "application/problem+json"),
                    ("415", "Not a CloudEvents JSON media type", problem, "application/problem+json"));
                break;
            case ("POST", "api/hl7v2"):
                var text = new OpenApiSchema { Type = JsonSchemaType.String };
                operation.RequestBody = Body(new() { ["x-application/hl7-v2+er7"] = text, ["text/plain"] = text });
                operation.Responses = Answers(
                    ("200", "The HL7 ACK (MSA-1 AA accepted, AE or AR refused: the ACK is the answer)", text, "x-application/hl7-v2+er7"),
                    ("401", "Missing or invalid API key", problem, "application/problem+json"),
                    ("403", "The key lacks the ingest role", problem, "application/problem+json"),
                    ("413", "Body over 1 MiB", problem, "application/problem+json"),
                    ("415", "Not an HL7 v2 text media type", problem, "application/problem+json"));
                break;
            case ("POST", "api/fhir"):
                operation.RequestBody = Body(new() { ["application/fhir+json"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "A FHIR R4 resource or Bundle" } });
                operation.Responses = Answers(
                    ("202", "Committed durably; Bundle entries read and not applied are listed", await Schema(typeof(FhirReceipt)), "application/json"),
                    ("400", "Invalid: every bad element is named; nothing was stored", problem, "application/problem+json"),
                    ("401", "Missing or invalid API key", problem, "application/problem+json"),
                    ("403", "The key lacks the ingest role", problem, "application/problem+json"),
                    ("413", "Body over 1 MiB", problem, "application/problem+json"),
                    ("415", "Not a FHIR JSON media type", problem, "application/problem+json"));
                break;
            case ("POST", "api/alerts/{alertId}/ack"):
                operation.RequestBody = Body(new() { ["application/json"] = await Schema(typeof(AckBody)) });
                operation.Responses = Answers(
                    ("200", "Acknowledged: escalation stops", await Schema(typeof(AlertView)), "application/json"),
                    ("400", "Invalid body (by is required)", problem, "application/problem+json"),
                    ("401", "Missing or invalid API key", problem, "application/problem+json"),
                    ("403", "The key lacks the ack role", problem, "application/problem+json"),
                    ("404", "No such alert", problem, "application/problem+json"));
                break;
            case ("GET", "api/cases"):
                operation.Responses = Answers(
                    ("200", "Cases, newest onset first", await Schema(typeof(CaseSummary[])), "application/json"),
                    ("400", "Unknown status filter", problem, "application/problem+json"),
                    ("401", "Missing or invalid API key", problem, "application/problem+json"));
                break;
            case ("GET", "api/cases/{caseId}"):
                operation.Responses = Answers(
                    ("200", "The case", await Schema(typeof(CaseDetail)), "application/json"),
                    ("401", "Missing or invalid API key", problem, "application/problem+json"),
                    ("404", "No such case", problem, "application/problem+json"));
                break;
            case ("GET", "api/cases/{caseId}/audit"):
                operation.Responses = Answers(
                    ("200", "Every state change of the case, in order", await Schema(typeof(AuditEntry[])), "application/json"),
                    ("401", "Missing or invalid API key", problem, "application/problem+json"),
                    ("404", "No such case", problem, "application/problem+json"));
                break;
            case ("GET", "api/alerts"):
                operation.Responses = Answers(
                    ("200", "Alerts, oldest first", await Schema(typeof(AlertView[])), "application/json"),
                    ("400", "Unknown state filter", problem, "application/problem+json"),
                    ("401", "Missing or invalid API key", problem, "application/problem+json"));
                break;
            default:
                break;
        }
    }

    private static OpenApiRequestBody Body(Dictionary<string, IOpenApiSchema> content) => new()
    {
        Required = true,
        Content = content.ToDictionary(c => c.Key, c => new OpenApiMediaType { Schema = c.Value }),
    };

    private static OpenApiResponses Answers(params (string Status, string Description, IOpenApiSchema Schema, string MediaType)[] answers)
    {
        var responses = new OpenApiResponses();
        foreach (var (status, description, schema, mediaType) in answers)
        {
            responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Schema = schema } },
            };
        }

        return responses;
    }
}

/// <summary>One CloudEvents 1.0 structured event as <c>POST /api/events</c> takes it (documentation shape).</summary>
/// <param name="Specversion">Always <c>1.0</c>.</param>
/// <param name="Id">Unique per source: the idempotency key.</param>
/// <param name="Source">The sending system, e.g. <c>mirth://genh</c>.</param>
/// <param name="Type">One of the event types, e.g. <c>rse.onset</c>.</param>
/// <param name="Time">Clinical time (RFC 3339), at most 5 minutes in the future.</param>
/// <param name="Subject">The patient key as the source knows it, e.g. <c>GENH:00123456</c>.</param>
/// <param name="Datacontenttype">Optional, <c>application/json</c>.</param>
/// <param name="Data">Type-specific fields (agent, outcome, reason, weightKg, heightCm, from, ...).</param>
public sealed record CloudEventBody(
    string Specversion, string Id, string Source, string Type, DateTimeOffset Time, string Subject, string? Datacontenttype, Dictionary<string, object?>? Data);

/// <summary>The body of <c>POST /api/alerts/{alertId}/ack</c>.</summary>
/// <param name="By">Who acknowledges (required).</param>
/// <param name="Note">Optional free text.</param>
public sealed record AckBody(string By, string? Note);
