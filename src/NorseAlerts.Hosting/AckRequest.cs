using System.Text.Json;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Hosting;

/// <summary>
/// The body of <c>POST /api/alerts/{alertId}/ack</c>: <c>{"by": "...", "note": "..."}</c>, both optional as in the
/// embedded host (an empty body acknowledges as the caller).
/// </summary>
public static class AckRequest
{
    /// <summary>Longest accepted <c>by</c>.</summary>
    public const int MaxByLength = 200;

    /// <summary>Longest accepted <c>note</c>.</summary>
    public const int MaxNoteLength = 4000;

    /// <summary>
    /// Reads the body into an acknowledgement of <paramref name="alertId"/> by <c>by</c>, or by
    /// <paramref name="caller"/> when the body names nobody; else every bad field (values never echoed).
    /// </summary>
    public static (Acknowledge? Ack, IReadOnlyList<FieldError> Errors) Read(ReadOnlyMemory<byte> body, string alertId, string caller)
    {
        ArgumentException.ThrowIfNullOrEmpty(alertId);
        ArgumentException.ThrowIfNullOrEmpty(caller);
        if (body.IsEmpty)
        {
            return (new Acknowledge(alertId, caller, null), []);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return (null, [new FieldError("body", "must be JSON {\"by\": \"...\", \"note\": \"...\"}")]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, [new FieldError("body", "must be JSON {\"by\": \"...\", \"note\": \"...\"}")]);
            }

            var errors = new List<FieldError>();
            var by = OptionalString(root, "by", MaxByLength, errors);
            var note = OptionalString(root, "note", MaxNoteLength, errors);
            return errors.Count > 0
                ? (null, errors)
                : (new Acknowledge(alertId, string.IsNullOrWhiteSpace(by) ? caller : by, note), []);
        }
    }

    private static string? OptionalString(JsonElement root, string name, int maxLength, List<FieldError> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError(name, "must be a string"));
            return null;
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // A lone UTF-16 surrogate escape (\ud800) is valid JSON text but no string: refuse it like any bad field.
            errors.Add(new FieldError(name, "is not valid Unicode (a lone UTF-16 surrogate)"));
            return null;
        }

        if (text.Length > maxLength)
        {
            errors.Add(new FieldError(name, "is too long"));
            return null;
        }

        return text;
    }
}
