using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;
using NorseAlerts.Ingest;

namespace NorseAlerts.Functions;

/// <summary><c>POST /api/events</c>: the same contract as the embedded host, delivering each event to its patient's instance.</summary>
public sealed class IngestFunctions
{
    private readonly ApiKeyRing keys;
    private readonly TimeProvider time;

    /// <summary>The ingest endpoint.</summary>
    public IngestFunctions(ApiKeyRing keys, TimeProvider time)
    {
        this.keys = keys ?? throw new ArgumentNullException(nameof(keys));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>
    /// Validates the whole body with NorseAlerts.Ingest (a bad event rejects the batch, nothing is raised), then
    /// signals each event with start. <c>202</c> once every signal is in the task hub, which is durable storage.
    /// </summary>
    [Function("PostEvents")]
    public async Task<HttpResponseData> PostEventsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events")] HttpRequestData request,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (await HttpReplies.DenyAsync(request, keys, ApiRoles.Ingest) is { } denied)
        {
            return denied;
        }

        var cancellationToken = request.FunctionContext.CancellationToken;
        if (await HttpReplies.ReadBodyAsync(request, cancellationToken) is not { } body)
        {
            return await HttpReplies.TooLargeAsync(request);
        }

        var result = CloudEventsReader.Read(body, HttpReplies.ContentType(request), time.GetUtcNow());
        if (!result.IsValid)
        {
            return await HttpReplies.ProblemAsync(request, Problem.Invalid(result.Errors));
        }

        var accepted = new List<AcceptedEvent>();
        foreach (var clinicalEvent in result.Events)
        {
            await PatientSignals.DeliverAsync(client, clinicalEvent.Subject, RaisedSignal.Of(clinicalEvent), cancellationToken);
            accepted.Add(new AcceptedEvent(clinicalEvent.Id, await PatientSignals.CaseIdAsync(client, clinicalEvent.Subject, cancellationToken)));
        }

        // Duplicates are dropped by the orchestration (idempotent on source+id) after the reply, so none are listed.
        return await HttpReplies.JsonAsync(request, HttpStatusCode.Accepted, new IngestReceipt(accepted, []));
    }

    /// <summary><c>GET /healthz</c>: the worker is up.</summary>
    [Function("Healthz")]
    public static async Task<HttpResponseData> HealthzAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.CreateResponse(HttpStatusCode.OK);
        await response.WriteStringAsync("ok");
        return response;
    }
}
