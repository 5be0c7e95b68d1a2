using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace NorseAlerts.Contract.Tests;

/// <summary>
/// Both hosts driven through the same realistic clinical timelines, step by step, side by side: every answer and, at
/// the end, every case, timeline and alert of the timeline's patients must read the same on the embedded host and on
/// the Functions app. Ids (keyed by each deployment's own secret) and the hosts' own clock readings (when an alert
/// was raised, acknowledged, resolved) are named, not compared; every clinical time, deadline, stage, level, state,
/// message and recommendation is compared as written.
/// </summary>
public sealed partial class HostsAgreeOnTimelines(EmbeddedHostDriver embedded, FunctionsAppDriver functions, ITestOutputHelper output)
    : IClassFixture<EmbeddedHostDriver>, IClassFixture<FunctionsAppDriver>
{
    private const string CloudEvents = "application/cloudevents+json";
    private const string CloudEventsBatch = "application/cloudevents-batch+json";
    private const string Er7 = "x-application/hl7-v2+er7";
    private const string FhirJson = "application/fhir+json";

    public static TheoryData<string> Timelines => [.. Scripts.Keys];

    [Theory]
    [MemberData(nameof(Timelines))]
    public Task Both_hosts_answer_alike_and_keep_the_same_cases(string timeline) => RunAsync(embedded, functions, timeline, output);

    /// <summary>Runs <paramref name="timeline"/> on both hosts side by side and compares their transcripts.</summary>
    internal static async Task RunAsync(IApiDriver embedded, IApiDriver functions, string timeline, ITestOutputHelper output)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var mrns = Enumerable.Range(0, 2).Select(_ => Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture)).ToArray();
        var transcripts = new[] { new HostTranscript(embedded), new HostTranscript(functions) };

        foreach (var step in Scripts[timeline](now, mrns))
        {
            foreach (var transcript in transcripts)
            {
                await transcript.RunAsync(step);
            }
        }

        foreach (var transcript in transcripts)
        {
            await transcript.ReadBackAsync([.. mrns.Select(m => "GENH:" + m)]);
        }

        foreach (var line in transcripts[0].Lines)
        {
            output.WriteLine(line);
        }

        HostTranscript.AssertSame(transcripts[0], transcripts[1], embedded.Name, functions.Name);
    }

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Hl7Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+0000";

    private static string Event(string mrn, string type, DateTimeOffset time, string id, string data = "{}") =>
        $$"""{"specversion":"1.0","id":"{{id}}-{{mrn}}","source":"/adt/genh","type":"{{type}}","time":"{{Time(time)}}","subject":"GENH:{{mrn}}","data":{{data}}}""";

    private static Step Post(string mrn, string type, DateTimeOffset time, string id, string data = "{}") =>
        new("/api/events", Event(mrn, type, time, id, data), CloudEvents);

    private static Step Batch(params string[] events) => new("/api/events", "[" + string.Join(",", events) + "]", CloudEventsBatch);

    private static Step Admission(string mrn, DateTimeOffset diagnosedAt) => new(
        "/api/hl7v2",
        $"MSH|^~\\&|MIRTH|GENH|NORSEALERTS|NEURO|{Hl7Time(diagnosedAt.AddHours(1))}||ADT^A01^ADT_A01|A01-{mrn}|P|2.5.1\r"
        + $"EVN|A01|{Hl7Time(diagnosedAt.AddHours(1))}\r"
        + $"PID|1||{mrn}^^^GENH^MR||DOE^JANE||19900101|F\r"
        + "PV1|1|I|NICU^101^A^GENH\r"
        + $"DG1|1||230456007^Status epilepticus^SCT||{Hl7Time(diagnosedAt)}|W\r",
        Er7);

    /// <summary>Two first-line administrations in one RAS^O17: IV methylprednisolone, then an anti-seizure drug NorseAlerts does not track.</summary>
    private static Step Administrations(string mrn, DateTimeOffset givenAt) => new(
        "/api/hl7v2",
        $"MSH|^~\\&|MIRTH|GENH|NORSEALERTS|NEURO|{Hl7Time(givenAt.AddHours(1))}||RAS^O17^RAS_O17|RAS-{mrn}|P|2.5.1\r"
        + $"PID|1||{mrn}^^^GENH^MR||DOE^JANE\r"
        + "ORC|RE|ORD200\r"
        + $"RXA|0|1|{Hl7Time(givenAt)}||6902^methylprednisolone^RXNORM|1000|mg|||||||||||||CP|A\r"
        + "ORC|RE|ORD201\r"
        + $"RXA|0|1|{Hl7Time(givenAt.AddMinutes(30))}||LEV500^Levetiracetam 500 mg^L|500|mg|||||||||||||CP|A\r",
        Er7);

    private static Step Discharge(string mrn, DateTimeOffset dischargedAt) => new(
        "/api/hl7v2",
        $"MSH|^~\\&|MIRTH|GENH|NORSEALERTS|NEURO|{Hl7Time(dischargedAt.AddMinutes(5))}||ADT^A03^ADT_A03|A03-{mrn}|P|2.5.1\r"
        + $"EVN|A03|{Hl7Time(dischargedAt.AddMinutes(5))}\r"
        + $"PID|1||{mrn}^^^GENH^MR||DOE^JANE||19900101|F\r"
        + $"PV1|1|I|NICU^101^A^GENH||||||||||||||||||||||||||||||||||||||||||{Hl7Time(dischargedAt)}\r",
        Er7);

    private static Step DischargeCancelled(string mrn, DateTimeOffset cancelledAt) => new(
        "/api/hl7v2",
        $"MSH|^~\\&|MIRTH|GENH|NORSEALERTS|NEURO|{Hl7Time(cancelledAt.AddMinutes(1))}||ADT^A13^ADT_A01|A13-{mrn}|P|2.5.1\r"
        + $"EVN|A13|{Hl7Time(cancelledAt.AddMinutes(1))}|||JSMITH|{Hl7Time(cancelledAt)}\r"
        + $"PID|1||{mrn}^^^GENH^MR||DOE^JANE||19900101|F\r"
        + "PV1|1|I|NICU^101^A^GENH\r",
        Er7);

    private static Step FhirBundle(params Step[] resources) => new(
        "/api/fhir",
        """{"resourceType":"Bundle","type":"transaction","entry":[""" + string.Join(",", resources.Select((r, i) => $$$"""{"fullUrl":"urn:uuid:00000000-0000-4000-8000-{{{i.ToString("D12", CultureInfo.InvariantCulture)}}}","resource":{{{r.Body}}},"request":{"method":"POST","url":"{{{r.Body.Split('"')[3]}}}"}}""")) + "]}",
        FhirJson);

    private static Step Merge(string survivor, string old, DateTimeOffset at) => new(
        "/api/hl7v2",
        $"MSH|^~\\&|MIRTH|GENH|NORSEALERTS|NEURO|{Hl7Time(at)}||ADT^A40^ADT_A39|A40-{survivor}|P|2.5.1\r"
        + $"EVN|A40|{Hl7Time(at)}\r"
        + $"PID|1||{survivor}^^^GENH^MR||DOE^JANE\r"
        + $"MRG|{old}^^^GENH^MR\r",
        Er7);

    private static Step FhirCondition(string mrn, DateTimeOffset onset) => new("/api/fhir", $$$"""
        {"resourceType":"Condition","id":"c-{{{mrn}}}",
         "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
         "code":{"coding":[{"system":"http://snomed.info/sct","code":"230456007","display":"Status epilepticus"}]},
         "subject":{"identifier":{"system":"{{{ContractKeys.FhirIdentifierSystem}}}","value":"{{{mrn}}}"}},
         "onsetDateTime":"{{{Time(onset)}}}"}
        """, FhirJson);

    private static Step FhirAdministration(string mrn, string code, string display, DateTimeOffset given, string status = "completed", DateTimeOffset? lastUpdated = null)
    {
        var meta = lastUpdated is { } at ? $$"""
            "meta":{"lastUpdated":"{{Time(at)}}"},
            """ : "";
        return new("/api/fhir", $$$"""
            {"resourceType":"MedicationAdministration","id":"ma-{{{code}}}-{{{mrn}}}",{{{meta}}}"status":"{{{status}}}",
             "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"{{{code}}}","display":"{{{display}}}"}]},
             "subject":{"identifier":{"system":"{{{ContractKeys.FhirIdentifierSystem}}}","value":"{{{mrn}}}"}},
             "effectiveDateTime":"{{{Time(given)}}}"}
            """, FhirJson);
    }

    /// <summary>The timelines, each over two fresh patients of the GENH domain, relative to the test's start.</summary>
    private static readonly Dictionary<string, Func<DateTimeOffset, string[], IEnumerable<Step>>> Scripts = new(StringComparer.Ordinal)
    {
        ["first line started late after the overdue page"] = (now, p) =>
        [
            Post(p[0], "rse.onset", now.AddDays(-8), "onset"),
            Post(p[0], "immunotherapy.first-line.started", now.AddHours(-1), "fl", """{"agent":"ivig"}"""),
            Post(p[0], "patient.measurements", now.AddHours(-2), "m", """{"weightKg":64,"heightCm":170}"""),
        ],
        ["a backdated first-line start disproves the overdue alert"] = (now, p) =>
        [
            Post(p[0], "rse.onset", now.AddDays(-8), "onset"),
            Post(p[0], "immunotherapy.first-line.started", now.AddDays(-7.5), "fl", """{"agent":"plasmapheresis"}"""),
        ],
        ["one request with the onset and the first-line start inside the window"] = (now, p) =>
        [
            Batch(
                Event(p[0], "rse.onset", now.AddDays(-8), "onset"),
                Event(p[0], "immunotherapy.first-line.started", now.AddDays(-3), "fl", """{"agent":"methylprednisolone"}"""),
                Event(p[1], "rse.onset", now.AddDays(-2), "onset")),
        ],
        ["due soon, acknowledged, then the first line starts"] = (now, p) =>
        [
            Post(p[0], "rse.onset", now.AddDays(-6.5), "onset"),
            Step.Ack("GENH:" + p[0]),
            Post(p[0], "immunotherapy.first-line.started", now.AddMinutes(-5), "fl", """{"agent":"ivig"}"""),
        ],
        ["no response, second line, a rituximab dose missed"] = (now, p) =>
        [
            Post(p[0], "rse.onset", now.AddDays(-30), "onset"),
            Post(p[0], "patient.measurements", now.AddDays(-30), "m", """{"weightKg":80,"heightCm":182}"""),
            Post(p[0], "immunotherapy.first-line.started", now.AddDays(-29), "fl", """{"agent":"methylprednisolone"}"""),
            Post(p[0], "immunotherapy.first-line.completed", now.AddDays(-24), "flc"),
            Post(p[0], "response.assessed", now.AddDays(-23), "r", """{"outcome":"not-responding","reason":"seizures on EEG"}"""),
            Post(p[0], "immunotherapy.second-line.started", now.AddDays(-22), "sl", """{"agent":"rituximab"}"""),
            Post(p[0], "immunotherapy.second-line.dose-given", now.AddDays(-15), "d2", """{"agent":"rituximab"}"""),
        ],
        ["super-refractory, then seizures controlled"] = (now, p) =>
        [
            Post(p[0], "rse.onset", now.AddDays(-3), "onset"),
            Post(p[0], "immunotherapy.first-line.started", now.AddDays(-2), "fl", """{"agent":"methylprednisolone"}"""),
            Post(p[0], "anesthetic.infusion.started", now.AddHours(-30), "inf"),
            Post(p[0], "seizures.controlled", now.AddHours(-1), "ctl"),
        ],
        ["events held until the onset arrives"] = (now, p) =>
        [
            Post(p[0], "norse.suspected", now.AddDays(-2), "susp"),
            Post(p[0], "immunotherapy.first-line.started", now.AddDays(-1), "fl", """{"agent":"ivig"}"""),
            Post(p[0], "rse.onset", now.AddDays(-3), "onset"),
        ],
        ["discharged, then readmitted in status epilepticus"] = (now, p) =>
        [
            Post(p[0], "rse.onset", now.AddDays(-40), "onset"),
            Post(p[0], "immunotherapy.first-line.started", now.AddDays(-39), "fl", """{"agent":"ivig"}"""),
            Post(p[0], "patient.discharged", now.AddDays(-20), "dis"),
            Post(p[0], "patient.measurements", now.AddDays(-25), "late", """{"weightKg":70}"""),
            Post(p[0], "rse.onset", now.AddDays(-9), "onset-2"),
            Post(p[0], "rse.onset", now.AddDays(-40), "onset"),
        ],
        ["discharged and readmitted in one request, then the first episode's doses backfilled"] = (now, p) =>
        [
            Post(p[0], "rse.onset", now.AddDays(-30), "onset"),
            Batch(Event(p[0], "patient.discharged", now.AddDays(-12), "dis"), Event(p[0], "rse.onset", now.AddDays(-8), "onset-2")),
            Post(p[0], "immunotherapy.first-line.started", now.AddDays(-28), "fl", """{"agent":"methylprednisolone"}"""),
            Batch(
                Event(p[0], "response.assessed", now.AddDays(-20), "r1", """{"outcome":"responding"}"""),
                Event(p[0], "immunotherapy.first-line.started", now.AddDays(-2), "fl-2", """{"agent":"ivig"}""")),
            Post(p[0], "immunotherapy.first-line.started", now.AddDays(-28), "fl", """{"agent":"methylprednisolone"}"""),
        ],
        ["death closes the case"] = (now, p) =>
        [
            Post(p[0], "rse.onset", now.AddDays(-9), "onset"),
            Post(p[0], "patient.deceased", now.AddHours(-3), "death"),
        ],
        ["HL7 admission, then two administrations in one message"] = (now, p) =>
        [
            Admission(p[0], now.AddDays(-8)),
            Administrations(p[0], now.AddDays(-5.5)),
            Admission(p[0], now.AddDays(-8)),
        ],
        ["HL7 admission and discharge"] = (now, p) =>
        [
            Admission(p[0], now.AddDays(-5)),
            Discharge(p[0], now.AddDays(-1)),
        ],
        ["HL7 discharge entered in error and cancelled, then the first line"] = (now, p) =>
        [
            Admission(p[0], now.AddDays(-9)),
            Discharge(p[0], now.AddDays(-1)),
            DischargeCancelled(p[0], now.AddHours(-20)),
            Post(p[0], "immunotherapy.first-line.started", now.AddHours(-2), "fl", """{"agent":"plasmapheresis"}"""),
        ],
        ["a FHIR first-line administration charted on the wrong patient, entered in error"] = (now, p) =>
        [
            FhirCondition(p[0], now.AddDays(-9)),
            FhirAdministration(p[0], "6902", "methylprednisolone", now.AddDays(-6)),
            FhirAdministration(p[0], "6902", "methylprednisolone", now.AddDays(-6), status: "entered-in-error", lastUpdated: now.AddHours(-5)),
            FhirAdministration(p[0], "1546356", "ivig", now.AddHours(-3)),
        ],
        ["a response to first line, then a later relapse"] = (now, p) =>
        [
            Post(p[0], "rse.onset", now.AddDays(-14), "onset"),
            Post(p[0], "immunotherapy.first-line.started", now.AddDays(-13), "fl", """{"agent":"ivig"}"""),
            Post(p[0], "response.assessed", now.AddDays(-7), "r1", """{"outcome":"responding"}"""),
            Post(p[0], "response.assessed", now.AddDays(-1), "r2", """{"outcome":"not-responding","reason":"recurrent seizures on weaning"}"""),
            Post(p[0], "immunotherapy.second-line.started", now.AddHours(-2), "sl", """{"agent":"cyclophosphamide"}"""),
            Post(p[0], "immunotherapy.second-line.stopped", now.AddHours(-1), "stop", """{"agent":"cyclophosphamide"}"""),
        ],
        ["FHIR condition, then rituximab without a response assessment"] = (now, p) =>
        [
            FhirCondition(p[0], now.AddDays(-12)),
            FhirAdministration(p[0], "6902", "methylprednisolone", now.AddDays(-11)),
            FhirAdministration(p[0], "121191", "rituximab", now.AddDays(-3)),
        ],
        ["a merge and the first-line start in one request"] = (now, p) =>
        [
            Post(p[1], "rse.onset", now.AddDays(-8), "onset"),
            Batch(
                Event(p[0], "patient.merged", now.AddHours(-1), "merge", $$"""{"from":"GENH:{{p[1]}}"}"""),
                Event(p[0], "immunotherapy.first-line.started", now.AddDays(-7.5), "fl", """{"agent":"ivig"}""")),
        ],
        ["a FHIR bundle with the condition and a first-line administration"] = (now, p) =>
        [
            FhirBundle(FhirCondition(p[0], now.AddDays(-8)), FhirAdministration(p[0], "6902", "methylprednisolone", now.AddDays(-5.5))),
        ],
        ["an HL7 merge of a patient admitted under an old number"] = (now, p) =>
        [
            Admission(p[1], now.AddDays(-6.5)),
            Merge(p[0], p[1], now.AddHours(-1)),
            Administrations(p[1], now.AddHours(-2)),
        ],
        ["merged record of a patient admitted twice"] = (now, p) =>
        [
            Post(p[1], "rse.onset", now.AddDays(-6.5), "onset"),
            Post(p[0], "patient.merged", now.AddHours(-1), "merge", $$"""{"from":"GENH:{{p[1]}}"}"""),
            Post(p[1], "immunotherapy.first-line.started", now.AddMinutes(-30), "fl", """{"agent":"ivig"}"""),
        ],
    };
}
