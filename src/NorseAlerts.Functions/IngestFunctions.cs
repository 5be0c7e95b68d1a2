using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;

namespace NorseAlerts.Functions;

/// <summary>
/// <c>POST /api/events</c>, <c>/api/hl7v2</c> and <c>/api/fhir</c>: the shared <see cref="CaseApi"/> use cases, each
/// event delivered to its patient's orchestration and answered once applied, as the embedded host answers.
/// </summary>
public sealed class IngestFunctions
{
    private readonly ApiKeyRing keys;
    private readonly TaskHubApi api;

    /// <summary>The ingest endpoints.</summary>
    public IngestFunctions(ApiKeyRing keys, TaskHubApi api)
    {
        this.keys = keys ?? throw new ArgumentNullException(nameof(keys));
        this.api = api ?? throw new ArgumentNullException(nameof(api));
    }

    /// <summary>One CloudEvent or an atomic batch: <c>202</c> with the receipt once applied.</summary>
    [Function("PostEvents")]
    public Task<HttpResponseData> PostEventsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events")] HttpRequestData request,
        [DurableClient] DurableTaskClient client) =>
        FunctionsHttp.AnswerAsync(request, keys, ApiRoles.Ingest, api.For(client).EventsAsync);

    /// <summary>One HL7 v2 message: <c>200</c> with its ACK (AA, AE or AR) once committed.</summary>
    [Function("PostHl7v2")]
    public Task<HttpResponseData> PostHl7v2Async(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/hl7v2")] HttpRequestData request,
        [DurableClient] DurableTaskClient client) =>
        FunctionsHttp.AnswerAsync(request, keys, ApiRoles.Ingest, api.For(client).Hl7v2Async);

    /// <summary>A FHIR R4 resource or Bundle: <c>202</c> with the receipt and the entries not applied.</summary>
    [Function("PostFhir")]
    public Task<HttpResponseData> PostFhirAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fhir")] HttpRequestData request,
        [DurableClient] DurableTaskClient client) =>
        FunctionsHttp.AnswerAsync(request, keys, ApiRoles.Ingest, api.For(client).FhirAsync);
}
