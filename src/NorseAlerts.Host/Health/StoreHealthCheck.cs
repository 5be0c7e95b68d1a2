using Microsoft.Extensions.Diagnostics.HealthChecks;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Host.Health;

/// <summary>
/// Ready only when the store takes a real write through the single writer (a no-op update, durable like any
/// commit): a full disk, a read-only file or a writer that no longer answers all make the host not ready.
/// </summary>
public sealed class StoreHealthCheck(Writer writer, TimeProvider time) : IHealthCheck
{
    /// <summary>How long the probe may wait for the writer before the store counts as not answering.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await writer.ProbeAsync(cancellationToken).WaitAsync(ProbeTimeout, time, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("writable", Data(writer));
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"the writer did not answer within {ProbeTimeout.TotalSeconds:F0} s", data: Data(writer));
        }
        catch (StoreUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy($"not writable ({ex.Reason})", data: Data(writer));
        }
    }

    private static Dictionary<string, object> Data(Writer writer)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        if (writer.LastCommitAt is { } at)
        {
            data["lastCommitAt"] = at;
        }

        if (writer.CurrentFailure is { } failure)
        {
            data["failure"] = failure.Reason;
            data["failedAt"] = failure.At;
        }

        return data;
    }
}
