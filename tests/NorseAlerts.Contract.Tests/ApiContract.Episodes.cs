using System.Text.Json;

namespace NorseAlerts.Contract.Tests;

/// <summary>
/// The contract's closures and later episodes: a closed case stays readable, and a new onset after the closure opens a
/// second case for the same patient, on both hosts alike.
/// </summary>
public abstract partial class ApiContract
{
    [Fact]
    public async Task A_new_onset_after_a_discharge_opens_a_second_case_and_the_closed_one_stays_readable()
    {
        var patient = NewPatient();
        var first = await OpenCaseAsync(patient);
        var discharged = await PostEventsAsync(Event(patient, "patient.discharged", DateTimeOffset.UtcNow.AddHours(-2), "discharge-" + patient));
        Assert.Equal(first, discharged.Json.GetProperty("accepted")[0].GetProperty("caseId").GetString());

        var readmitted = await PostEventsAsync(Event(patient, "rse.onset", DateTimeOffset.UtcNow.AddHours(-1), "onset-2-" + patient));

        Assert.Equal(202, readmitted.Status);
        var second = readmitted.Json.GetProperty("accepted")[0].GetProperty("caseId").GetString();
        Assert.StartsWith("case-", second, StringComparison.Ordinal);
        Assert.NotEqual(first, second);

        var active = await Api.SendAsync(HttpMethod.Get, "/api/cases?status=active");
        Assert.Equal([second], active.Json.EnumerateArray().Where(c => c.GetProperty("patient").GetString() == patient).Select(c => c.GetProperty("caseId").GetString()));
        var closed = await Api.SendAsync(HttpMethod.Get, "/api/cases?status=closed");
        Assert.Equal([first], closed.Json.EnumerateArray().Where(c => c.GetProperty("patient").GetString() == patient).Select(c => c.GetProperty("caseId").GetString()));

        var record = await Api.SendAsync(HttpMethod.Get, "/api/cases/" + first);
        Assert.Equal(200, record.Status);
        Assert.Equal("closed", record.Json.GetProperty("status").GetString());
        Assert.Equal(["patient.discharged", "rse.onset"], await EventTypesAsync(first));
        Assert.Equal([("first-line-due-soon", "resolved")], await KindsAndStatesAsync(first));

        var current = await Api.SendAsync(HttpMethod.Get, "/api/cases/" + second);
        Assert.Equal("active", current.Json.GetProperty("status").GetString());
        Assert.Equal(["rse.onset"], await EventTypesAsync(second));
    }

    [Fact]
    public async Task An_ack_of_an_alert_of_a_closed_earlier_case_answers_it_resolved_and_changes_nothing()
    {
        var patient = NewPatient();
        var first = await OpenCaseAsync(patient);
        await PostEventsAsync(Event(patient, "patient.discharged", DateTimeOffset.UtcNow.AddHours(-2), "discharge-" + patient));
        await PostEventsAsync(Event(patient, "rse.onset", DateTimeOffset.UtcNow.AddHours(-1), "onset-2-" + patient));
        var alerts = await Api.SendAsync(HttpMethod.Get, "/api/alerts?caseId=" + first);
        var alertId = alerts.Json[0].GetProperty("alertId").GetString();

        var ack = await Api.SendAsync(HttpMethod.Post, $"/api/alerts/{alertId}/ack", """{"by":"Dr. Berg","note":"late"}""");

        Assert.Equal(200, ack.Status);
        Assert.Equal(alertId, ack.Json.GetProperty("alertId").GetString());
        Assert.Equal("resolved", ack.Json.GetProperty("state").GetString());
        var after = await Api.SendAsync(HttpMethod.Get, "/api/alerts?caseId=" + first);
        Assert.Equal(alerts.Json.GetRawText(), after.Json.GetRawText());
    }

    [Fact]
    public async Task A_third_episode_keeps_both_earlier_cases_readable()
    {
        var patient = NewPatient();
        var cases = new List<string?> { await OpenCaseAsync(patient) };
        for (var episode = 2; episode <= 3; episode++)
        {
            await PostEventsAsync(Event(patient, "patient.discharged", DateTimeOffset.UtcNow.AddHours(-(10 - (2 * episode))), $"discharge-{episode}-{patient}"));
            var onset = await PostEventsAsync(Event(patient, "rse.onset", DateTimeOffset.UtcNow.AddHours(-(9 - (2 * episode))), $"onset-{episode}-{patient}"));
            cases.Add(onset.Json.GetProperty("accepted")[0].GetProperty("caseId").GetString());
        }

        Assert.Equal(3, cases.Distinct().Count());
        var closed = await Api.SendAsync(HttpMethod.Get, "/api/cases?status=closed");
        Assert.Equal(
            cases.Take(2).Order(StringComparer.Ordinal),
            closed.Json.EnumerateArray().Where(c => c.GetProperty("patient").GetString() == patient).Select(c => c.GetProperty("caseId").GetString()).Order(StringComparer.Ordinal));
        foreach (var earlier in cases.Take(2))
        {
            Assert.Equal("closed", (await Api.SendAsync(HttpMethod.Get, "/api/cases/" + earlier)).Json.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task A_batch_is_decided_as_a_whole_so_an_alert_its_later_events_disprove_is_never_raised()
    {
        var patient = NewPatient();
        var onsetAt = DateTimeOffset.UtcNow.AddDays(-8);
        var batch = "[" + Event(patient, "rse.onset", onsetAt, "onset-" + patient) + ","
            + Event(patient, "immunotherapy.first-line.started", onsetAt.AddDays(5), "fl-" + patient, """{"agent":"methylprednisolone"}""") + "]";

        var answer = await Api.SendAsync(HttpMethod.Post, "/api/events", batch, "application/cloudevents-batch+json");

        Assert.Equal(202, answer.Status);
        var accepted = answer.Json.GetProperty("accepted").EnumerateArray().ToList();
        Assert.Equal(["onset-" + patient, "fl-" + patient], accepted.Select(a => a.GetProperty("id").GetString()));
        var caseId = accepted[0].GetProperty("caseId").GetString();
        Assert.StartsWith("case-", caseId, StringComparison.Ordinal);
        Assert.Equal(caseId, accepted[1].GetProperty("caseId").GetString());
        var alerts = await Api.SendAsync(HttpMethod.Get, "/api/alerts?caseId=" + caseId);
        Assert.Empty(alerts.Json.EnumerateArray());

        var again = await Api.SendAsync(HttpMethod.Post, "/api/events", batch, "application/cloudevents-batch+json");

        Assert.Empty(again.Json.GetProperty("accepted").EnumerateArray());
        Assert.Equal([("onset-" + patient, caseId), ("fl-" + patient, caseId)], again.Json.GetProperty("duplicates").EnumerateArray().Select(d => (d.GetProperty("id").GetString(), d.GetProperty("caseId").GetString())));
    }

    [Fact]
    public async Task A_late_resend_of_an_earlier_cases_event_is_a_duplicate_and_leaves_the_new_case_as_it_was()
    {
        var patient = NewPatient();
        var firstOnset = Onset(patient, "onset-" + patient);
        await PostEventsAsync(firstOnset);
        await PostEventsAsync(Event(patient, "patient.discharged", DateTimeOffset.UtcNow.AddHours(-2), "discharge-" + patient));
        var readmitted = await PostEventsAsync(Event(patient, "rse.onset", DateTimeOffset.UtcNow.AddHours(-1), "onset-2-" + patient));
        var second = readmitted.Json.GetProperty("accepted")[0].GetProperty("caseId").GetString();
        var before = await Api.SendAsync(HttpMethod.Get, "/api/cases/" + second);

        var resent = await PostEventsAsync(firstOnset);

        Assert.Equal(202, resent.Status);
        Assert.Empty(resent.Json.GetProperty("accepted").EnumerateArray());
        Assert.Equal("onset-" + patient, Assert.Single(resent.Json.GetProperty("duplicates").EnumerateArray()).GetProperty("id").GetString());
        var after = await Api.SendAsync(HttpMethod.Get, "/api/cases/" + second);
        Assert.Equal(before.Json.GetProperty("events").GetRawText(), after.Json.GetProperty("events").GetRawText());
        Assert.Equal(before.Json.GetProperty("deadlines").GetRawText(), after.Json.GetProperty("deadlines").GetRawText());
    }

    [Fact]
    public async Task A_late_event_of_an_earlier_episode_joins_that_case_and_never_meets_a_deadline_of_the_readmission()
    {
        // Episode 1: onset 40 days ago, first line given two days later, discharged 20 days ago. Readmitted in status
        // epilepticus 8 days ago with no first line yet: the readmission's first line is overdue. Then the integration
        // engine backfills episode 1's first-line start.
        var (patient, now, first) = await FirstEpisodeClosedAsync();
        var second = (await PostEventsAsync(Event(patient, "rse.onset", now.AddDays(-8), "onset-2-" + patient))).Json.GetProperty("accepted")[0].GetProperty("caseId").GetString();
        Assert.Equal([("first-line-overdue", "triggered")], await KindsAndStatesAsync(second));
        var firstLine = Event(patient, "immunotherapy.first-line.started", now.AddDays(-38), "fl-1-" + patient, """{"agent":"methylprednisolone"}""");

        var late = await PostEventsAsync(firstLine);

        Assert.Equal(202, late.Status);
        Assert.Equal([("first-line-overdue", "triggered")], await KindsAndStatesAsync(second));
        Assert.Equal(["rse.onset"], await EventTypesAsync(second));
        Assert.Equal(["immunotherapy.first-line.started", "patient.discharged", "rse.onset"], await EventTypesAsync(first));
        var record = await Api.SendAsync(HttpMethod.Get, "/api/cases/" + first);
        Assert.Equal("closed", record.Json.GetProperty("status").GetString());

        var resent = await PostEventsAsync(firstLine);

        Assert.Equal("fl-1-" + patient, Assert.Single(resent.Json.GetProperty("duplicates").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal([("first-line-overdue", "triggered")], await KindsAndStatesAsync(second));
    }

    [Fact]
    public async Task An_earlier_episodes_event_sent_with_the_readmissions_onset_joins_the_closed_case_and_its_resend_is_a_duplicate()
    {
        var (patient, now, first) = await FirstEpisodeClosedAsync();
        var firstLine = Event(patient, "immunotherapy.first-line.started", now.AddDays(-38), "fl-1-" + patient, """{"agent":"methylprednisolone"}""");
        var batch = "[" + firstLine + "," + Event(patient, "rse.onset", now.AddDays(-8), "onset-2-" + patient) + "]";

        var answer = await Api.SendAsync(HttpMethod.Post, "/api/events", batch, "application/cloudevents-batch+json");

        Assert.Equal(202, answer.Status);
        var second = answer.Json.GetProperty("accepted").EnumerateArray().Single(a => a.GetProperty("id").GetString() == "onset-2-" + patient).GetProperty("caseId").GetString();
        Assert.NotEqual(first, second);
        Assert.Equal(["immunotherapy.first-line.started", "patient.discharged", "rse.onset"], await EventTypesAsync(first));
        Assert.Equal(["rse.onset"], await EventTypesAsync(second));
        Assert.Equal([("first-line-overdue", "triggered")], await KindsAndStatesAsync(second));

        var resent = await PostEventsAsync(firstLine);

        Assert.Empty(resent.Json.GetProperty("accepted").EnumerateArray());
        Assert.Equal("fl-1-" + patient, Assert.Single(resent.Json.GetProperty("duplicates").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(["rse.onset"], await EventTypesAsync(second));
        Assert.Equal([("first-line-overdue", "triggered")], await KindsAndStatesAsync(second));
    }

    [Fact]
    public async Task A_dose_recorded_before_the_readmissions_diagnosis_arrives_counts_for_the_readmission()
    {
        // Readmitted 8 days ago; methylprednisolone given 5 days ago reaches NorseAlerts before the diagnosis is coded.
        var (patient, now, first) = await FirstEpisodeClosedAsync();
        await PostEventsAsync(Event(patient, "immunotherapy.first-line.started", now.AddDays(-5), "fl-2-" + patient, """{"agent":"methylprednisolone"}"""));

        var readmitted = await PostEventsAsync(Event(patient, "rse.onset", now.AddDays(-8), "onset-2-" + patient));

        var second = readmitted.Json.GetProperty("accepted")[0].GetProperty("caseId").GetString();
        Assert.NotEqual(first, second);
        Assert.Equal(["immunotherapy.first-line.started", "rse.onset"], await EventTypesAsync(second));
        Assert.Empty(await KindsAndStatesAsync(second));
        var record = await Api.SendAsync(HttpMethod.Get, "/api/cases/" + second);
        Assert.Equal("met", record.Json.GetProperty("deadlines").EnumerateArray().Single(d => d.GetProperty("kind").GetString() == "first-line-window").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_discharge_and_a_readmission_in_one_request_close_the_first_case_and_open_a_second()
    {
        // An integration engine catching up after an outage sends the discharge and the readmission's onset together.
        var patient = NewPatient();
        var now = DateTimeOffset.UtcNow;
        var first = (await PostEventsAsync(Event(patient, "rse.onset", now.AddDays(-6), "onset-1-" + patient))).Json.GetProperty("accepted")[0].GetProperty("caseId").GetString();
        Assert.Equal([("first-line-due-soon", "triggered")], await KindsAndStatesAsync(first));
        var batch = "[" + Event(patient, "patient.discharged", now.AddDays(-3), "discharge-" + patient) + ","
            + Event(patient, "rse.onset", now.AddHours(-2), "onset-2-" + patient) + "]";

        var answer = await Api.SendAsync(HttpMethod.Post, "/api/events", batch, "application/cloudevents-batch+json");

        Assert.Equal(202, answer.Status);
        var record = await Api.SendAsync(HttpMethod.Get, "/api/cases/" + first);
        Assert.Equal("closed", record.Json.GetProperty("status").GetString());
        Assert.Equal(["patient.discharged", "rse.onset"], await EventTypesAsync(first));
        Assert.DoesNotContain(record.Json.GetProperty("deadlines").EnumerateArray(), d => d.GetProperty("status").GetString() == "pending");
        Assert.Equal([("first-line-due-soon", "resolved")], await KindsAndStatesAsync(first));
        var closed = await Api.SendAsync(HttpMethod.Get, "/api/cases?status=closed");
        Assert.Contains(closed.Json.EnumerateArray(), c => c.GetProperty("caseId").GetString() == first);
        var active = await Api.SendAsync(HttpMethod.Get, "/api/cases?status=active");
        var second = Assert.Single(active.Json.EnumerateArray(), c => c.GetProperty("patient").GetString() == patient).GetProperty("caseId").GetString();
        Assert.NotEqual(first, second);
        Assert.Equal(["rse.onset"], await EventTypesAsync(second));
    }

    [Fact]
    public async Task A_discharge_cancelled_as_entered_in_error_reopens_the_case_and_pages_its_overdue_first_line_again()
    {
        var patient = NewPatient();
        var now = DateTimeOffset.UtcNow;
        var caseId = (await PostEventsAsync(Event(patient, "rse.onset", now.AddDays(-8), "onset-" + patient))).Json.GetProperty("accepted")[0].GetProperty("caseId").GetString();
        await PostEventsAsync(Event(patient, "patient.discharged", now.AddHours(-2), "discharge-" + patient));
        Assert.Equal([("first-line-overdue", "resolved")], await KindsAndStatesAsync(caseId));

        var cancelled = await PostEventsAsync(Event(patient, "patient.discharge-cancelled", now.AddHours(-1), "cancel-" + patient));

        Assert.Equal(202, cancelled.Status);
        Assert.Equal(caseId, cancelled.Json.GetProperty("accepted")[0].GetProperty("caseId").GetString());
        var record = await Api.SendAsync(HttpMethod.Get, "/api/cases/" + caseId);
        Assert.Equal("active", record.Json.GetProperty("status").GetString());
        Assert.Equal("first-line-overdue", record.Json.GetProperty("stage").GetString());
        Assert.Equal(JsonValueKind.Null, record.Json.GetProperty("closedAt").ValueKind);
        Assert.Equal([("first-line-overdue", "resolved"), ("first-line-overdue", "triggered")], await KindsAndStatesAsync(caseId));
        var active = await Api.SendAsync(HttpMethod.Get, "/api/cases?status=active");
        Assert.Contains(active.Json.EnumerateArray(), c => c.GetProperty("caseId").GetString() == caseId);
    }

    // Episode 1: onset 40 days ago, discharged 20 days ago; its case id.
    private async Task<(string Patient, DateTimeOffset Now, string? First)> FirstEpisodeClosedAsync()
    {
        var patient = NewPatient();
        var now = DateTimeOffset.UtcNow;
        var first = (await PostEventsAsync(Event(patient, "rse.onset", now.AddDays(-40), "onset-1-" + patient))).Json.GetProperty("accepted")[0].GetProperty("caseId").GetString();
        await PostEventsAsync(Event(patient, "patient.discharged", now.AddDays(-20), "discharge-" + patient));
        return (patient, now, first);
    }

    private async Task<IReadOnlyList<string?>> EventTypesAsync(string? caseId)
    {
        var record = await Api.SendAsync(HttpMethod.Get, "/api/cases/" + caseId);
        Assert.Equal(200, record.Status);
        return [.. record.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Order(StringComparer.Ordinal)];
    }

    private async Task<IReadOnlyList<(string?, string?)>> KindsAndStatesAsync(string? caseId)
    {
        var alerts = await Api.SendAsync(HttpMethod.Get, "/api/alerts?caseId=" + caseId);
        return [.. alerts.Json.EnumerateArray().Select(a => (a.GetProperty("kind").GetString(), a.GetProperty("state").GetString()))];
    }
}
