using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;

namespace NorseAlerts.Functions;

/// <summary><c>POST /api/alerts/{alertId}/ack</c>: raises the acknowledgement to the instance that owns the alert.</summary>
public sealed class AlertFunctions
{
    private readonly ApiKeyRing keys;
    private readonly TaskHubApi api;

    /// <summary>The ack endpoint.</summary>
    public AlertFunctions(ApiKeyRing keys, TaskHubApi api)
    {
        this.keys = keys ?? throw new ArgumentNullException(nameof(keys));
        this.api = api ?? throw new ArgumentNullException(nameof(api));
    }

    /// <summary>
    /// <c>200</c> with the alert once the case's orchestration has applied the ack (in order with everything
    /// else); <c>404</c> for an alert no instance raised; <c>400</c> naming bad fields.
    /// </summary>
    [Function("AckAlert")]
    public Task<HttpResponseData> AckAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/alerts/{alertId}/ack")] HttpRequestData request,
        string alertId,
        [DurableClient] DurableTaskClient client) =>
        FunctionsHttp.AnswerAsync(request, keys, ApiRoles.Ack, (body, ct) => api.For(client).AcknowledgeAsync(alertId, body, ct));
}
