using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Ingest;

/// <summary>Event ids, patient keys, times and validation shared by every resource mapping.</summary>
public static partial class FhirReader
{
    private static ClinicalEvent Event(Context context, Resource resource, string path, string? fullUrl, string type, DateTimeOffset? time, string? subject)
    {
        string id;
        if (!string.IsNullOrWhiteSpace(resource.Id))
        {
            id = $"{resource.TypeName}/{resource.Id}";
            if (!string.IsNullOrWhiteSpace(resource.Meta?.VersionId))
            {
                id += "/_history/" + resource.Meta.VersionId;
            }
        }
        else if (!string.IsNullOrWhiteSpace(fullUrl))
        {
            id = fullUrl; // transaction entries carry urn:uuid full URLs before the server assigns ids
        }
        else
        {
            context.Errors.Add(new FieldError(path + ".id", "is required (the event id is resourceType/id)"));
            id = string.Empty;
        }

        return new ClinicalEvent
        {
            Source = string.IsNullOrWhiteSpace(resource.Meta?.Source) ? DefaultSource : resource.Meta.Source,
            Id = id,
            Type = type,
            Time = time ?? default,
            Subject = subject ?? string.Empty,
        };
    }

    /// <summary>
    /// Without <c>meta.versionId</c> an event id carries a hash of what the pathway reads from the resource, so an
    /// update of the same resource (a corrected time, in-progress to completed with a new agent) is a new event while
    /// an unchanged resend stays a duplicate.
    /// </summary>
    private static ClinicalEvent WithContentId(ClinicalEvent e)
    {
        if (e.Id.Length == 0 || e.Id.Contains("/_history/", StringComparison.Ordinal))
        {
            return e;
        }

        // A retraction is dated on arrival when the record says nothing: its time is no part of what it says.
        var time = e.Type == EventTypes.EnteredInError ? string.Empty : e.Time.UtcTicks.ToString(CultureInfo.InvariantCulture);
        var content = string.Join('\u001f', e.Type, time, e.Subject, e.Agent, e.Outcome, e.Reason,
            e.From, e.WeightKg?.ToString("R", CultureInfo.InvariantCulture), e.HeightCm?.ToString("R", CultureInfo.InvariantCulture), e.Detail, e.TimePrecision);
        // Appended only to a retraction, so the ids of every other event stay as earlier versions gave them.
        content = e.Retracts is null ? content : content + '\u001f' + e.Retracts;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..16];
        return e with { Id = $"{e.Id}/_content/{hash}" };
    }

    /// <summary>Validates and adds <paramref name="e"/>; validator fields are renamed to FHIR paths.</summary>
    private static void Emit(Context context, ClinicalEvent e, string path, string timeField, params (string Canonical, string Fhir)[] more)
    {
        e = WithContentId(e);
        var names = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["time"] = timeField,
            ["subject"] = path + ".subject",
            ["id"] = path + ".id",
            ["source"] = path + ".meta.source",
        };
        foreach (var (canonical, fhir) in more)
        {
            names[canonical] = fhir;
        }

        var named = context.Errors.Select(error => error.Field).ToHashSet(StringComparer.Ordinal);
        var before = context.Errors.Count;
        foreach (var error in ClinicalEventValidator.Validate(e, context.Now))
        {
            var field = names.TryGetValue(error.Field, out var fhir) ? fhir : error.Field;
            // An element already named (or a part of it) needs no second, vaguer error from the validator.
            if (!named.Any(f => f == field || f.StartsWith(field + ".", StringComparison.Ordinal) || field.StartsWith(f + ".", StringComparison.Ordinal))
                && named.Add(field))
            {
                context.Errors.Add(new FieldError(field, error.Message));
            }
        }

        if (context.Errors.Count == before && !named.Any(f => f == path || f.StartsWith(path + ".", StringComparison.Ordinal)))
        {
            context.Events.Add(e);
        }
    }

    private static DateTimeOffset? Time(Context context, string? value, string field)
    {
        if (Rfc3339.Parse(value) is { } time)
        {
            return time;
        }

        return Fail(context, field, $"'{value}' must be a dateTime with a time and an offset, e.g. 2024-03-01T10:15:00+01:00 (a date alone cannot start a clinical clock)");
    }

    private static DateTimeOffset? Fail(Context context, string field, string message)
    {
        context.Errors.Add(new FieldError(field, message));
        return null;
    }

    /// <summary>The patient key a reference points at: its identifier, a Patient/id, or a Patient entry of the Bundle.</summary>
    private static string? Subject(Context context, ResourceReference? reference, string field)
    {
        if (reference is null)
        {
            return null; // the validator names it as required
        }

        if (reference.Identifier is { Value.Length: > 0 } identifier)
        {
            return IdentifierKey(context, identifier);
        }

        var target = reference.Reference ?? string.Empty;
        if (context.Bundle?.Entry.FirstOrDefault(e => e.FullUrl == target && e.Resource is Patient) is { Resource: Patient patient })
        {
            return PatientKey(context, patient, field);
        }

        var logical = LogicalReference(target);
        if (logical is ["Patient", var id])
        {
            return "Patient/" + id;
        }

        context.Errors.Add(new FieldError(field, "must reference a Patient (reference 'Patient/<id>' or an identifier)"));
        return null;
    }

    /// <summary>A Patient's key: an identifier whose system belongs to a site identifier domain, else Patient/id, else its first identifier.</summary>
    private static string? PatientKey(Context context, Patient patient, string path)
    {
        if (patient.Identifier.FirstOrDefault(i => i.Value is { Length: > 0 } && context.Options.Identifiers.DomainOf(i.System) is not null) is { } mapped)
        {
            return IdentifierKey(context, mapped);
        }

        if (!string.IsNullOrWhiteSpace(patient.Id))
        {
            return "Patient/" + patient.Id;
        }

        if (patient.Identifier.FirstOrDefault(i => i.Value is { Length: > 0 }) is { } first)
        {
            return IdentifierKey(context, first);
        }

        context.Errors.Add(new FieldError(path + ".identifier", "is required (an id or identifier names the patient)"));
        return null;
    }

    private static string IdentifierKey(Context context, Identifier identifier)
    {
        if (identifier.System is { Length: > 0 } system)
        {
            return context.Options.Identifiers.KeyFor(system, identifier.Value ?? string.Empty) ?? $"{system}|{identifier.Value}";
        }

        return identifier.Value ?? string.Empty;
    }

    /// <summary>"Patient/123" from a relative or absolute reference, without any _history part.</summary>
    private static string[] LogicalReference(string reference)
    {
        var history = reference.IndexOf("/_history", StringComparison.Ordinal);
        var segments = (history >= 0 ? reference[..history] : reference).Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 ? segments[^2..] : [];
    }

    /// <summary>A Medication a reference points at: contained (#id) or an entry of the same Bundle.</summary>
    private static Medication? Medication(Context context, DomainResource owner, ResourceReference reference, string field)
    {
        var target = reference.Reference ?? string.Empty;
        Medication? found;
        if (target.StartsWith('#'))
        {
            found = owner.Contained.OfType<Medication>().FirstOrDefault(m => "#" + m.Id == target);
        }
        else
        {
            var logical = LogicalReference(target);
            found = context.Bundle?.Entry
                .Where(e => e.Resource is Medication && (e.FullUrl == target || (logical is ["Medication", var id] && e.Resource.Id == id)))
                .Select(e => e.Resource as Medication)
                .FirstOrDefault();
        }

        if (found is null)
        {
            context.Errors.Add(new FieldError(field, "must point to a contained Medication or a Medication in the same Bundle"));
        }

        return found;
    }
}
