using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;

namespace NorseAlerts.Functions;

/// <summary><c>POST /api/alerts/{alertId}/ack</c>: raises the acknowledgement to the instance that owns the alert.</summary>
public sealed class AlertFunctions
{
    private readonly ApiKeyRing keys;

    /// <summary>The ack endpoint.</summary>
    public AlertFunctions(ApiKeyRing keys) => this.keys = keys ?? throw new ArgumentNullException(nameof(keys));

    /// <summary>
    /// <c>200</c> once the ack is durably queued for the case's instance (which applies it in order with
    /// everything else); <c>404</c> for an alert no instance raised; <c>400</c> naming bad fields.
    /// </summary>
    [Function("AckAlert")]
    public async Task<HttpResponseData> AckAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/alerts/{alertId}/ack")] HttpRequestData request,
        string alertId,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (await HttpReplies.DenyAsync(request, keys, ApiRoles.Ack) is { } denied)
        {
            return denied;
        }

        var cancellationToken = request.FunctionContext.CancellationToken;
        if (await HttpReplies.ReadBodyAsync(request, cancellationToken) is not { } body)
        {
            return await HttpReplies.TooLargeAsync(request);
        }

        var (ack, errors) = AckRequest.Read(body, alertId, "api-key:" + keys.NameOf(HttpReplies.PresentedKey(request)));
        if (ack is null)
        {
            return await HttpReplies.ProblemAsync(request, Problem.Invalid(errors));
        }

        var route = await AlertAcks.RouteOfAsync(client, alertId, cancellationToken);
        if (route?.InstanceId is null)
        {
            return await HttpReplies.ProblemAsync(request, Problem.Of(404, "No such alert", $"Alert {alertId} does not exist."));
        }

        await client.RaiseEventAsync(route.InstanceId, RaisedSignal.EventName, RaisedSignal.Of(ack), cancellationToken);
        return await HttpReplies.JsonAsync(request, HttpStatusCode.OK, new { alertId, caseId = route.CaseId, accepted = true });
    }
}
