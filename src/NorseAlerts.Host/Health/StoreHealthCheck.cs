using Microsoft.Extensions.Diagnostics.HealthChecks;
using NorseAlerts.Runtime;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Host.Health;

/// <summary>
/// Ready only when the store takes a real write through the single writer (a no-op update, durable like any
/// commit) and its volume keeps <see cref="RuntimeOptions.StoreReserveBytes"/> free: a full disk, a read-only file or
/// a writer that no longer answers all make the host not ready.
/// </summary>
public sealed class StoreHealthCheck(Writer writer, RuntimeOptions options, TimeProvider time) : IHealthCheck
{
    /// <summary>How long the probe may wait for the writer before the store counts as not answering.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await writer.ProbeAsync(cancellationToken).WaitAsync(ProbeTimeout, time, cancellationToken).ConfigureAwait(false);
            var free = FreeBytes(options);
            var data = Data(writer);
            data["freeBytes"] = free;
            return free < options.StoreReserveBytes
                ? HealthCheckResult.Unhealthy($"not writable (full): {free} bytes free on the store's volume, under the {options.StoreReserveBytes} the host keeps in reserve", data: data)
                : HealthCheckResult.Healthy("writable", data);
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

    // The free space of the file system the store is on (statvfs of the data directory; on Windows, of its drive).
    private static long FreeBytes(RuntimeOptions options)
    {
        var directory = Path.GetDirectoryName(options.DatabasePath)!;
        return new DriveInfo(OperatingSystem.IsWindows() ? Path.GetPathRoot(directory)! : directory).AvailableFreeSpace;
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
