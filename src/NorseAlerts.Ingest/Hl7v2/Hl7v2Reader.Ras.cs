using System.Globalization;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Ingest;

/// <summary>RAS^O17: each RXA that gives a tracked immunotherapy agent becomes one event.</summary>
public static partial class Hl7v2Reader
{
    private static void ReadRas(Context context)
    {
        var m = context.Message;
        var administrations = m.Segments.Where(s => s.Id == "RXA").ToList();
        if (administrations.Count == 0)
        {
            context.Issues.Add(new Issue("RXA", "segment is required in RAS^O17 (the administration)", Hl7ErrorCodes.SegmentSequence));
            return;
        }

        string? subject = null;
        var subjectChecked = false;
        for (var i = 0; i < administrations.Count; i++)
        {
            var rxa = administrations[i];
            if (!IsGiven(context, rxa))
            {
                continue;
            }

            var agent = context.Options.Agents.Identify(rxa.Codings(5));
            if (agent is null)
            {
                continue; // not an agent the pathway tracks (e.g. an antiseizure drug): acknowledged, nothing to do
            }

            if (!subjectChecked)
            {
                subject = RequirePatient(context, m.First("PID"));
                subjectChecked = true;
            }

            var (time, field) = FirstTime(context, (rxa, 3));
            if (subject is null)
            {
                continue;
            }

            var e = Event(context, $"{context.Header.ControlId}-{i + 1}", TypeOf(context, agent, rxa), time, subject) with
            {
                Agent = agent,
                Detail = Detail(rxa),
            };
            Emit(context, e, Names(field, ("data.agent", rxa.Name(5))));
        }
    }

    /// <summary>RXA-20: CP (complete), PA (partial) or empty (HL7's default: complete) count; RE and NA do not.</summary>
    private static bool IsGiven(Context context, Er7Segment rxa)
    {
        // RXA-21 "D" deletes an earlier administration; deletions are not applied (docs/hl7v2-mapping.md).
        if (rxa.Value(21).Equals("D", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        switch (rxa.Value(20).ToUpperInvariant())
        {
            case "" or "CP" or "PA":
                return true;
            case "RE" or "NA":
                return false;
            default:
                context.Issues.Add(new Issue(rxa.Name(20), $"'{rxa.Value(20)}' is not a completion status; use CP, PA, RE or NA", Hl7ErrorCodes.TableValueNotFound));
                return false;
        }
    }

    private static string TypeOf(Context context, string agent, Er7Segment rxa)
    {
        if (AgentCatalog.IsFirstLine(agent))
        {
            return EventTypes.FirstLineStarted;
        }

        var counter = rxa.Value(2);
        var first = counter.Length == 0 || (int.TryParse(counter, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 1);
        return context.Options.SecondLine == SecondLineMapping.FirstAdministrationStarts && first
            ? EventTypes.SecondLineStarted
            : EventTypes.SecondLineDoseGiven;
    }

    /// <summary>What the timeline shows: RXA-5 text, RXA-6 amount and RXA-7 units, e.g. "Rituximab 700 mg".</summary>
    private static string? Detail(Er7Segment rxa)
    {
        var parts = new[] { rxa.Value(5, 2), rxa.Value(6), rxa.Value(7) }.Where(p => p.Length > 0 && p != "999").ToList();
        return parts.Count == 0 ? null : string.Join(' ', parts);
    }
}
