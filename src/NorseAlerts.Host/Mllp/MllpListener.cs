using System.Net;
using System.Net.Sockets;
using System.Text;
using NorseAlerts.Hosting;
using NorseAlerts.Ingest;

namespace NorseAlerts.Host.Mllp;

/// <summary>
/// The MLLP listener (<c>NorseAlerts:Mllp:Port</c>): many connections, many frames per connection, each message read
/// and committed by <see cref="Hl7v2Intake"/> exactly as over HTTP, and its ACK written only after the commit. A store
/// failure sends no ACK and closes the connection, so the engine resends the message.
/// </summary>
public sealed class MllpListener(MllpOptions options, IServiceProvider services, ILogger<MllpListener> logger) : BackgroundService
{
    private readonly TaskCompletionSource<IPEndPoint> bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Where the listener listens once started (the real port when configured as 0).</summary>
    public Task<IPEndPoint> Bound => bound.Task;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Port is not { } port)
        {
            return;
        }

        var listener = new TcpListener(options.Address, port);
        try
        {
            listener.Start();
        }
        catch (SocketException e)
        {
            bound.TrySetException(e);
            Logs.MllpBindFailed(logger, options.Address.ToString(), port, e.SocketErrorCode.ToString());
            throw;
        }

        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        bound.TrySetResult(endpoint);
        Logs.MllpListening(logger, endpoint.ToString());
        using var slots = new SemaphoreSlim(options.MaxConnections);
        var connections = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stoppingToken).ConfigureAwait(false);
                }
                catch
                {
                    slots.Release();
                    throw;
                }

                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(Task.Run(async () =>
                {
                    try
                    {
                        await ServeAsync(client, stoppingToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            listener.Stop();
            await Task.WhenAll(connections).ConfigureAwait(false);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stoppingToken)
    {
        using (client)
        {
            client.NoDelay = true;
            var stream = client.GetStream();
            var reader = new MllpFrameReader(stream, options.MaxMessageBytes);
            var intake = services.GetRequiredService<Hl7v2Intake>();
            var time = services.GetRequiredService<TimeProvider>();
            try
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    MllpFrame? frame;
                    using (var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                    {
                        idle.CancelAfter(options.IdleTimeout);
                        try
                        {
                            frame = await reader.ReadAsync(idle.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                        {
                            Logs.MllpIdle(logger, options.IdleTimeout.ToString());
                            return;
                        }
                    }

                    if (frame is null)
                    {
                        return; // closed by the peer; a partial frame is dropped
                    }

                    string ack;
                    if (frame.Oversized)
                    {
                        var refused = Hl7v2Reader.Refused(frame.Message, "MSH", $"the message exceeds the {options.MaxMessageBytes}-byte limit; split it");
                        ack = refused.Ack(time.GetUtcNow());
                    }
                    else
                    {
                        ack = (await intake.AcceptAsync(frame.Message, "mllp", "mllp", stoppingToken).ConfigureAwait(false)).Ack;
                    }

                    await WriteFrameAsync(stream, ack, EncodingOf(frame.Message), stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                Logs.MllpConnectionLost(logger, e.GetType().Name);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The commit failed (store full, read-only...): no ACK, so the engine keeps the message and resends it.
                Logs.MllpCommitFailed(logger, e.GetType().Name);
            }
        }
    }

    private static Encoding EncodingOf(byte[] message) =>
        Hl7Charset.Supported.TryGetValue(Hl7Charset.DeclaredCharset(message), out var name) && name != "utf-8"
            ? Encoding.GetEncoding(name)
            : new UTF8Encoding(false);

    private static async Task WriteFrameAsync(Stream stream, string ack, Encoding encoding, CancellationToken cancellationToken)
    {
        var body = encoding.GetBytes(ack);
        var frame = new byte[body.Length + 3];
        frame[0] = MllpFrameReader.StartBlock;
        body.CopyTo(frame, 1);
        frame[^2] = MllpFrameReader.EndBlock;
        frame[^1] = MllpFrameReader.CarriageReturn;
        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
