using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Functions;

/// <summary>
/// <c>GET /api/held</c>: events waiting in patient orchestrations whose patient has no case yet, with their age and
/// when each expires, in the embedded host's JSON.
/// </summary>
public sealed class HeldFunctions
{
    private readonly ApiKeyRing keys;
    private readonly PatientIds ids;
    private readonly NorseAlertsSettings settings;
    private readonly TimeProvider time;

    /// <summary>The held-events endpoint.</summary>
    public HeldFunctions(ApiKeyRing keys, PatientIds ids, NorseAlertsSettings settings, TimeProvider time)
    {
        this.keys = keys ?? throw new ArgumentNullException(nameof(keys));
        this.ids = ids ?? throw new ArgumentNullException(nameof(ids));
        this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Patients with held events, the longest waiting first (read role).</summary>
    [Function("ListHeld")]
    public Task<HttpResponseData> ListHeldAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/held")] HttpRequestData request,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return FunctionsHttp.AnswerAsync(
            request,
            keys,
            ApiRoles.Read,
            async (_, ct) => ApiReply.Json(200, await ListAsync(new PatientInstances(client, ids), settings.Held, time.GetUtcNow(), ct)));
    }

    /// <summary>The held events of every patient orchestration whose case is not open yet, as of <paramref name="now"/>.</summary>
    public static async Task<IReadOnlyList<HeldPatient>> ListAsync(PatientInstances instances, HeldEventRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var runs = await instances.AllAsync(cancellationToken);
        return HeldPatient.Ordered(runs
            .Select(r => r.Run)
            .Where(r => r.State.Status == CaseStatus.Pending)
            .Select(r => HeldPatient.From(
                r.State.PatientKey,
                r.State.Events.Select(e => (e, r.Held.FirstOrDefault(h => h.Source == e.Source && h.Id == e.Id)?.ArrivedAt)),
                rule,
                now)));
    }
}
