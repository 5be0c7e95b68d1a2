using System.Text;

namespace NorseAlerts.Host;

/// <summary>Reads request bodies up to the 1 MiB limit of DESIGN section 5.</summary>
public static class BodyReader
{
    /// <summary>The largest body accepted.</summary>
    public const int Limit = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body, or null when it exceeds <see cref="Limit"/> (answer 413).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > Limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > Limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
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

    /// <summary>The 413 answer.</summary>
    public static IResult TooLarge() =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The limit is {Limit} bytes (1 MiB); split the batch.");
}
