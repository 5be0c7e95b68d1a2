using System.Net;
using System.Net.Sockets;

namespace NorseAlerts.Reliability;

/// <summary>
/// A TCP relay between the host and the broker that the suite can cut: while down it drops every connection and
/// refuses new ones, so the host sees a broker outage without the shared broker being stopped.
/// </summary>
public sealed class OutageProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly string upstreamHost;
    private readonly int upstreamPort;
    private readonly List<TcpClient> open = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private volatile bool down;

    /// <summary>Starts relaying to <paramref name="host"/>:<paramref name="port"/>.</summary>
    public OutageProxy(string host, int port)
    {
        upstreamHost = host;
        upstreamPort = port;
        listener.Start();
        accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The local port the host connects to.</summary>
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Cuts (true) or restores (false) the broker.</summary>
    public bool Down
    {
        get => down;
        set
        {
            down = value;
            if (value)
            {
                lock (open)
                {
                    foreach (var c in open)
                    {
                        c.Dispose();
                    }

                    open.Clear();
                }
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        Down = true;
        try
        {
            await accepting;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            if (down)
            {
                client.Dispose();
                continue;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(upstreamHost, upstreamPort);
            lock (open)
            {
                open.Add(client);
                open.Add(upstream);
            }

            var a = client.GetStream().CopyToAsync(upstream.GetStream());
            var b = upstream.GetStream().CopyToAsync(client.GetStream());
            await Task.WhenAny(a, b);
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
        }
    }
}
