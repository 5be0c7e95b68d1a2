using NorseAlerts.Ingest;

namespace NorseAlerts.Hosting;

/// <summary><c>POST /api/events</c>, <c>/api/hl7v2</c> and <c>/api/fhir</c>: <c>202</c> (or the HL7 ACK) only after the commit; bad input stores nothing.</summary>
public sealed partial class CaseApi
{
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

        if (RequestBody.Utf8Text(body) is not { } text)
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

        return await RequestBody.ReadAsync(request.Body, request.ContentLength, cancellationToken).ConfigureAwait(false) is { } body
            ? (body, null)
            : ([], TooLarge);
    }
}
