using System.Text.Json;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Pathway.Hosting;

/// <summary>The body of <c>POST /api/alerts/{alertId}/ack</c>: <c>{"by": "...", "note": "..."}</c>.</summary>
public static class AckRequest
{
    /// <summary>
    /// Reads the body into an acknowledgement of <paramref name="alertId"/>, or every bad field (named as in
    /// the body, values never echoed).
    /// </summary>
    public static (Acknowledge? Ack, IReadOnlyList<FieldError> Errors) Read(ReadOnlyMemory<byte> body, string alertId)
    {
        ArgumentException.ThrowIfNullOrEmpty(alertId);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return (null, [new FieldError("body", "must be a JSON object {\"by\": \"...\", \"note\": \"...\"}")]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, [new FieldError("body", "must be a JSON object {\"by\": \"...\", \"note\": \"...\"}")]);
            }

            var errors = new List<FieldError>();
            string? by = null;
            if (!root.TryGetProperty("by", out var b) || b.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(b.GetString()))
            {
                errors.Add(new FieldError("by", "required: who acknowledges (a role or user id)"));
            }
            else
            {
                by = b.GetString();
            }

            string? note = null;
            if (root.TryGetProperty("note", out var n) && n.ValueKind != JsonValueKind.Null)
            {
                if (n.ValueKind == JsonValueKind.String)
                {
                    note = n.GetString();
                }
                else
                {
                    errors.Add(new FieldError("note", "must be a string"));
                }
            }

            return errors.Count > 0 ? (null, errors) : (new Acknowledge(alertId, by!, note), []);
        }
    }
}
