using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;

namespace NorseAlerts.Functions;

/// <summary><c>GET /api/cases/{caseId}</c> from the case's read-model entity.</summary>
public sealed class CaseFunctions
{
    private readonly ApiKeyRing keys;

    /// <summary>The case endpoint.</summary>
    public CaseFunctions(ApiKeyRing keys) => this.keys = keys ?? throw new ArgumentNullException(nameof(keys));

    /// <summary>The case as of its last change (the entity is updated by the orchestration after each decision).</summary>
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

        var entity = await client.Entities.GetEntityAsync(CaseRecordEntity.IdFor(caseId), includeState: true, request.FunctionContext.CancellationToken);
        var record = entity is { IncludesState: true } ? entity.State.ReadAs<CaseRecord>() : null;
        return record?.Case is { } detail
            ? await HttpReplies.JsonAsync(request, HttpStatusCode.OK, detail)
            : await HttpReplies.ProblemAsync(request, Problem.Of(404, "No such case", $"Case {caseId} does not exist."));
    }
}
