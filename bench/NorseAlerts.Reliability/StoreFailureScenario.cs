using System.Diagnostics;
using System.Net;
using NorseAlerts.EndToEnd.Tests;

namespace NorseAlerts.Reliability;

/// <summary>
/// A full disk and a read-only store, on a small tmpfs mounted for the run. Not root (or not Linux): skipped with the
/// reason. Root on Linux but the mount refused (a container without the right to mount): a failure, because that is
/// the machine the suite is meant to cover (CI) and a skip there would quietly drop the guarantee. The contract
/// (DESIGN section 5): a write refused because the store is full or read-only answers 503 problem+json with
/// Retry-After, <c>/readyz</c> answers 503 meanwhile, and the host recovers without a restart once it can write. The read-only store is one a host is started on (Linux will not remount a volume
/// read-only under an open writer): not ready and refusing writes, then ready once it can write, without a restart.
/// </summary>
public static class StoreFailureScenario
{
    /// <summary>Runs the scenario.</summary>
    public static async Task<Figures> RunAsync(SuiteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var figures = new Figures("full disk and read-only store");
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return figures.Skip("needs root on Linux to mount a 16 MB tmpfs (run the suite as root to test a full disk and a read-only store)");
        }

        var mount = Path.Combine(Path.GetTempPath(), "norse-tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mount);
        if (Shell("mount", $"-t tmpfs -o size=16m tmpfs {mount}") is { Length: > 0 } refused)
        {
            Directory.Delete(mount);
            figures.Expect(false, $"mount a 16 MB tmpfs as root (the store scenario cannot run): {refused}");
            return figures;
        }

        var data = Path.Combine(mount, "data");
        var serial = 0;
        try
        {
            var host = await HostProcess.StartAsync(data);
            try
            {
                using (var first = await host.PostEventAsync("rse.onset", DateTimeOffset.UtcNow.AddHours(-1), "DISK:0", "disk-0"))
                {
                    figures.Expect(first.StatusCode == HttpStatusCode.Accepted, "a healthy store accepts");
                }

                var filler = Path.Combine(mount, "filler");
                Fill(filler);
                await Refused(figures, host, "full disk", () => ++serial);
                File.Delete(filler);
                await Recovered(figures, host, "full disk", () => ++serial);

                // Linux refuses to remount read-only while the host holds the store open for writing, so the
                // read-only store is the one a host is (re)started on, as after a restore onto a read-only volume.
                host.Kill9();
                await host.DisposeAsync();
                figures.Expect(Shell("mount", $"-o remount,ro {mount}") is null, "remount read-only");
                host = await HostProcess.StartAsync(data);
                figures.Expect(await Refused(figures, host, "started read-only", () => ++serial) == 0, "started read-only: the first write is refused");
                figures.Expect(Shell("mount", $"-o remount,rw {mount}") is null, "remount read-write");
                await Recovered(figures, host, "started read-only", () => ++serial);
            }
            finally
            {
                await host.DisposeAsync();
            }
        }
        finally
        {
            Shell("mount", $"-o remount,rw {mount}");
            Shell("umount", $"-l {mount}");
            Directory.Delete(mount, recursive: true);
        }

        return figures;
    }

    // Posts until a write is refused. A write can still succeed on a full disk: the write-ahead log reuses the space
    // it already has once its pages are copied into the database file, and such a write is durable. The contract is
    // about the write the store cannot take, which must come within a bounded number of posts.
    private static async Task<int> Refused(Figures figures, HostProcess host, string what, Func<int> next)
    {
        const int MaxPosts = 500;
        HttpResponseMessage response;
        var accepted = 0;
        while (true)
        {
            var serial = next();
            response = await host.PostEventAsync("rse.onset", DateTimeOffset.UtcNow.AddHours(-1), $"DISK:{serial}", $"disk-{serial}");
            if (response.StatusCode != HttpStatusCode.Accepted || ++accepted == MaxPosts)
            {
                break;
            }

            response.Dispose();
        }

        using (response)
        {
            var retryAfter = response.Headers.RetryAfter is not null;
            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            var ready = (await host.Client.GetAsync("/readyz")).StatusCode;
            figures.Add($"{what}: {accepted} POSTs accepted into space the store already had, then POST answered {(int)response.StatusCode}{(retryAfter ? " with Retry-After" : " without Retry-After")}{(problem ? " (problem+json)" : "")}, /readyz {(int)ready}");
            figures.Expect(response.StatusCode == HttpStatusCode.ServiceUnavailable && retryAfter && problem, $"{what}: a refused write (within {MaxPosts} posts) answers 503 problem+json with Retry-After");
            figures.Expect(ready == HttpStatusCode.ServiceUnavailable, $"{what}: /readyz answers 503");
        }

        return accepted;
    }

    private static async Task Recovered(Figures figures, HostProcess host, string what, Func<int> next)
    {
        var clock = Stopwatch.StartNew();
        var status = HttpStatusCode.ServiceUnavailable;
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && status != HttpStatusCode.Accepted)
        {
            var serial = next();
            using var response = await host.PostEventAsync("rse.onset", DateTimeOffset.UtcNow.AddHours(-1), $"DISK:{serial}", $"disk-{serial}");
            status = response.StatusCode;
            if (status != HttpStatusCode.Accepted)
            {
                await Task.Delay(250);
            }
        }

        var ready = (await host.Client.GetAsync("/readyz")).StatusCode;
        figures.Add($"{what} fixed: writes accepted again after {clock.Elapsed.TotalMilliseconds:F0} ms without a restart ({(int)status}), /readyz {(int)ready}");
        figures.Expect(status == HttpStatusCode.Accepted, $"{what}: recovers without a restart");
        figures.Expect(ready == HttpStatusCode.OK, $"{what}: /readyz ready again");
    }

    private static void Fill(string path)
    {
        var block = new byte[64 * 1024];
        try
        {
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            while (true)
            {
                file.Write(block);
            }
        }
        catch (IOException)
        {
            // The disk is full: exactly what the scenario wants.
        }
    }

    /// <summary>Runs a command; null when it succeeded, otherwise why it did not.</summary>
    private static string? Shell(string command, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{command} {arguments} exited with {process.ExitCode}: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"{command} could not be started: {ex.Message}";
        }
    }
}
