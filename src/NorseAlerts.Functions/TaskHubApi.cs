using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using NorseAlerts.Hosting;
using NorseAlerts.Ingest;

namespace NorseAlerts.Functions;

/// <summary>
/// The shared <see cref="CaseApi"/> over this task hub: the durable client is bound per invocation
/// (<c>[DurableClient]</c>), so each function asks for the use cases over the client it was given.
/// </summary>
public sealed class TaskHubApi
{
    private readonly PatientIds ids;
    private readonly SiteProfile site;
    private readonly TimeProvider time;
    private readonly ILogger<Hl7v2Intake> logger;

    /// <summary>The use cases of this deployment: its instance ids, site profile and clock.</summary>
    public TaskHubApi(PatientIds ids, SiteProfile site, TimeProvider time, ILogger<Hl7v2Intake> logger)
    {
        this.ids = ids ?? throw new ArgumentNullException(nameof(ids));
        this.site = site ?? throw new ArgumentNullException(nameof(site));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The use cases over the task hub of <paramref name="client"/>.</summary>
    public CaseApi For(DurableTaskClient client) => new(new TaskHubCases(new PatientInstances(client, ids)), site, time, logger);
}
