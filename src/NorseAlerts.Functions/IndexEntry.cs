using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace NorseAlerts.Functions;

/// <summary>
/// One entry of the task hub's index: an instance named <c>index-</c> plus a case or alert id, whose input is the id
/// of the patient instance that holds that case or alert. It completes at once; only its name and input matter. The
/// task hub has no key-value store of its own (and the in-process engine runs no entities), so this is how an ack or a
/// case look-up reaches its patient's instance without reading every patient's case.
/// </summary>
public static class IndexEntry
{
    /// <summary>The orchestrator function name of an entry.</summary>
    public const string Name = "IndexEntry";

    /// <summary>What every entry's instance id starts with.</summary>
    public const string Prefix = "index-";

    /// <summary>The instance id of the entry for <paramref name="id"/> (a case id or an alert id).</summary>
    public static string InstanceIdOf(string id) => Prefix + id;

    /// <summary>Completes with its input, the patient instance id, as its output.</summary>
    [Function(Name)]
    public static Task<string?> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(context.GetInput<string>());
    }
}
