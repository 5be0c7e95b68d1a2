using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Ingest;

/// <summary>ADT: discharge (A03) and its cancellation (A13), merge (A40), RSE diagnosis on A01/A04/A08, and death on any of those.</summary>
public static partial class Hl7v2Reader
{
    private static readonly HashSet<string> DiagnosisTriggers = new(StringComparer.Ordinal) { "A01", "A04", "A08" };

    private static void ReadAdt(Context context)
    {
        var trigger = context.Header.TriggerEvent;
        switch (trigger)
        {
            case "A03":
                ReadDischarge(context);
                ReadDeath(context);
                break;
            case "A13":
                ReadDischargeCancelled(context);
                break;
            case "A40":
                ReadMerges(context);
                break;
            case var t when DiagnosisTriggers.Contains(t):
                ReadDiagnosis(context);
                ReadDeath(context);
                break;
            default:
                // Other ADT events carry nothing the pathway uses: acknowledged, nothing to do.
                break;
        }
    }

    private static string? RequirePatient(Context context, Er7Segment? pid)
    {
        if (pid is null)
        {
            context.Issues.Add(new Issue("PID", "segment is required (the patient)", Hl7ErrorCodes.SegmentSequence));
            return null;
        }

        var key = PatientKey(context, pid, 3);
        if (key is null)
        {
            context.Issues.Add(new Issue(pid.Name(3), "is required (patient identifier: id^^^authority)", Hl7ErrorCodes.RequiredFieldMissing));
        }

        return key;
    }

    private static void ReadDischarge(Context context)
    {
        var m = context.Message;
        var subject = RequirePatient(context, m.First("PID"));
        // PV1-45 is the clinical discharge time; EVN-6 (event occurred) and EVN-2 (recorded) are later proxies.
        var (time, field, dayOnly) = FirstTime(context, dayAllowed: true, (m.First("PV1"), 45), (m.First("EVN"), 6), (m.First("EVN"), 2), (m.Msh, 7));
        if (subject is null)
        {
            return;
        }

        var e = Event(context, context.Header.ControlId, EventTypes.PatientDischarged, time, subject) with { TimePrecision = dayOnly ? "day" : null };
        Emit(context, e, Names(field));
    }

    private static void ReadDischargeCancelled(Context context)
    {
        var m = context.Message;
        var subject = RequirePatient(context, m.First("PID"));
        // When the cancellation happened: EVN-6 (event occurred), else EVN-2 (recorded), else the message time. It
        // revokes the latest discharge dated at or before it.
        var (time, field) = FirstTime(context, (m.First("EVN"), 6), (m.First("EVN"), 2), (m.Msh, 7));
        if (subject is null)
        {
            return;
        }

        Emit(context, Event(context, context.Header.ControlId, EventTypes.DischargeCancelled, time, subject), Names(field));
    }

    private static void ReadMerges(Context context)
    {
        var m = context.Message;
        var (time, field) = FirstTime(context, (m.First("EVN"), 6), (m.First("EVN"), 2), (m.Msh, 7));
        var pairs = new List<(Er7Segment Pid, Er7Segment? Mrg)>();
        Er7Segment? pid = null;
        foreach (var segment in m.Segments)
        {
            if (segment.Id == "PID")
            {
                if (pid is not null)
                {
                    pairs.Add((pid, null));
                }

                pid = segment;
            }
            else if (segment.Id == "MRG" && pid is not null)
            {
                pairs.Add((pid, segment));
                pid = null;
            }
        }

        if (pid is not null)
        {
            pairs.Add((pid, null));
        }

        if (pairs.Count == 0)
        {
            RequirePatient(context, null);
            return;
        }

        for (var i = 0; i < pairs.Count; i++)
        {
            var (survivor, mrg) = pairs[i];
            var subject = RequirePatient(context, survivor);
            if (mrg is null)
            {
                context.Issues.Add(new Issue($"MRG[{i + 1}]", "segment is required after each PID of an A40 (the merged-away patient)", Hl7ErrorCodes.SegmentSequence));
                continue;
            }

            var from = PatientKey(context, mrg, 1);
            if (subject is null)
            {
                continue;
            }

            var id = pairs.Count == 1 ? context.Header.ControlId : $"{context.Header.ControlId}-{i + 1}";
            var e = Event(context, id, EventTypes.PatientMerged, time, subject) with { From = from };
            Emit(context, e, Names(field, ("data.from", mrg.Name(1)), ("subject", survivor.Name(3))));
        }
    }

    private static void ReadDiagnosis(Context context)
    {
        var m = context.Message;
        var onsets = m.Segments
            .Where(s => s.Id == "DG1")
            .Select(dg1 => (Segment: dg1, Coding: dg1.Codings(3).FirstOrDefault(c => context.Options.RseOnsetCodes.Any(code => code.Matches(c.System, c.Code)))))
            .Where(x => x.Coding.Code is not null)
            .ToList();
        if (onsets.Count == 0)
        {
            context.Unmapped.AddRange(m.Segments.Where(s => s.Id == "DG1").SelectMany(dg1 => dg1.Codings(3)).Where(c => !string.IsNullOrWhiteSpace(c.Code)));
            return;
        }

        var subject = RequirePatient(context, m.First("PID"));
        var candidates = new List<(DateTimeOffset Time, string Field, Coding Coding)>();
        foreach (var (dg1, coding) in onsets)
        {
            // DG1-5 (diagnosis date/time) lies closest to onset; DG1-19 (attestation) is later, so it is the fallback:
            // a later T0 would move every treatment deadline later.
            var (time, field) = FirstTime(context, (dg1, 5), (dg1, 19));
            if (time is { } t)
            {
                candidates.Add((t, field, coding));
            }
            else if (!context.Issues.Any(i => i.Field == field))
            {
                context.Issues.Add(new Issue(dg1.Name(5), "is required for an RSE diagnosis (diagnosis date/time: the clinical onset), or DG1-19", Hl7ErrorCodes.RequiredFieldMissing));
            }
        }

        if (subject is null || candidates.Count != onsets.Count)
        {
            return;
        }

        var earliest = candidates.MinBy(c => c.Time);
        var e = Event(context, context.Header.ControlId, EventTypes.RseOnset, earliest.Time, subject) with
        {
            Detail = string.IsNullOrWhiteSpace(earliest.Coding.Text) ? earliest.Coding.Code : earliest.Coding.Text,
        };
        Emit(context, e, Names(earliest.Field));
    }

    private static void ReadDeath(Context context)
    {
        var pid = context.Message.First("PID");
        if (pid is null || !pid.Value(30).Equals("Y", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var subject = RequirePatient(context, pid);
        var (time, field, dayOnly) = FirstTime(context, dayAllowed: true, (pid, 29));
        if (time is null && !context.Issues.Any(i => i.Field == field))
        {
            context.Issues.Add(new Issue(pid.Name(29), "is required when PID-30 says the patient died (the time of death)", Hl7ErrorCodes.RequiredFieldMissing));
            return;
        }

        if (subject is not null && time is not null)
        {
            var e = Event(context, context.Header.ControlId + "-deceased", EventTypes.PatientDeceased, time, subject) with { TimePrecision = dayOnly ? "day" : null };
            Emit(context, e, Names(field));
        }
    }

    private static ClinicalEvent Event(Context context, string id, string type, DateTimeOffset? time, string subject) => new()
    {
        Source = context.Source,
        Id = id,
        Type = type,
        Time = time ?? default,
        Subject = subject,
    };

    private static Dictionary<string, string> Names(string timeField, params (string Canonical, string Hl7)[] more)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["time"] = timeField,
            ["subject"] = "PID-3",
            ["id"] = "MSH-10",
            ["source"] = "MSH-3",
        };
        foreach (var (canonical, hl7) in more)
        {
            names[canonical] = hl7;
        }

        return names;
    }
}
