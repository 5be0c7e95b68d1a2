using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NorseAlerts.Hosting;
using NorseAlerts.Ingest;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using Xunit;

namespace NorseAlerts.Hosting.Tests;

/// <summary>The use cases both hosts share, over a recording backend: what is committed, and what is answered.</summary>
public class CaseApiTests
{
    private const string Onset =
        """{"specversion":"1.0","id":"onset-1","source":"/adt/genh","type":"rse.onset","time":"2026-11-20T08:30:00Z","subject":"GENH:00123456","data":{}}""";

    private readonly RecordingBackend backend = new();

    private CaseApi Api => new(backend, SiteProfile.Default, TimeProvider.System, NullLogger<Hl7v2Intake>.Instance);

    private static ApiRequest Request(string body, string? contentType, long? contentLength = null) =>
        new(new MemoryStream(Encoding.UTF8.GetBytes(body)), contentLength, contentType, ApiRequest.ActorOf("engine"));

    private static JsonElement Json(ApiReply reply) => JsonDocument.Parse(reply.Body).RootElement.Clone();

    [Fact]
    public async Task An_event_is_committed_once_for_the_named_key_and_answered_202_with_the_receipt()
    {
        var reply = await Api.EventsAsync(Request(Onset, "application/cloudevents+json"), CancellationToken.None);

        Assert.Equal(202, reply.Status);
        Assert.Equal(ApiReply.JsonMediaType, reply.ContentType);
        var (events, actor) = Assert.Single(backend.Ingested);
        Assert.Equal("onset-1", Assert.Single(events).Id);
        Assert.Equal("api-key:engine", actor);
        Assert.Equal("case-1", Json(reply).GetProperty("accepted")[0].GetProperty("caseId").GetString());
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_sent_without_a_length_is_refused_with_413_and_commits_nothing()
    {
        var body = "[" + new string(' ', CaseApi.BodyLimit) + Onset + "]";

        var reply = await Api.EventsAsync(Request(body, "application/json", contentLength: null), CancellationToken.None);

        Assert.Equal(413, reply.Status);
        Assert.Equal(Problem.MediaType, reply.ContentType);
        Assert.Empty(backend.Ingested);
    }

    [Fact]
    public async Task A_content_type_is_judged_by_its_media_type_whatever_its_parameters()
    {
        var accepted = await Api.EventsAsync(Request(Onset, "Application/CloudEvents+JSON; charset=utf-8"), CancellationToken.None);
        var refused = await Api.EventsAsync(Request(Onset, "text/xml; charset=utf-8"), CancellationToken.None);

        Assert.Equal(202, accepted.Status);
        Assert.Equal(415, refused.Status);
        Assert.Contains("application/cloudevents+json", Json(refused).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single(backend.Ingested);
    }

    [Fact]
    public async Task An_hl7_message_the_reader_refuses_commits_nothing_and_is_answered_200_with_a_reject_ack()
    {
        var reply = await Api.Hl7v2Async(Request("not an HL7 message", "text/plain"), CancellationToken.None);

        Assert.Equal(200, reply.Status);
        Assert.Equal("x-application/hl7-v2+er7; charset=utf-8", reply.ContentType);
        Assert.Contains("MSA|AR", Encoding.UTF8.GetString(reply.Body), StringComparison.Ordinal);
        Assert.Empty(backend.Ingested);
    }

    [Fact]
    public async Task An_accepted_hl7_diagnosis_that_maps_to_no_onset_code_is_handed_to_the_hosts_audit_with_its_feed()
    {
        const string adt = "MSH|^~\\&|MIRTH|GENH|NORSEALERTS|NEURO|20261130101500+0000||ADT^A08^ADT_A01|MSG-UNMAPPED|P|2.5.1\r"
            + "EVN|A08|20261130101400+0000\rPID|1||00777001^^^GENH^MR||DOE^JANE||19900101|F\rPV1|1|I\r"
            + "DG1|1||I10^Essential hypertension^I10||20261124083000+0000|W\r";

        var reply = await Api.Hl7v2Async(Request(adt, "x-application/hl7-v2+er7"), CancellationToken.None);
        var refused = await Api.Hl7v2Async(Request("not an HL7 message", "text/plain"), CancellationToken.None);

        Assert.Contains("MSA|AA", Encoding.UTF8.GetString(reply.Body), StringComparison.Ordinal);
        Assert.Contains("MSA|AR", Encoding.UTF8.GetString(refused.Body), StringComparison.Ordinal);
        var (coding, feed) = Assert.Single(backend.Unmapped);
        Assert.Equal("I10", coding.Code);
        Assert.Equal("hl7v2", feed);
    }

    [Fact]
    public async Task A_fhir_body_that_is_not_utf8_is_a_problem_naming_the_body_and_commits_nothing()
    {
        var request = new ApiRequest(new MemoryStream([0x7B, 0xFF, 0xFE, 0x7D]), 4, "application/fhir+json", ApiRequest.ActorOf("engine"));

        var reply = await Api.FhirAsync(request, CancellationToken.None);

        Assert.Equal(400, reply.Status);
        Assert.Equal("is not valid UTF-8", Json(reply).GetProperty("errors").GetProperty("body")[0].GetString());
        Assert.Empty(backend.Ingested);
    }

    [Fact]
    public async Task An_acknowledgement_of_an_alert_the_backend_does_not_know_is_404()
    {
        var reply = await Api.AcknowledgeAsync("alert-unknown", Request("""{"by":"dr-oncall"}""", "application/json"), CancellationToken.None);

        Assert.Equal(404, reply.Status);
        Assert.Equal("Alert alert-unknown does not exist.", Json(reply).GetProperty("detail").GetString());
        Assert.Equal("dr-oncall", Assert.Single(backend.Acknowledged).By);
    }

    [Fact]
    public async Task An_empty_filter_reads_as_no_filter_and_an_unknown_one_is_a_bad_request()
    {
        Assert.Equal(200, (await Api.ListAlertsAsync("", "", CancellationToken.None)).Status);
        Assert.Equal((null, null), Assert.Single(backend.AlertQueries));
        Assert.Equal(400, (await Api.ListCasesAsync("sleeping", CancellationToken.None)).Status);
    }

    /// <summary>A backend that records what the use cases asked of it; every event opens <c>case-1</c>.</summary>
    private sealed class RecordingBackend : ICaseBackend
    {
        public List<(IReadOnlyList<ClinicalEvent> Events, string Actor)> Ingested { get; } = [];

        public List<Acknowledge> Acknowledged { get; } = [];

        public List<(string? CaseId, string? State)> AlertQueries { get; } = [];

        public List<(Coding Coding, string Feed)> Unmapped { get; } = [];

        public Task<IngestReceipt> IngestAsync(IReadOnlyList<ClinicalEvent> events, string actor, CancellationToken cancellationToken)
        {
            Ingested.Add((events, actor));
            return Task.FromResult(new IngestReceipt([.. events.Select(e => new AcceptedEvent(e.Id, "case-1"))], []));
        }

        public Task AuditUnmappedAsync(IReadOnlyList<Coding> codings, string feed, string actor, CancellationToken cancellationToken)
        {
            Unmapped.AddRange(codings.Select(c => (c, feed)));
            return Task.CompletedTask;
        }

        public Task<AlertView?> AcknowledgeAsync(Acknowledge ack, CancellationToken cancellationToken)
        {
            Acknowledged.Add(ack);
            return Task.FromResult<AlertView?>(null);
        }

        public Task<IReadOnlyList<CaseSummary>> ListCasesAsync(string? status, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<CaseSummary>>([]);

        public Task<CaseDetail?> GetCaseAsync(string caseId, CancellationToken cancellationToken) => Task.FromResult<CaseDetail?>(null);

        public Task<IReadOnlyList<AlertView>> ListAlertsAsync(string? caseId, string? state, CancellationToken cancellationToken)
        {
            AlertQueries.Add((caseId, state));
            return Task.FromResult<IReadOnlyList<AlertView>>([]);
        }
    }
}
