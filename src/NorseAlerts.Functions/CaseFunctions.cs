using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Functions;

/// <summary><c>GET /api/cases</c>, <c>GET /api/cases/{caseId}</c> and <c>GET /api/alerts</c> from the patients' orchestrations.</summary>
public sealed class CaseFunctions
{
    private readonly ApiKeyRing keys;
    private readonly PatientIds ids;

    /// <summary>The read endpoints.</summary>
    public CaseFunctions(ApiKeyRing keys, PatientIds ids)
    {
        this.keys = keys ?? throw new ArgumentNullException(nameof(keys));
        this.ids = ids ?? throw new ArgumentNullException(nameof(ids));
    }

    /// <summary>The case as of its orchestration's last step.</summary>
    [Function("GetCase")]
    public async Task<HttpResponseData> GetCaseAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/cases/{caseId}")] HttpRequestData request,
        string caseId,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (await HttpReplies.DenyAsync(request, keys, ApiRoles.Read) is { } denied)
        {
            return denied;
        }

        var detail = await new TaskHubCases(new PatientInstances(client, ids)).GetCaseAsync(caseId, request.FunctionContext.CancellationToken);
        return detail is not null
            ? await HttpReplies.JsonAsync(request, HttpStatusCode.OK, detail)
            : await HttpReplies.ProblemAsync(request, Problem.Of(404, "No such case", $"Case {caseId} does not exist."));
    }

    /// <summary>Cases, optionally only <c>active</c> or <c>closed</c> ones; <c>400</c> for another status.</summary>
    [Function("ListCases")]
    public async Task<HttpResponseData> ListCasesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/cases")] HttpRequestData request,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (await HttpReplies.DenyAsync(request, keys, ApiRoles.Read) is { } denied)
        {
            return denied;
        }

        var status = HttpReplies.Query(request, "status");
        if (status is not (null or "active" or "closed"))
        {
            return await HttpReplies.ProblemAsync(request, Problem.Invalid([new FieldError("status", "must be 'active' or 'closed'")]));
        }

        var cases = await new TaskHubCases(new PatientInstances(client, ids)).ListCasesAsync(status, request.FunctionContext.CancellationToken);
        return await HttpReplies.JsonAsync(request, HttpStatusCode.OK, cases);
    }

    /// <summary>Alerts by case and state; <c>400</c> for an unknown state.</summary>
    [Function("ListAlerts")]
    public async Task<HttpResponseData> ListAlertsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/alerts")] HttpRequestData request,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (await HttpReplies.DenyAsync(request, keys, ApiRoles.Read) is { } denied)
        {
            return denied;
        }

        var state = HttpReplies.Query(request, "state");
        if (state is not null && !AlertState.IsKnown(state))
        {
            return await HttpReplies.ProblemAsync(request, Problem.Invalid([new FieldError("state", "must be triggered, acknowledged or resolved")]));
        }

        var alerts = await new TaskHubCases(new PatientInstances(client, ids))
            .ListAlertsAsync(HttpReplies.Query(request, "caseId"), state, request.FunctionContext.CancellationToken);
        return await HttpReplies.JsonAsync(request, HttpStatusCode.OK, alerts);
    }
}
