namespace NorseAlerts.Host.Mllp;

/// <summary>
/// Reads MLLP frames (VT message FS CR) from a connection. Bytes outside a frame are skipped; a frame larger than the
/// limit is read to its end and reported as oversized (its first bytes kept, so the ACK can still be routed); a frame
/// cut off by the peer closing is dropped, so half a message is never applied.
/// </summary>
public sealed class MllpFrameReader(Stream stream, int maxMessageBytes)
{
    /// <summary>Start block (VT).</summary>
    public const byte StartBlock = 0x0B;

    /// <summary>End block (FS).</summary>
    public const byte EndBlock = 0x1C;

    /// <summary>Carriage return after the end block.</summary>
    public const byte CarriageReturn = 0x0D;

    private const int HeaderBytes = 4096;

    private readonly byte[] buffer = new byte[16 * 1024];
    private int start;
    private int end;

    /// <summary>The next frame, or null when the peer closed the connection (a partial frame is dropped).</summary>
    public async Task<MllpFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        // Skip anything before VT: noise, a stray CR after the previous FS, keep-alive bytes.
        while (true)
        {
            if (start == end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var vt = Array.IndexOf(buffer, StartBlock, start, end - start);
            if (vt >= 0)
            {
                start = vt + 1;
                break;
            }

            start = end;
        }

        using var message = new MemoryStream();
        var oversized = false;
        while (true)
        {
            if (start == end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var fs = Array.IndexOf(buffer, EndBlock, start, end - start);
            var stop = fs >= 0 ? fs : end;
            var length = stop - start;
            if (message.Length + length <= maxMessageBytes)
            {
                message.Write(buffer, start, length);
            }
            else
            {
                // Keep the start (for the ACK's routing), drop the rest.
                oversized = true;
                var room = (int)Math.Max(0, HeaderBytes - message.Length);
                message.Write(buffer, start, Math.Min(room, length));
            }

            start = stop;
            if (fs >= 0)
            {
                start = fs + 1;
                break;
            }
        }

        // A VT inside the message means the previous frame never ended: what came before it is dropped.
        var bytes = message.ToArray();
        var restart = Array.LastIndexOf(bytes, StartBlock);
        if (restart >= 0)
        {
            bytes = bytes[(restart + 1)..];
        }

        return new MllpFrame(bytes, oversized);
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        start = 0;
        end = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return end > 0;
    }
}

/// <summary>One frame's content.</summary>
/// <param name="Message">The message bytes (only its start when <paramref name="Oversized"/>).</param>
/// <param name="Oversized">True when the frame exceeded the size limit; it is refused, not read.</param>
public sealed record MllpFrame(byte[] Message, bool Oversized);
