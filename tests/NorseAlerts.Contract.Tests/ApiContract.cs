using System.Globalization;
using System.Text.Json;

namespace NorseAlerts.Contract.Tests;

/// <summary>
/// The API of DESIGN section 5 as one suite: every host runs these same tests through its <see cref="IApiDriver"/>,
/// so a difference between the embedded host and the Functions app is a failing test. Each test uses its own
/// patient, so the hosts can be shared by a class.
/// </summary>
public abstract partial class ApiContract
{
    private static readonly TimeSpan FirstLineWindow = TimeSpan.FromDays(7);

    protected ApiContract(IApiDriver api) => Api = api;

    protected IApiDriver Api { get; }

    private static string NewPatient() => "GENH:" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Event(string patient, string type, DateTimeOffset time, string id, string data = "{}") =>
        $$"""{"specversion":"1.0","id":"{{id}}","source":"/adt/genh","type":"{{type}}","time":"{{Time(time)}}","subject":"{{patient}}","data":{{data}}}""";

    /// <summary>An onset whose first-line window closes in 12 hours: the due-soon alert is raised at once.</summary>
    private static string Onset(string patient, string id) => Event(patient, "rse.onset", DateTimeOffset.UtcNow.AddHours(12) - FirstLineWindow, id);

    private Task<ApiAnswer> PostEventsAsync(string body, string? apiKey = ContractKeys.Full) =>
        Api.SendAsync(HttpMethod.Post, "/api/events", body, "application/cloudevents+json", apiKey);

    private async Task<string> OpenCaseAsync(string patient)
    {
        var answer = await PostEventsAsync(Onset(patient, "onset-" + patient));
        Assert.Equal(202, answer.Status);
        return answer.Json.GetProperty("accepted")[0].GetProperty("caseId").GetString()!;
    }

    private static void AssertProblem(ApiAnswer answer, int status)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal(status, answer.Json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(answer.Json.GetProperty("title").GetString()));
    }

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task An_onset_is_accepted_with_the_case_it_opened_and_no_duplicates()
    {
        var answer = await PostEventsAsync(Onset(NewPatient(), "onset-a"));

        Assert.Equal(202, answer.Status);
        Assert.Equal(["accepted", "duplicates"], Names(answer.Json));
        var accepted = Assert.Single(answer.Json.GetProperty("accepted").EnumerateArray());
        Assert.Equal("onset-a", accepted.GetProperty("id").GetString());
        Assert.StartsWith("case-", accepted.GetProperty("caseId").GetString(), StringComparison.Ordinal);
        Assert.Empty(answer.Json.GetProperty("duplicates").EnumerateArray());
    }

    [Fact]
    public async Task The_same_event_posted_again_is_listed_as_a_duplicate_with_its_case()
    {
        var patient = NewPatient();
        var onset = Onset(patient, "onset-dup");
        var first = await PostEventsAsync(onset);

        var again = await PostEventsAsync(onset);

        Assert.Equal(202, again.Status);
        Assert.Empty(again.Json.GetProperty("accepted").EnumerateArray());
        var duplicate = Assert.Single(again.Json.GetProperty("duplicates").EnumerateArray());
        Assert.Equal("onset-dup", duplicate.GetProperty("id").GetString());
        Assert.Equal(first.Json.GetProperty("accepted")[0].GetProperty("caseId").GetString(), duplicate.GetProperty("caseId").GetString());
    }

    [Fact]
    public async Task An_event_for_a_patient_without_a_case_is_held_and_answered_with_a_null_case()
    {
        var answer = await PostEventsAsync(Event(NewPatient(), "norse.suspected", DateTimeOffset.UtcNow.AddHours(-1), "suspected-1"));

        Assert.Equal(202, answer.Status);
        var accepted = Assert.Single(answer.Json.GetProperty("accepted").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, accepted.GetProperty("caseId").ValueKind);
    }

    [Fact]
    public async Task An_invalid_event_is_a_problem_naming_the_field_and_stores_nothing()
    {
        var patient = NewPatient();
        var answer = await PostEventsAsync(
            $$"""[{{Onset(patient, "onset-ok")}},{"specversion":"1.0","id":"bad-1","source":"/adt/genh","type":"rse.onset","subject":"{{patient}}"}]""");

        AssertProblem(answer, 400);
        Assert.Contains(answer.Json.GetProperty("errors").EnumerateObject(), e => e.Name.Contains("time", StringComparison.Ordinal));
        var cases = await Api.SendAsync(HttpMethod.Get, "/api/cases");
        Assert.DoesNotContain(cases.Json.EnumerateArray(), c => c.GetProperty("patient").GetString() == patient);
    }

    [Fact]
    public async Task An_empty_batch_is_a_bad_request()
    {
        AssertProblem(await PostEventsAsync("[]"), 400);
    }

    [Fact]
    public async Task A_missing_or_unknown_key_is_unauthorized()
    {
        AssertProblem(await PostEventsAsync(Onset(NewPatient(), "onset-k"), apiKey: null), 401);
        AssertProblem(await Api.SendAsync(HttpMethod.Get, "/api/cases", apiKey: "not-a-key"), 401);
    }

    [Fact]
    public async Task A_key_without_the_role_is_forbidden()
    {
        AssertProblem(await PostEventsAsync(Onset(NewPatient(), "onset-r"), apiKey: ContractKeys.ReadOnly), 403);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_too_large()
    {
        var body = "[" + new string(' ', 1024 * 1024) + "]";

        AssertProblem(await PostEventsAsync(body), 413);
    }

    [Fact]
    public async Task The_case_list_shows_an_open_case_with_patient_stage_onset_and_next_deadline()
    {
        var patient = NewPatient();
        var caseId = await OpenCaseAsync(patient);

        var answer = await Api.SendAsync(HttpMethod.Get, "/api/cases?status=active");

        Assert.Equal(200, answer.Status);
        var row = Assert.Single(answer.Json.EnumerateArray(), c => c.GetProperty("caseId").GetString() == caseId);
        Assert.Equal(patient, row.GetProperty("patient").GetString());
        Assert.Equal(["caseId", "nextDeadline", "onsetAt", "patient", "stage", "status"], Names(row));
        Assert.Equal("first-line-window", row.GetProperty("stage").GetString());
        var closed = await Api.SendAsync(HttpMethod.Get, "/api/cases?status=closed");
        Assert.DoesNotContain(closed.Json.EnumerateArray(), c => c.GetProperty("caseId").GetString() == caseId);
    }

    [Fact]
    public async Task An_unknown_case_status_filter_is_a_bad_request()
    {
        AssertProblem(await Api.SendAsync(HttpMethod.Get, "/api/cases?status=sleeping"), 400);
    }

    [Fact]
    public async Task A_case_shows_stage_protocol_deadlines_timeline_and_alerts()
    {
        var caseId = await OpenCaseAsync(NewPatient());

        var answer = await Api.SendAsync(HttpMethod.Get, "/api/cases/" + caseId);

        Assert.Equal(200, answer.Status);
        var detail = answer.Json;
        Assert.Equal(caseId, detail.GetProperty("caseId").GetString());
        Assert.Equal("seed", detail.GetProperty("protocol").GetString());
        Assert.Contains(detail.GetProperty("deadlines").EnumerateArray(), d => d.GetProperty("dueAt").ValueKind == JsonValueKind.String);
        Assert.Single(detail.GetProperty("events").EnumerateArray());
        Assert.Contains(detail.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "first-line-due-soon");
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("closedAt").ValueKind);
    }

    [Fact]
    public async Task An_unknown_case_is_not_found()
    {
        AssertProblem(await Api.SendAsync(HttpMethod.Get, "/api/cases/case-0000000000"), 404);
    }

    [Fact]
    public async Task The_alert_list_shows_the_raised_alert_with_every_contract_field()
    {
        var caseId = await OpenCaseAsync(NewPatient());

        var answer = await Api.SendAsync(HttpMethod.Get, $"/api/alerts?caseId={caseId}&state=triggered");

        Assert.Equal(200, answer.Status);
        var alert = Assert.Single(answer.Json.EnumerateArray());
        foreach (var field in new[] { "alertId", "caseId", "kind", "severity", "level", "recipientRole", "state", "raisedAt", "dueAt", "message", "recommendations" })
        {
            Assert.True(alert.TryGetProperty(field, out _), $"{Api.Name}: alert lacks '{field}'");
        }

        Assert.Equal("first-line-due-soon", alert.GetProperty("kind").GetString());
        Assert.Equal(1, alert.GetProperty("level").GetInt32());
        Assert.Equal("neurology-oncall", alert.GetProperty("recipientRole").GetString());
    }

    [Fact]
    public async Task An_unknown_alert_state_filter_is_a_bad_request()
    {
        AssertProblem(await Api.SendAsync(HttpMethod.Get, "/api/alerts?state=forgotten"), 400);
    }

    [Fact]
    public async Task Acknowledging_an_alert_answers_it_acknowledged_by_the_named_person()
    {
        var caseId = await OpenCaseAsync(NewPatient());
        var alerts = await Api.SendAsync(HttpMethod.Get, $"/api/alerts?caseId={caseId}");
        var alertId = alerts.Json[0].GetProperty("alertId").GetString();

        var answer = await Api.SendAsync(HttpMethod.Post, $"/api/alerts/{alertId}/ack", """{"by":"dr-oncall","note":"on my way"}""");

        Assert.Equal(200, answer.Status);
        Assert.Equal(alertId, answer.Json.GetProperty("alertId").GetString());
        Assert.Equal("acknowledged", answer.Json.GetProperty("state").GetString());
        Assert.Equal("dr-oncall", answer.Json.GetProperty("acknowledgedBy").GetString());
        var after = await Api.SendAsync(HttpMethod.Get, $"/api/alerts?caseId={caseId}&state=acknowledged");
        Assert.Single(after.Json.EnumerateArray());
    }

    [Fact]
    public async Task Acknowledging_an_unknown_alert_is_not_found()
    {
        AssertProblem(await Api.SendAsync(HttpMethod.Post, "/api/alerts/alert-0000000000/ack", """{"by":"dr-oncall"}"""), 404);
    }

    [Fact]
    public async Task Liveness_answers_ok_without_a_key()
    {
        var answer = await Api.SendAsync(HttpMethod.Get, "/healthz", apiKey: null);

        Assert.Equal(200, answer.Status);
    }
}

/// <summary>The contract against the embedded host.</summary>
public sealed class EmbeddedHostContract(EmbeddedHostDriver host) : ApiContract(host), IClassFixture<EmbeddedHostDriver>;

/// <summary>The contract against the Functions app on the real Durable Task engine.</summary>
public sealed class FunctionsAppContract(FunctionsAppDriver app) : ApiContract(app), IClassFixture<FunctionsAppDriver>;
