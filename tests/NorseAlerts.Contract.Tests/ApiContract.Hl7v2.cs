using System.Globalization;
using System.Text.Json;

namespace NorseAlerts.Contract.Tests;

/// <summary><c>POST /api/hl7v2</c>: the HL7 ACK is the answer, <c>200</c> for AA, AE and AR alike.</summary>
public abstract partial class ApiContract
{
    private const string Er7 = "x-application/hl7-v2+er7";

    private static string NewMrn() => Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    private static string NewControlId() => "MSG" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>An admission with a status-epilepticus diagnosis (SNOMED CT) dated <paramref name="diagnosedAt"/> (ER7, without an offset when none is given).</summary>
    private static string Admission(string mrn, string controlId, string diagnosedAt = "20261124083000+0000") =>
        $"MSH|^~\\&|MIRTH|GENH|NORSEALERTS|NEURO|20261130101500+0000||ADT^A01^ADT_A01|{controlId}|P|2.5.1\r"
        + "EVN|A01|20261130101400+0000\r"
        + $"PID|1||{mrn}^^^GENH^MR||DOE^JANE||19900101|F\r"
        + "PV1|1|I|NICU^101^A^GENH\r"
        + $"DG1|1||230456007^Status epilepticus^SCT||{diagnosedAt}|W\r";

    private Task<ApiAnswer> PostHl7Async(string message, string contentType = Er7, string? apiKey = ContractKeys.Full) =>
        Api.SendAsync(HttpMethod.Post, "/api/hl7v2", message, contentType, apiKey);

    private static string Msa(ApiAnswer answer) =>
        answer.Body.Split('\r', StringSplitOptions.RemoveEmptyEntries).Single(s => s.StartsWith("MSA|", StringComparison.Ordinal));

    private async Task<JsonElement?> CaseOfAsync(string patient)
    {
        var cases = await Api.SendAsync(HttpMethod.Get, "/api/cases");
        return cases.Json.EnumerateArray().Where(c => c.GetProperty("patient").GetString() == patient).Select(c => (JsonElement?)c).SingleOrDefault();
    }

    [Fact]
    public async Task An_hl7_admission_with_status_epilepticus_is_acknowledged_AA_and_opens_the_patients_case()
    {
        var mrn = NewMrn();
        var controlId = NewControlId();

        var answer = await PostHl7Async(Admission(mrn, controlId));

        Assert.Equal(200, answer.Status);
        Assert.Equal(Er7, answer.MediaType);
        Assert.StartsWith("MSA|AA|" + controlId, Msa(answer), StringComparison.Ordinal);
        var opened = await CaseOfAsync("GENH:" + mrn);
        Assert.NotNull(opened);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 30, 0, TimeSpan.Zero), opened.Value.GetProperty("onsetAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_hl7_message_resent_is_acknowledged_as_a_duplicate_and_applied_once()
    {
        var mrn = NewMrn();
        var message = Admission(mrn, NewControlId());
        await PostHl7Async(message);

        var again = await PostHl7Async(message, contentType: "text/plain");

        Assert.Equal(200, again.Status);
        Assert.Contains("|duplicate", Msa(again), StringComparison.Ordinal);
        var caseId = (await CaseOfAsync("GENH:" + mrn))!.Value.GetProperty("caseId").GetString();
        var detail = await Api.SendAsync(HttpMethod.Get, "/api/cases/" + caseId);
        Assert.Single(detail.Json.GetProperty("events").EnumerateArray());
    }

    [Fact]
    public async Task An_hl7_message_without_a_patient_identifier_is_answered_200_with_an_error_ack_and_stores_nothing()
    {
        var mrn = NewMrn();
        var controlId = NewControlId();
        var withoutId = Admission(mrn, controlId).Replace($"PID|1||{mrn}^^^GENH^MR||", "PID|1||||", StringComparison.Ordinal);

        var answer = await PostHl7Async(withoutId);

        // A non-2xx would make the engine resend a message the ACK tells it never to resend.
        Assert.Equal(200, answer.Status);
        Assert.Matches("^MSA\\|A[ER]\\|" + controlId, Msa(answer));
        Assert.Contains("ERR|", answer.Body, StringComparison.Ordinal);
        Assert.Null(await CaseOfAsync("GENH:" + mrn));
    }

    [Fact]
    public async Task Text_that_is_not_hl7_is_answered_200_with_a_reject_ack()
    {
        var answer = await PostHl7Async("hello", contentType: "text/plain");

        Assert.Equal(200, answer.Status);
        Assert.StartsWith("MSA|AR", Msa(answer), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20260115083000", "2026-01-15T07:30:00Z")]
    [InlineData("20260715083000", "2026-07-15T06:30:00Z")]
    public async Task Hl7_times_without_an_offset_are_local_times_of_the_site_daylight_saving_included(string diagnosedAt, string onsetUtc)
    {
        var mrn = NewMrn();

        var answer = await PostHl7Async(Admission(mrn, NewControlId(), diagnosedAt));

        Assert.StartsWith("MSA|AA", Msa(answer), StringComparison.Ordinal);
        var opened = await CaseOfAsync("GENH:" + mrn);
        Assert.Equal(DateTimeOffset.Parse(onsetUtc, CultureInfo.InvariantCulture), opened!.Value.GetProperty("onsetAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_hl7_post_with_a_json_content_type_is_unsupported_and_stores_nothing()
    {
        var mrn = NewMrn();

        AssertProblem(await PostHl7Async(Admission(mrn, NewControlId()), contentType: "application/json"), 415);
        Assert.Null(await CaseOfAsync("GENH:" + mrn));
    }

    [Fact]
    public async Task An_hl7_post_without_a_key_is_unauthorized()
    {
        AssertProblem(await PostHl7Async(Admission(NewMrn(), NewControlId()), apiKey: null), 401);
    }

    [Fact]
    public async Task An_hl7_message_over_one_mebibyte_is_too_large()
    {
        var huge = Admission(NewMrn(), NewControlId()) + "NTE|1||" + new string('x', 1024 * 1024) + "\r";

        AssertProblem(await PostHl7Async(huge), 413);
    }
}
