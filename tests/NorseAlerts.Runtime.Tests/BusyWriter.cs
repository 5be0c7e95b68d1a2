using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime.Tests;

/// <summary>Holds the writer busy so that an ingest is decided outside it.</summary>
internal static class BusyWriter
{
    /// <summary>
    /// Holds the writer inside a work item while <paramref name="start"/> decides outside and queues, then lets the
    /// work item run <paramref name="ahead"/> (if any) and commit before the queued work is replayed.
    /// </summary>
    public static async Task<T> WhileBusy<T>(Writer writer, Func<T> start, Action<Unit>? ahead = null)
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        var busy = writer.RunAsync(unit =>
        {
            entered.SetResult();
            release.Wait(TimeSpan.FromSeconds(30));
            ahead?.Invoke(unit);
            return true;
        });
        await entered.Task;
        T started;
        try
        {
            started = start();
        }
        finally
        {
            release.Set();
        }

        await busy;
        return started;
    }
}
