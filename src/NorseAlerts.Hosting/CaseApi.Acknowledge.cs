namespace NorseAlerts.Hosting;

/// <summary><c>POST /api/alerts/{alertId}/ack</c>.</summary>
public sealed partial class CaseApi
{
    /// <summary>
    /// Acknowledges an alert (stops its escalation): <c>200</c> with the alert as it now stands, <c>404</c> for an
    /// unknown alert, <c>400</c> naming bad fields of the body, <c>413</c> over 1 MiB.
    /// </summary>
    public async Task<ApiReply> AcknowledgeAsync(string alertId, ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(alertId);
        ArgumentNullException.ThrowIfNull(request);
        if (await ReadBodyAsync(request.Body, request.ContentLength, cancellationToken).ConfigureAwait(false) is not { } body)
        {
            return TooLarge;
        }

        var (ack, errors) = AckRequest.Read(body, alertId, request.Actor);
        if (ack is null)
        {
            return ApiReply.Of(Problem.Invalid(errors));
        }

        return await cases.AcknowledgeAsync(ack, cancellationToken).ConfigureAwait(false) is { } alert
            ? ApiReply.Json(200, alert)
            : NotFound("alert", alertId);
    }
}
