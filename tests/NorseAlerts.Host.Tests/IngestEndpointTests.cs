using System.Net;
using System.Text;
using static NorseAlerts.Host.Tests.HostFactory;

namespace NorseAlerts.Host.Tests;

public sealed class IngestEndpointTests : IAsyncLifetime
{
    private readonly HostFactory host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task An_onset_is_accepted_with_202_and_the_case_id_it_opened()
    {
        var response = await host.Client().PostAsync("/api/events", CloudEvents(Event("rse.onset", Start.AddHours(-3), id: "evt-1")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await Json(response);
        Assert.Equal("evt-1", body["accepted"]![0]!["id"]!.GetValue<string>());
        var caseId = body["accepted"]![0]!["caseId"]!.GetValue<string>();
        Assert.StartsWith("case-", caseId);
        Assert.Empty(body["duplicates"]!.AsArray());
        var cases = await Json(await host.Client().GetAsync("/api/cases?status=active"));
        Assert.Equal(caseId, cases[0]!["caseId"]!.GetValue<string>());
        Assert.Equal("GENH:00123456", cases[0]!["patient"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_repeated_event_is_a_duplicate_with_no_second_effect()
    {
        var json = Event("rse.onset", Start.AddDays(-8), id: "evt-dup");
        await host.Client().PostAsync("/api/events", CloudEvents(json));
        var again = await host.Client().PostAsync("/api/events", CloudEvents(json));

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var body = await Json(again);
        Assert.Empty(body["accepted"]!.AsArray());
        Assert.Equal("evt-dup", body["duplicates"]![0]!["id"]!.GetValue<string>());
        var alerts = await Json(await host.Client().GetAsync("/api/alerts"));
        Assert.Single(alerts.AsArray());
    }

    [Fact]
    public async Task A_batch_is_accepted_whole()
    {
        var batch = $"[{Event("rse.onset", Start.AddDays(-1), subject: "A")},{Event("rse.onset", Start.AddDays(-2), subject: "B")}]";

        var response = await host.Client().PostAsync("/api/events", CloudEvents(batch, "application/cloudevents-batch+json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, (await Json(response))["accepted"]!.AsArray().Count);
        Assert.Equal(2, (await Json(await host.Client().GetAsync("/api/cases"))).AsArray().Count);
    }

    [Fact]
    public async Task One_bad_event_rejects_the_whole_batch_naming_the_field_and_stores_nothing()
    {
        var batch = $"[{Event("rse.onset", Start.AddDays(-1), subject: "A")},{Event("immunotherapy.first-line.started", Start, subject: "A", data: new { agent = "aspirin" })}]";

        var response = await host.Client().PostAsync("/api/events", CloudEvents(batch, "application/cloudevents-batch+json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("data.agent", problem);
        Assert.Empty((await Json(await host.Client().GetAsync("/api/cases"))).AsArray());
    }

    [Fact]
    public async Task An_empty_batch_is_a_400()
    {
        var response = await host.Client().PostAsync("/api/events", CloudEvents("[]", "application/cloudevents-batch+json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_clinical_time_more_than_five_minutes_ahead_is_rejected_naming_time()
    {
        var response = await host.Client().PostAsync("/api/events", CloudEvents(Event("rse.onset", Start.AddMinutes(6))));
        var ok = await host.Client().PostAsync("/api/events", CloudEvents(Event("rse.onset", Start.AddMinutes(4), subject: "other")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"time\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("42")]
    [InlineData("{\"specversion\":\"0.3\",\"id\":\"x\",\"source\":\"s\",\"type\":\"rse.onset\",\"time\":\"2026-03-01T00:00:00Z\",\"subject\":\"p\"}")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\",\"type\":\"rse.onset\",\"time\":\"yesterday\",\"subject\":\"p\"}")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\",\"type\":\"made.up\",\"time\":\"2026-03-01T00:00:00Z\",\"subject\":\"p\"}")]
    [InlineData("{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"rse.onset\",\"time\":\"2026-03-01T00:00:00Z\",\"subject\":\"p\"}")]
    public async Task Malformed_events_get_a_problem_and_change_nothing(string body)
    {
        var response = await host.Client().PostAsync("/api/events", CloudEvents(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Empty((await Json(await host.Client().GetAsync("/api/cases"))).AsArray());
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_a_413()
    {
        var big = "[" + string.Join(",", Enumerable.Repeat(Event("rse.onset", Start), 1024 * 1024 / 200 + 10)) + "]";

        var response = await host.Client().PostAsync("/api/events", CloudEvents(big, "application/cloudevents-batch+json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Another_media_type_is_a_415()
    {
        var response = await host.Client().PostAsync("/api/events", new StringContent("<event/>", Encoding.UTF8, "application/xml"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task An_event_for_a_patient_without_a_case_is_held_with_a_null_case_id_then_joins_the_case()
    {
        var held = await Json(await host.Client().PostAsync("/api/events", CloudEvents(Event("immunotherapy.first-line.started", Start.AddHours(-1), data: new { agent = "ivig" }))));
        Assert.Null(held["accepted"]![0]!["caseId"]);

        var onset = await Json(await host.Client().PostAsync("/api/events", CloudEvents(Event("rse.onset", Start.AddDays(-2)))));
        var caseId = onset["accepted"]![0]!["caseId"]!.GetValue<string>();

        var detail = await Json(await host.Client().GetAsync($"/api/cases/{caseId}"));
        Assert.Equal(2, detail["events"]!.AsArray().Count);
        Assert.Equal("first-line-course", detail["stage"]!.GetValue<string>());
    }
}

public sealed class ConcurrentIngestTests
{
    [Fact]
    public async Task Parallel_posts_for_one_patient_and_many_patients_with_duplicates_lose_nothing_and_double_nothing()
    {
        await using var host = new HostFactory();
        var client = host.Client();
        var posts = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < 60; i++)
        {
            var patient = i % 3 == 0 ? "GENH:SAME" : $"GENH:{i:D5}";
            var id = "evt-" + (i % 50);
            var json = Event(i % 3 == 0 && i > 0 ? "patient.measurements" : "rse.onset", Start.AddHours(-i), subject: patient, id: id, data: i % 3 == 0 && i > 0 ? new { weightKg = 60 + i } : null);
            posts.Add(client.PostAsync("/api/events", CloudEvents(json)));
        }

        var responses = await Task.WhenAll(posts);

        Assert.All(responses, r => Assert.Equal(System.Net.HttpStatusCode.Accepted, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(Json));
        Assert.Equal(50, bodies.Sum(b => b["accepted"]!.AsArray().Count));
        Assert.Equal(10, bodies.Sum(b => b["duplicates"]!.AsArray().Count));
        var cases = (await Json(await client.GetAsync("/api/cases"))).AsArray();
        Assert.Equal(cases.Count, cases.Select(c => c!["patient"]!.GetValue<string>()).Distinct().Count());
    }
}
