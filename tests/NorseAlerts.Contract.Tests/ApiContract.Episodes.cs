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
        Assert.Equal(["patient.discharged", "rse.onset"], record.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Order(StringComparer.Ordinal));
        var firstAlerts = await Api.SendAsync(HttpMethod.Get, "/api/alerts?caseId=" + first);
        Assert.Equal(
            [("first-line-due-soon", "resolved")],
            firstAlerts.Json.EnumerateArray().Select(a => (a.GetProperty("kind").GetString(), a.GetProperty("state").GetString())));

        var current = await Api.SendAsync(HttpMethod.Get, "/api/cases/" + second);
        Assert.Equal("active", current.Json.GetProperty("status").GetString());
        Assert.Equal(["rse.onset"], current.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
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
}
