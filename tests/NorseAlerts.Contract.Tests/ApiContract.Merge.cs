namespace NorseAlerts.Contract.Tests;

/// <summary>The contract's <c>patient.merged</c> facet: both hosts move the old record and follow the old key the same way.</summary>
public abstract partial class ApiContract
{
    [Fact]
    public async Task A_merged_patients_case_moves_to_the_surviving_patient_and_later_events_for_the_old_key_follow_it()
    {
        var (old, survivor) = (NewPatient(), NewPatient());
        var oldCase = await OpenCaseAsync(old);

        var merged = await PostEventsAsync(Event(survivor, "patient.merged", DateTimeOffset.UtcNow.AddMinutes(-1), "merge-" + old, $$"""{"from":"{{old}}"}"""));
        var later = await PostEventsAsync(Event(old, "immunotherapy.first-line.started", DateTimeOffset.UtcNow, "fl-" + old, """{"agent":"ivig"}"""));

        Assert.Equal(202, merged.Status);
        var caseId = merged.Json.GetProperty("accepted")[0].GetProperty("caseId").GetString();
        Assert.StartsWith("case-", caseId, StringComparison.Ordinal);
        Assert.NotEqual(oldCase, caseId);
        Assert.Equal(caseId, later.Json.GetProperty("accepted")[0].GetProperty("caseId").GetString());

        var active = await Api.SendAsync(HttpMethod.Get, "/api/cases?status=active");
        var mine = active.Json.EnumerateArray().Where(c => c.GetProperty("patient").GetString() is { } p && (p == old || p == survivor)).ToList();
        Assert.Equal((caseId, survivor), (Assert.Single(mine).GetProperty("caseId").GetString(), mine[0].GetProperty("patient").GetString()));
        var closed = await Api.SendAsync(HttpMethod.Get, "/api/cases?status=closed");
        Assert.Contains(closed.Json.EnumerateArray(), c => c.GetProperty("caseId").GetString() == oldCase);

        var detail = await Api.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}");
        Assert.Equal(
            ["immunotherapy.first-line.started", "patient.merged", "rse.onset"],
            detail.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Order(StringComparer.Ordinal));
        var oldAlerts = await Api.SendAsync(HttpMethod.Get, $"/api/alerts?caseId={oldCase}");
        Assert.All(oldAlerts.Json.EnumerateArray(), a => Assert.Equal("resolved", a.GetProperty("state").GetString()));
        var newAlerts = await Api.SendAsync(HttpMethod.Get, $"/api/alerts?caseId={caseId}");
        Assert.Equal(
            [("first-line-due-soon", "resolved")],
            newAlerts.Json.EnumerateArray().Select(a => (a.GetProperty("kind").GetString(), a.GetProperty("state").GetString())));
    }
}
