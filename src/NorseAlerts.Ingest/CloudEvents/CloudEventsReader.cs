using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Ingest;

/// <summary>
/// Reads the body of <c>POST /api/events</c> (DESIGN section 5): one CloudEvents 1.0 structured JSON event or a
/// JSON array of them. Pure: no I/O and no clock, the caller passes <c>now</c>. Never throws for any input bytes.
/// </summary>
/// <remarks>
/// Every event is checked field by field first, so the sender hears about every bad field at once; the CloudEvents
/// SDK (<see cref="JsonEventFormatter"/>) then decodes each event, and anything it still refuses becomes an error
/// rather than an exception. The JSON shape decides single versus batch, whichever of the accepted media types came.
/// </remarks>
public static partial class CloudEventsReader
{
    /// <summary>The media types <see cref="Read"/> accepts (parameters such as <c>charset=utf-8</c> aside).</summary>
    public static readonly IReadOnlyList<string> MediaTypes =
    [
        "application/cloudevents+json", "application/cloudevents-batch+json", "application/json",
    ];

    private static readonly JsonEventFormatter Formatter = new();

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Reads one event or a batch; a batch is atomic (any bad event rejects all of them).</summary>
    /// <param name="body">The request body as received.</param>
    /// <param name="contentType">The Content-Type header, or null when absent.</param>
    /// <param name="now">The current time, for the five-minute future limit.</param>
    public static IngestResult Read(ReadOnlyMemory<byte> body, string? contentType, DateTimeOffset now)
    {
        try
        {
            return ReadBody(body, contentType, now);
        }
        catch (Exception e)
        {
            // Last line of defence: the checks above should leave nothing to throw, but a reader must never
            // crash the host because of a body it was sent.
            return IngestResult.Rejected("body", $"could not be read ({e.GetType().Name})");
        }
    }

    private static IngestResult ReadBody(ReadOnlyMemory<byte> body, string? contentType, DateTimeOffset now)
    {
        if (CheckContentType(contentType) is { } contentTypeError)
        {
            return IngestResult.Rejected([contentTypeError]);
        }

        var bytes = SkipBom(body);
        if (IsBlank(bytes.Span))
        {
            return IngestResult.Rejected("body", "is empty; send a CloudEvents JSON object or an array of them");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException e)
        {
            return IngestResult.Rejected("body", $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        using (document)
        {
            var root = document.RootElement;
            return root.ValueKind switch
            {
                JsonValueKind.Object => ReadSingle(root, now),
                JsonValueKind.Array => ReadBatch(root, now),
                _ => IngestResult.Rejected("body", "must be a CloudEvents JSON object or a JSON array of them"),
            };
        }
    }

    private static IngestResult ReadSingle(JsonElement element, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        var e = ReadEvent(element, string.Empty, now, errors);
        return e is not null && errors.Count == 0 ? IngestResult.Accepted([e]) : IngestResult.Rejected(errors);
    }

    private static IngestResult ReadBatch(JsonElement array, DateTimeOffset now)
    {
        if (array.GetArrayLength() == 0)
        {
            return IngestResult.Rejected("body", "is an empty batch; send at least one event");
        }

        var errors = new List<FieldError>();
        var events = new List<ClinicalEvent>();
        var firstIndexByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var prefix = $"[{index}].";
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new FieldError($"[{index}]", "must be a JSON object (one CloudEvent)"));
            }
            else if (ReadEvent(element, prefix, now, errors) is { } e)
            {
                if (firstIndexByKey.TryGetValue(e.Key, out var first))
                {
                    errors.Add(new FieldError(prefix + "id", $"repeats the source and id of [{first}]; every event in a batch needs its own id"));
                }
                else
                {
                    firstIndexByKey[e.Key] = index;
                    events.Add(e);
                }
            }

            index++;
        }

        return errors.Count == 0 ? IngestResult.Accepted(events) : IngestResult.Rejected(errors);
    }

    /// <summary>One event, or null with its errors (prefixed) added to <paramref name="errors"/>.</summary>
    private static ClinicalEvent? ReadEvent(JsonElement element, string prefix, DateTimeOffset now, List<FieldError> errors)
    {
        var own = new List<FieldError>();
        CheckAttributes(element, own);
        if (own.Count == 0 && Decode(element, own) is { } cloudEvent && own.Count == 0)
        {
            var e = ToClinicalEvent(cloudEvent, own);
            if (own.Count == 0)
            {
                own.AddRange(ClinicalEventValidator.Validate(e, now));
                if (own.Count == 0)
                {
                    return e;
                }
            }
        }
        else
        {
            // The attributes are already refused; the event as far as it can be read is still validated, so the
            // sender hears about every bad field (a bad time and a bad data.agent) in one answer.
            own.AddRange(ClinicalEventValidator.Validate(Sketch(element), now)
                .Where(error => !own.Any(o => o.Field == error.Field || error.Field.StartsWith(o.Field + ".", StringComparison.Ordinal))));
        }

        // A field our own checks already named is not reported a second time by the validator.
        errors.AddRange(own
            .DistinctBy(error => error.Field, StringComparer.Ordinal)
            .Select(error => error with { Field = prefix + error.Field }));
        return null;
    }

    private static CloudEvent? Decode(JsonElement element, List<FieldError> errors)
    {
        try
        {
            return Formatter.ConvertFromJsonElement(element, extensionAttributes: null);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException or JsonException)
        {
            errors.Add(new FieldError("event", $"is not a valid CloudEvent: {e.Message}"));
            return null;
        }
    }

    private static ReadOnlyMemory<byte> SkipBom(ReadOnlyMemory<byte> body) =>
        body.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? body[3..] : body;

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static FieldError? CheckContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var parts = contentType.Split(';');
        var mediaType = parts[0].Trim();
        if (!MediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return new FieldError("Content-Type", $"'{mediaType}' is not accepted; use {string.Join(", ", MediaTypes)}");
        }

        foreach (var parameter in parts.Skip(1))
        {
            var pair = parameter.Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                var charset = pair[1].Trim().Trim('"');
                if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
                {
                    return new FieldError("Content-Type", $"charset '{charset}' is not accepted; JSON is UTF-8");
                }
            }
        }

        return null;
    }
}
