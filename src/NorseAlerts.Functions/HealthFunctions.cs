using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;

namespace NorseAlerts.Functions;

/// <summary><c>GET /healthz</c> and <c>GET /readyz</c>, anonymous (load balancers have no key), as the embedded host answers them.</summary>
public sealed class HealthFunctions
{
    private readonly TaskHubReadiness readiness;

    /// <summary>The health endpoints.</summary>
    public HealthFunctions(TaskHubReadiness readiness) => this.readiness = readiness ?? throw new ArgumentNullException(nameof(readiness));

    /// <summary><c>200</c>: the worker answers.</summary>
    [Function("Healthz")]
    public static Task<HttpResponseData> HealthzAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequestData request) =>
        FunctionsHttp.WriteAsync(request, Liveness.Reply);

    /// <summary><c>200</c> when the task hub answers and Service Bus is connected, else <c>503</c>; each check named.</summary>
    [Function("Readyz")]
    public async Task<HttpResponseData> ReadyzAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "readyz")] HttpRequestData request,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = await readiness.CheckAsync(client, request.FunctionContext.CancellationToken);
        return await FunctionsHttp.WriteAsync(request, report.ToReply());
    }
}
