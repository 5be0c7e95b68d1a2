using System.Text.Json;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Pathway.Tests.Support;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Cases;

/// <summary>
/// Case documents written by the code before alert states, deadline statuses, kinds and stages were types
/// (Cases/Documents/*.json, as the embedded store and the Durable history hold them) still read, and write
/// back the same bytes.
/// </summary>
public class StoredDocumentTests
{
    [Theory]
    [InlineData("active-seed-case")]
    [InlineData("new-consensus-case")]
    [InlineData("closed-consensus-case")]
    public void A_stored_case_document_reads_and_writes_back_byte_for_byte(string name)
    {
        var stored = Document(name);

        var state = JsonSerializer.Deserialize<CaseState>(stored, PathwayJson.Options)!;

        Assert.Equal(stored, JsonSerializer.Serialize(state, PathwayJson.Options));
    }

    [Fact]
    public void A_stored_active_case_reads_its_alert_states_kinds_deadline_statuses_and_stage_as_types()
    {
        var state = Read("active-seed-case");

        Assert.Equal(Stage.SecondLineRecommended, state.Stage);
        Assert.Equal(AlertState.Resolved, state.Alerts.Single(a => a.Kind == AlertKind.FirstLineDueSoon).State);
        Assert.Equal(AlertState.Resolved, state.Alerts.Single(a => a.Kind == AlertKind.FirstLineOverdue).State);
        Assert.Equal(AlertState.Acknowledged, state.Alerts.Single(a => a.Kind == AlertKind.SuperRefractory).State);
        Assert.Equal(AlertState.Triggered, state.Alerts.Single(a => a.Kind == AlertKind.SecondLineRecommended).State);
        Assert.Equal(
            [("first-line-window", DeadlineStatus.Late), ("response-check", DeadlineStatus.Met), ("super-refractory", DeadlineStatus.Missed)],
            state.Deadlines.Select(d => (d.Kind, d.Status)));
    }

    [Fact]
    public void Stored_new_and_closed_cases_read_pending_cancelled_and_met_deadlines_and_their_stages()
    {
        var opened = Read("new-consensus-case");
        var closed = Read("closed-consensus-case");

        Assert.Equal(Stage.FirstLineWindow, opened.Stage);
        Assert.All(opened.Deadlines, d => Assert.Equal(DeadlineStatus.Pending, d.Status));
        Assert.Equal(Stage.Closed, closed.Stage);
        Assert.Equal([DeadlineStatus.Met, DeadlineStatus.Cancelled], closed.Deadlines.Select(d => d.Status));
    }

    [Fact]
    public void A_stored_case_goes_on_paging_its_triggered_alert_up_the_chain()
    {
        var state = Read("active-seed-case");
        var recommended = state.Alerts.Single(a => a.State == AlertState.Triggered);
        var clock = new Clock(new CasePathway(new ProtocolCatalog(), new PathwayOptions()));

        var d = clock.Pathway.Decide(state, new Tick(), recommended.LastPagedAt + Hours(1));

        var page = Assert.Single(d.Pages);
        Assert.Equal((3, 2, "neurocritical-care-attending"), (recommended.Level, recommended.Repeat, recommended.RecipientRole));
        Assert.Equal($"{recommended.AlertId}:3:3", page.MessageId);
        Assert.Equal((3, 3), (page.Alert.Level, page.Alert.Repeat));
    }

    [Fact]
    public void A_document_with_an_alert_state_outside_the_contract_is_refused_naming_the_value()
    {
        var tampered = Document("active-seed-case").Replace("\"state\":\"acknowledged\"", "\"state\":\"snoozed\"", StringComparison.Ordinal);

        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CaseState>(tampered, PathwayJson.Options));

        Assert.Contains("'snoozed' is not a known AlertState", e.Message, StringComparison.Ordinal);
    }

    private static CaseState Read(string name) => JsonSerializer.Deserialize<CaseState>(Document(name), PathwayJson.Options)!;

    private static string Document(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Cases", "Documents", name + ".json"));
}
