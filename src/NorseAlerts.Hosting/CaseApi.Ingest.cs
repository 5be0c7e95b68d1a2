using System.Text;
using NorseAlerts.Ingest;

namespace NorseAlerts.Hosting;

/// <summary><c>POST /api/events</c>, <c>/api/hl7v2</c> and <c>/api/fhir</c>: <c>202</c> (or the HL7 ACK) only after the commit; bad input stores nothing.</summary>
public sealed partial class CaseApi
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// One CloudEvent or an atomic batch: <c>202</c> with the receipt once committed, <c>400</c> naming each bad
    /// field, <c>413</c> over 1 MiB, <c>415</c> for another content type.
    /// </summary>
    public async Task<ApiReply> EventsAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, refused) = await BodyAsync(request, MediaTypes.CloudEvents, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var parsed = CloudEventsReader.Read(body, request.ContentType, time.GetUtcNow());
        if (!parsed.IsValid)
        {
            return ApiReply.Of(Problem.Invalid(parsed.Errors));
        }

        var receipt = await cases.IngestAsync(parsed.Events, request.Actor, cancellationToken).ConfigureAwait(false);
        return ApiReply.Json(202, receipt);
    }

    /// <summary>
    /// One HL7 v2 message: <c>200</c> with its ACK (AA, AE or AR alike: the ACK is the answer, and engines resend
    /// anything that is not 2xx); <c>413</c> and <c>415</c> only for transport problems.
    /// </summary>
    public async Task<ApiReply> Hl7v2Async(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, refused) = await BodyAsync(request, MediaTypes.Hl7v2Message, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var answer = await hl7v2.AcceptAsync(body, request.Actor, "hl7v2", cancellationToken).ConfigureAwait(false);
        return ApiReply.Text(200, answer.Ack, MediaTypes.Hl7v2);
    }

    /// <summary>
    /// A FHIR R4 resource or Bundle: <c>202</c> with the receipt and the entries not applied, <c>400</c> naming each
    /// bad element, <c>413</c> over 1 MiB, <c>415</c> for another content type.
    /// </summary>
    public async Task<ApiReply> FhirAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, refused) = await BodyAsync(request, MediaTypes.Fhir, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        if (Utf8Text(body) is not { } text)
        {
            return ApiReply.Of(Problem.Invalid([new("body", "is not valid UTF-8")]));
        }

        var parsed = FhirReader.Read(text, time.GetUtcNow(), site.Fhir);
        if (!parsed.IsValid)
        {
            return ApiReply.Of(Problem.Invalid(parsed.Errors));
        }

        var receipt = await cases.IngestAsync(parsed.Events, request.Actor, cancellationToken).ConfigureAwait(false);
        await hl7v2.Unmapped.RecordAsync(parsed.UnmappedDiagnoses, "fhir", request.Actor, cancellationToken).ConfigureAwait(false);
        return ApiReply.Json(202, FhirReceipt.Of(receipt, parsed.Ignored));
    }

    /// <summary>
    /// The body of a request whose media type is one of <paramref name="accepted"/>, read within the 1 MiB limit;
    /// otherwise the <c>415</c> or <c>413</c> answer, and the body is not read further.
    /// </summary>
    private static async Task<(byte[] Body, ApiReply? Refused)> BodyAsync(ApiRequest request, IReadOnlyList<string> accepted, CancellationToken cancellationToken)
    {
        if (!MediaTypes.Allows(accepted, request.ContentType))
        {
            return ([], ApiReply.Of(Problem.UnsupportedMediaType(accepted)));
        }

        return await ReadBodyAsync(request.Body, request.ContentLength, cancellationToken).ConfigureAwait(false) is { } body
            ? (body, null)
            : ([], TooLarge);
    }

    /// <summary>The body, or null when it exceeds <see cref="BodyLimit"/> (answer 413); stops reading at the limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        if (contentLength > BodyLimit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > BodyLimit)
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
    private static string? Utf8Text(byte[] body)
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
