using System.Globalization;
using Hl7.Fhir.Model;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Ingest;

/// <summary>The per-resource mapping (docs/fhir-mapping.md).</summary>
public static partial class FhirReader
{
    private const string DefaultSource = "fhir";

    private static void ReadCondition(Context context, Condition condition, string path, string? fullUrl)
    {
        if (condition.VerificationStatus?.Coding.Any(c => c.Code is "entered-in-error" or "refuted") == true)
        {
            return;
        }

        var coding = condition.Code?.Coding.FirstOrDefault(c => context.Options.RseOnsetCodes.Any(m => m.Matches(c.System, c.Code)));
        if (coding is null)
        {
            // A diagnosis the pathway does not track: counted, so a site sees codes it may need to map.
            context.Unmapped.AddRange(condition.Code?.Coding.Where(c => !string.IsNullOrWhiteSpace(c.Code)).Select(c => new Coding(c.System, c.Code, c.Display)) ?? []);
            return;
        }

        var (time, timeField) = condition.Onset switch
        {
            FhirDateTime dt => (Time(context, dt.Value, path + ".onsetDateTime"), path + ".onsetDateTime"),
            Period period => (Time(context, period.Start, path + ".onsetPeriod.start"), path + ".onsetPeriod.start"),
            null => (null, path + ".onsetDateTime"),
            _ => (Fail(context, path + ".onset[x]", "must be onsetDateTime or onsetPeriod (the clinical onset of RSE)"), path + ".onset[x]"),
        };
        var e = Event(context, condition, path, fullUrl, EventTypes.RseOnset, time, Subject(context, condition.Subject, path + ".subject"));
        e = e with { Detail = condition.Code?.Text ?? coding.Display ?? coding.Code };
        Emit(context, e, path, timeField);
    }

    private static void ReadAdministration(Context context, MedicationAdministration administration, string path, string? fullUrl)
    {
        var enteredInError = administration.Status == MedicationAdministration.MedicationAdministrationStatusCodes.EnteredInError;
        if (!enteredInError && administration.Status is not (MedicationAdministration.MedicationAdministrationStatusCodes.Completed
            or MedicationAdministration.MedicationAdministrationStatusCodes.InProgress))
        {
            return; // not given (not-done, stopped, on-hold...)
        }

        var concept = administration.Medication switch
        {
            CodeableConcept c => c,
            ResourceReference r => Medication(context, administration, r, path + ".medicationReference")?.Code,
            _ => null,
        };
        if (concept is null)
        {
            if (administration.Medication is not ResourceReference)
            {
                context.Errors.Add(new FieldError(path + ".medicationCodeableConcept", "is required (the agent, coded in RxNorm or named in text)"));
            }

            return;
        }

        var codings = concept.Coding.Select(c => new Coding(c.System, c.Code, c.Display)).Append(new Coding(null, null, concept.Text));
        var agent = context.Options.Agents.Identify(codings);
        if (agent is null)
        {
            return; // not an agent the pathway tracks
        }

        if (enteredInError)
        {
            Retract(context, administration, administration.Subject, path, fullUrl);
            return;
        }

        var (time, timeField) = administration.Effective switch
        {
            FhirDateTime dt => (Time(context, dt.Value, path + ".effectiveDateTime"), path + ".effectiveDateTime"),
            Period period => (Time(context, period.Start, path + ".effectivePeriod.start"), path + ".effectivePeriod.start"),
            _ => (null, path + ".effectiveDateTime"),
        };
        var type = AgentCatalog.IsFirstLine(agent) ? EventTypes.FirstLineStarted
            : context.Options.SecondLine == SecondLineMapping.FirstAdministrationStarts ? EventTypes.SecondLineStarted
            : EventTypes.SecondLineDoseGiven;
        var dose = administration.Dosage?.Dose;
        var detail = string.Join(' ', new[] { concept.Text ?? concept.Coding.FirstOrDefault()?.Display, dose?.Value?.ToString(CultureInfo.InvariantCulture), dose?.Unit }
            .Where(s => !string.IsNullOrWhiteSpace(s)));
        var e = Event(context, administration, path, fullUrl, type, time, Subject(context, administration.Subject, path + ".subject"));
        e = e with { Agent = agent, Detail = detail.Length == 0 ? null : detail };
        Emit(context, e, path, timeField, ("data.agent", path + ".medicationCodeableConcept"));
    }

    /// <summary>A Procedure that names a tracked agent (plasmapheresis, as EHRs record it) starts that treatment.</summary>
    private static void ReadProcedure(Context context, Procedure procedure, string path, string? fullUrl)
    {
        var enteredInError = procedure.Status == EventStatus.EnteredInError;
        if (!enteredInError && procedure.Status is not (EventStatus.Completed or EventStatus.InProgress))
        {
            return; // preparation, not-done, stopped...
        }

        var concept = procedure.Code;
        var codings = (concept?.Coding ?? []).Select(c => new Coding(c.System, c.Code, c.Display)).Append(new Coding(null, null, concept?.Text));
        var agent = context.Options.Agents.Identify(codings);
        if (agent is null)
        {
            return; // a procedure the pathway does not track
        }

        if (enteredInError)
        {
            Retract(context, procedure, procedure.Subject, path, fullUrl);
            return;
        }

        var (time, timeField) = procedure.Performed switch
        {
            FhirDateTime dt => (Time(context, dt.Value, path + ".performedDateTime"), path + ".performedDateTime"),
            Period period => (Time(context, period.Start, path + ".performedPeriod.start"), path + ".performedPeriod.start"),
            _ => (Fail(context, path + ".performedDateTime", "is required (when the procedure started)"), path + ".performedDateTime"),
        };
        var type = AgentCatalog.IsFirstLine(agent) ? EventTypes.FirstLineStarted : EventTypes.SecondLineStarted;
        var e = Event(context, procedure, path, fullUrl, type, time, Subject(context, procedure.Subject, path + ".subject"));
        e = e with { Agent = agent, Detail = concept?.Text ?? concept?.Coding.FirstOrDefault()?.Display };
        Emit(context, e, path, timeField, ("data.agent", path + ".code"));
    }

    private static void ReadObservation(Context context, Observation observation, string path, string? fullUrl)
    {
        var enteredInError = observation.Status == ObservationStatus.EnteredInError;
        if (!enteredInError && observation.Status is not (ObservationStatus.Final or ObservationStatus.Amended or ObservationStatus.Corrected))
        {
            return; // preliminary or cancelled: not a measurement to dose by
        }

        var codings = observation.Code?.Coding ?? [];
        var isWeight = codings.Any(c => ClinicalCodes.BodyWeight.Any(m => m.Matches(c.System, c.Code)));
        var isHeight = codings.Any(c => ClinicalCodes.BodyHeight.Any(m => m.Matches(c.System, c.Code)));
        if (!isWeight && !isHeight)
        {
            return; // an observation the pathway does not use
        }

        if (enteredInError)
        {
            Retract(context, observation, observation.Subject, path, fullUrl);
            return;
        }

        var valueField = path + ".valueQuantity";
        double? value = null;
        if (observation.Value is not Quantity { Value: { } amount } quantity)
        {
            context.Errors.Add(new FieldError(valueField, "is required (a Quantity in kg or cm)"));
        }
        else
        {
            var unit = quantity.Code ?? quantity.Unit ?? string.Empty;
            var factor = isWeight ? WeightToKg(unit) : HeightToCm(unit);
            if (factor is null)
            {
                context.Errors.Add(new FieldError(valueField + ".code", $"unit '{unit}' is not understood; use UCUM {(isWeight ? "kg, g or [lb_av]" : "cm, m or [in_i]")}"));
            }
            else
            {
                value = (double)amount * factor.Value;
            }
        }

        var (time, timeField) = observation.Effective switch
        {
            FhirDateTime dt => (Time(context, dt.Value, path + ".effectiveDateTime"), path + ".effectiveDateTime"),
            Period period => (Time(context, period.Start, path + ".effectivePeriod.start"), path + ".effectivePeriod.start"),
            Instant instant => (instant.Value, path + ".effectiveInstant"),
            _ => (null, path + ".effectiveDateTime"),
        };
        var e = Event(context, observation, path, fullUrl, EventTypes.PatientMeasurements, time, Subject(context, observation.Subject, path + ".subject"));
        e = e with { WeightKg = isWeight ? value : null, HeightCm = isHeight ? value : null };
        Emit(context, e, path, timeField, ("data.weightKg", valueField), ("data.heightCm", valueField), ("data", valueField));
    }

    private static void ReadEncounter(Context context, Encounter encounter, string path, string? fullUrl)
    {
        if (encounter.Status == Encounter.EncounterStatus.EnteredInError)
        {
            Retract(context, encounter, encounter.Subject, path, fullUrl);
            return;
        }

        if (encounter.Status != Encounter.EncounterStatus.Finished)
        {
            return; // only a finished encounter is a discharge
        }

        var timeField = path + ".period.end";
        var (time, precision) = encounter.Period?.End is { } end
            ? ClosureTime(context, end, timeField)
            : (Fail(context, timeField, "is required for a finished encounter (the discharge time)"), null);
        var e = Event(context, encounter, path, fullUrl, EventTypes.PatientDischarged, time, Subject(context, encounter.Subject, path + ".subject"));
        Emit(context, e with { TimePrecision = precision }, path, timeField);
    }

    /// <summary>
    /// A resource sent again as <c>entered-in-error</c> retracts every event its versions gave: an
    /// <c>event.entered-in-error</c> naming <c>&lt;type&gt;/&lt;id&gt;</c> (or the entry's <c>fullUrl</c>), dated when the
    /// record changed (<c>meta.lastUpdated</c>), else on arrival.
    /// </summary>
    private static void Retract(Context context, Resource resource, ResourceReference? subject, string path, string? fullUrl)
    {
        var target = !string.IsNullOrWhiteSpace(resource.Id) ? $"{resource.TypeName}/{resource.Id}" : fullUrl;
        var e = Event(context, resource, path, fullUrl, EventTypes.EnteredInError, resource.Meta?.LastUpdated ?? context.Now, Subject(context, subject, path + ".subject"));
        Emit(context, e with { Retracts = target }, path, path + ".meta.lastUpdated", ("data.retracts", path + ".id"));
    }

    private static void ReadPatient(Context context, Patient patient, string path, string? fullUrl)
    {
        var timeField = path + ".deceasedDateTime";
        DateTimeOffset? time;
        string? precision;
        switch (patient.Deceased)
        {
            case FhirDateTime dt:
                (time, precision) = ClosureTime(context, dt.Value, timeField);
                break;
            case FhirBoolean { Value: true }:
                // A death without its time still ends the paging: dated when the record last changed, else on arrival.
                timeField = path + ".deceasedBoolean";
                time = patient.Meta?.LastUpdated ?? context.Now;
                precision = "unknown";
                break;
            default:
                return; // alive, or not said
        }

        var subject = PatientKey(context, patient, path);
        var e = Event(context, patient, path, fullUrl, EventTypes.PatientDeceased, time, subject) with { TimePrecision = precision };
        Emit(context, e, path, timeField);
    }

    /// <summary>A closure time: a full dateTime, or a date alone (the start of that day in the site zone, precision <c>day</c>).</summary>
    private static (DateTimeOffset? Time, string? Precision) ClosureTime(Context context, string? value, string field)
    {
        if (value is { Length: 10 } && DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return (new DateTimeOffset(day, context.Options.LocalTimeZone.GetUtcOffset(day)), "day");
        }

        return (Time(context, value, field), null);
    }

    private static double? WeightToKg(string unit) => unit switch
    {
        "kg" => 1,
        "g" => 0.001,
        "[lb_av]" or "lb" or "lbs" => 0.45359237, // international avoirdupois pound, by definition
        _ => null,
    };

    private static double? HeightToCm(string unit) => unit switch
    {
        "cm" => 1,
        "m" => 100,
        "mm" => 0.1,
        "[in_i]" or "in" => 2.54, // international inch, by definition
        _ => null,
    };
}
