using NorseAlerts.Pathway.Events;
using static NorseAlerts.Admin.Tests.Store;

namespace NorseAlerts.Admin.Tests;

public sealed class RetentionTests : IAsyncLifetime
{
    private const string Rule = "--NorseAlerts:Retention:ClosedCases=365.00:00:00";

    private readonly Store store = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await store.DisposeAsync();

    private async Task<string> ClosedCase(string patient, bool withUnsentPage = false)
    {
        var now = store.Time.GetUtcNow();
        var caseId = await store.Ingest(Event(EventTypes.RseOnset, now.AddDays(withUnsentPage ? -8 : -1), patient));
        await store.Ingest(Event(EventTypes.PatientDischarged, now.AddMinutes(-1), patient));
        return caseId!;
    }

    [Fact]
    public async Task Closed_cases_older_than_the_rule_are_deleted_with_their_patient_record_and_the_deletion_is_audited()
    {
        var old = await ClosedCase("GENH:OLD");
        store.Time.Advance(TimeSpan.FromDays(400));
        var recent = await ClosedCase("GENH:RECENT");
        var active = await store.Ingest(Event(EventTypes.RseOnset, store.Time.GetUtcNow().AddDays(-1), "GENH:ACTIVE"));

        var (exit, output, _) = store.Admin("retention", Rule);

        Assert.Equal(0, exit);
        Assert.Contains($"deleted {old}", output);
        Assert.Equal([recent, active!], store.Rows("SELECT case_id FROM cases ORDER BY updated_at"));
        Assert.Empty(store.Rows("SELECT 1 FROM patients WHERE patient_key = 'GENH:OLD' UNION ALL SELECT 1 FROM inbox WHERE patient_key = 'GENH:OLD'"));
        Assert.Equal(["retention|case-purged"], store.Rows($"SELECT actor, kind FROM audit WHERE case_id = '{old}' AND kind = 'case-purged'"));
        Assert.DoesNotContain("GENH", store.Rows($"SELECT detail FROM audit WHERE kind = 'case-purged'").Single());
    }

    [Fact]
    public async Task A_closed_case_with_a_page_still_unsent_is_kept_until_the_page_is_out()
    {
        var paged = await ClosedCase("GENH:PAGED", withUnsentPage: true);
        store.Time.Advance(TimeSpan.FromDays(400));

        var (exit, output, _) = store.Admin("retention", Rule);

        Assert.Equal(0, exit);
        Assert.Contains("0 closed cases deleted", output);
        Assert.Equal([paged], store.Rows("SELECT case_id FROM cases"));
    }

    [Fact]
    public async Task A_dry_run_lists_what_the_rule_would_delete_and_deletes_nothing()
    {
        var old = await ClosedCase("GENH:OLD");
        store.Time.Advance(TimeSpan.FromDays(400));
        var before = store.Rows("SELECT count(*) FROM cases UNION ALL SELECT count(*) FROM audit");

        var (exit, output, _) = store.Admin("retention", "--dry-run", Rule);

        Assert.Equal(0, exit);
        Assert.Contains($"would delete {old}", output);
        Assert.Equal(before, store.Rows("SELECT count(*) FROM cases UNION ALL SELECT count(*) FROM audit"));
    }

    [Theory]
    [InlineData(null, "no retention rule")]
    [InlineData("--NorseAlerts:Retention:ClosedCases=forever", "not a positive TimeSpan")]
    [InlineData("--NorseAlerts:Retention:ClosedCases=-1.00:00:00", "not a positive TimeSpan")]
    public async Task Without_a_valid_rule_nothing_is_deleted_and_the_error_says_what_to_set(string? setting, string problem)
    {
        await ClosedCase("GENH:OLD");
        store.Time.Advance(TimeSpan.FromDays(4000));

        var (exit, _, error) = setting is null ? store.Admin("retention") : store.Admin("retention", setting);

        Assert.Equal(2, exit);
        Assert.Contains(problem, error);
        Assert.Single(store.Rows("SELECT case_id FROM cases"));
    }
}
