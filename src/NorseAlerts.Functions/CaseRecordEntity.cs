using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Entities;

namespace NorseAlerts.Functions;

/// <summary>Durable entity per case id holding its <see cref="CaseRecord"/> for <c>GET /api/cases/{caseId}</c>.</summary>
public sealed class CaseRecordEntity : TaskEntity<CaseRecord>
{
    /// <summary>The entity id of <paramref name="caseId"/>.</summary>
    public static EntityInstanceId IdFor(string caseId) => new(nameof(CaseRecordEntity), caseId);

    /// <summary>Replaces the record (operation <c>Set</c>); the orchestrator sends the whole case on every change.</summary>
    public void Set(CaseRecord record) => State = record;

    /// <summary>The entity function.</summary>
    [Function(nameof(CaseRecordEntity))]
    public static Task RunEntityAsync([EntityTrigger] TaskEntityDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        return dispatcher.DispatchAsync<CaseRecordEntity>();
    }
}
