using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NorseAlerts.EndToEnd.Tests;

namespace NorseAlerts.Reliability;

/// <summary>
/// Slow clients: many connections that send their headers or their body a byte at a time, held open while a normal
/// engine keeps posting. The normal posts must all get 202 promptly, and the host must stay healthy.
/// </summary>
public static class SlowClientScenario
{
    /// <summary>Runs the scenario.</summary>
    public static async Task<Figures> RunAsync(SuiteOptions options, string data)
    {
        ArgumentNullException.ThrowIfNull(options);
        var figures = new Figures("slow clients");
        await using var host = await HostProcess.StartAsync(data);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.SlowClientSeconds));
        var closedByHost = 0;
        var slow = Enumerable.Range(0, options.SlowClients).Select(i => Task.Run(async () =>
        {
            if (await Trickle(host.Port, i % 2 == 0, stop.Token))
            {
                Interlocked.Increment(ref closedByHost);
            }
        })).ToList();

        var latencies = new List<double>();
        var accepted = 0;
        var posted = 0;
        while (!stop.IsCancellationRequested)
        {
            posted++;
            var clock = Stopwatch.StartNew();
            var response = await host.PostEventAsync("norse.suspected", DateTimeOffset.UtcNow.AddHours(-1), $"SLOW:{posted}", $"slow-{posted}");
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            accepted += response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
            await Task.Delay(20);
        }

        await Task.WhenAll(slow);
        var healthy = (await host.Client.GetAsync("/healthz")).IsSuccessStatusCode;
        var p99 = DeadlineScenario.Percentile(latencies, 99);
        figures.Add($"{options.SlowClients} slow connections (half trickling headers, half bodies, 1 byte/s) for {options.SlowClientSeconds} s; {closedByHost} closed by the host");
        figures.Add($"{posted} normal posts meanwhile: {accepted} got 202, latency p50 {DeadlineScenario.Percentile(latencies, 50):F1} ms, p99 {p99:F1} ms, max {latencies.Max():F1} ms; healthy after: {healthy}");
        figures.Expect(accepted == posted, "every normal post gets 202");
        figures.Expect(p99 < 1000, "normal posts stay under a second (p99)");
        figures.Expect(healthy, "the host stays healthy");
        return figures;
    }

    // True when the host closed the connection before the client gave up.
    private static async Task<bool> Trickle(int port, bool headers, CancellationToken stop)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, CancellationToken.None);
        var stream = client.GetStream();
        var head = $"POST /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: {HostProcess.Key}\r\nContent-Type: application/cloudevents+json\r\nContent-Length: 100000\r\n";
        var bytes = Encoding.ASCII.GetBytes(headers ? head : head + "\r\n");
        try
        {
            if (!headers)
            {
                await stream.WriteAsync(bytes, CancellationToken.None);
                bytes = Encoding.ASCII.GetBytes("{\"specversion\":\"1.0\"," + new string(' ', 99_000));
            }

            foreach (var b in bytes)
            {
                await stream.WriteAsync(new[] { b }, CancellationToken.None);
                await Task.Delay(1000, stop);
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }

        return false;
    }
}
