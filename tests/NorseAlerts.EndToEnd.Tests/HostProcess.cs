using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NorseAlerts.EndToEnd.Tests;

/// <summary>The built Host as a real child process on a free loopback port, killable with SIGKILL.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    public const string Key = "e2e-key";
    private readonly Process process;
    private readonly StringBuilder output = new();

    private HostProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }
    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static string HostDll
    {
        get
        {
            var testDir = AppContext.BaseDirectory;
            var config = new DirectoryInfo(testDir).Parent!.Name;
            var root = Path.GetFullPath(Path.Combine(testDir, "../../../../.."));
            var dll = Path.Combine(root, "src/NorseAlerts.Host/bin", config, "net10.0/NorseAlerts.Host.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the Host first", dll);
        }
    }

    public static async Task<HostProcess> StartAsync(string dataDirectory, IDictionary<string, string>? settings = null, bool waitReady = true)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet", [HostDll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["NorseAlerts__DataDirectory"] = dataDirectory;
        psi.Environment["NorseAlerts__ApiKeys__e2e"] = Key;
        foreach (var (k, v) in settings ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        var host = new HostProcess(Process.Start(psi)!, port);
        if (waitReady)
        {
            await host.WaitReadyAsync();
        }

        return host;
    }

    public async Task WaitReadyAsync()
    {
        var deadline = Environment.TickCount64 + 30000;
        while (Environment.TickCount64 < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Host exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await Client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or SocketException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("Host did not become healthy:\n" + Output);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush.</summary>
    public void Kill9()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public async Task<HttpResponseMessage> PostEventAsync(string type, DateTimeOffset time, string subject, string id, object? data = null)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["specversion"] = "1.0",
            ["id"] = id,
            ["source"] = "e2e://mirth",
            ["type"] = type,
            ["time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["subject"] = subject,
            ["data"] = data ?? new { },
        });
        return await Client.PostAsync("/api/events", new StringContent(json, Encoding.UTF8, "application/cloudevents+json"));
    }

    public async Task<JsonArray> GetArrayAsync(string path) =>
        JsonNode.Parse(await Client.GetStringAsync(path))!.AsArray();

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Client.Dispose();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
