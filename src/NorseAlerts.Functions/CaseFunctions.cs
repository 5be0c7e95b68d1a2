using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;

namespace NorseAlerts.Functions;

/// <summary><c>GET /api/cases</c>, <c>GET /api/cases/{caseId}</c> and <c>GET /api/alerts</c> from the patients' orchestrations.</summary>
public sealed class CaseFunctions
{
    private readonly ApiKeyRing keys;
    private readonly TaskHubApi api;

    /// <summary>The read endpoints.</summary>
    public CaseFunctions(ApiKeyRing keys, TaskHubApi api)
    {
        this.keys = keys ?? throw new ArgumentNullException(nameof(keys));
        this.api = api ?? throw new ArgumentNullException(nameof(api));
    }

    /// <summary>The case as of its orchestration's last step; <c>404</c> for an unknown case.</summary>
    [Function("GetCase")]
    public Task<HttpResponseData> GetCaseAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/cases/{caseId}")] HttpRequestData request,
        string caseId,
        [DurableClient] DurableTaskClient client) =>
        FunctionsHttp.AnswerAsync(request, keys, ApiRoles.Read, (_, ct) => api.For(client).GetCaseAsync(caseId, ct));

    /// <summary>Cases, optionally only <c>active</c> or <c>closed</c> ones; <c>400</c> for another status.</summary>
    [Function("ListCases")]
    public Task<HttpResponseData> ListCasesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/cases")] HttpRequestData request,
        [DurableClient] DurableTaskClient client) =>
        FunctionsHttp.AnswerAsync(request, keys, ApiRoles.Read, (_, ct) => api.For(client).ListCasesAsync(FunctionsHttp.Query(request, "status"), ct));

    /// <summary>Alerts by case and state; <c>400</c> for an unknown state.</summary>
    [Function("ListAlerts")]
    public Task<HttpResponseData> ListAlertsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/alerts")] HttpRequestData request,
        [DurableClient] DurableTaskClient client) =>
        FunctionsHttp.AnswerAsync(
            request, keys, ApiRoles.Read, (_, ct) => api.For(client).ListAlertsAsync(FunctionsHttp.Query(request, "caseId"), FunctionsHttp.Query(request, "state"), ct));
}
