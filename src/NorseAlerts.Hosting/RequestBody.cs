using System.Text;

namespace NorseAlerts.Hosting;

/// <summary>Reads request bodies up to the 1 MiB limit of the API, the same in both hosts.</summary>
public static class RequestBody
{
    /// <summary>The largest body accepted.</summary>
    public const int Limit = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body, or null when it exceeds <see cref="Limit"/> (answer 413); stops reading at the limit.</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (contentLength > Limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > Limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The body as text, or null when it is not well-formed UTF-8 (broken Unicode is refused, never silently
    /// replaced by U+FFFD and stored).
    /// </summary>
    public static string? Utf8Text(byte[] body)
    {
        try
        {
            return StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
