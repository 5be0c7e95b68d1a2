using System.Text.Json;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Vocabulary;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Vocabulary;

/// <summary>The typed vocabulary carries exactly the strings of DESIGN sections 3 to 5 on the wire.</summary>
public class WireValueTests
{
    [Fact]
    public void Each_vocabulary_has_exactly_the_strings_of_the_contract()
    {
        Assert.Equal(["triggered", "acknowledged", "resolved"], AlertState.All.Select(v => v.Name));
        Assert.Equal(["pending", "met", "late", "missed", "cancelled"], DeadlineStatus.All.Select(v => v.Name));
        Assert.Equal(
            ["first-line-due-soon", "first-line-overdue", "response-check-due", "second-line-recommended", "second-line-dose-overdue", "super-refractory"],
            AlertKind.All.Select(v => v.Name));
        Assert.Equal(
            ["awaiting-onset", "first-line-window", "first-line-overdue", "first-line-course", "response-check", "responding", "second-line-recommended", "second-line", "closed"],
            Stage.All.Select(v => v.Name));
    }

    [Fact]
    public void An_alert_reads_the_same_strings_whatever_serializer_options_write_it()
    {
        var view = new AlertView(
            "alert-1", "case-1", AlertKind.FirstLineDueSoon, "warning", 1, 0, "neurology-oncall", AlertState.Triggered,
            T0, T0 + Days(7), "message", [], null, null, null, null, null);

        foreach (var options in new[] { new JsonSerializerOptions(), new JsonSerializerOptions(JsonSerializerDefaults.Web), PathwayJson.Options })
        {
            var json = JsonSerializer.Serialize(view, options);
            Assert.Contains("\"first-line-due-soon\"", json, StringComparison.Ordinal);
            Assert.Contains("\"triggered\"", json, StringComparison.Ordinal);
            var read = JsonSerializer.Deserialize<AlertView>(json, options)!;
            Assert.Equal((AlertKind.FirstLineDueSoon, AlertState.Triggered), (read.Kind, read.State));
        }
    }

    [Fact]
    public void A_value_prints_as_its_wire_string_in_audit_text()
    {
        var resolved = new AlertResolved("alert-1", AlertKind.SecondLineDoseOverdue, "dose recorded");

        Assert.Equal("alert alert-1 (second-line-dose-overdue) resolved: dose recorded", resolved.Describe());
        Assert.Equal("first-line-window", $"{Stage.FirstLineWindow}");
    }

    [Fact]
    public void Parsing_an_unknown_string_names_the_vocabulary_and_its_values()
    {
        Assert.True(WireValue.TryParse<DeadlineStatus>("late", out var late));
        Assert.Equal(DeadlineStatus.Late, late);
        Assert.False(WireValue.TryParse<DeadlineStatus>("Late", out _));

        var e = Assert.Throws<FormatException>(() => WireValue.Parse<AlertState>("open"));

        Assert.Equal("'open' is not one of the AlertState values: triggered, acknowledged, resolved", e.Message);
    }

    [Fact]
    public void A_number_where_a_vocabulary_string_belongs_is_refused()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Deadline>("""{"kind":"response-check","dueAt":"2026-03-01T08:00:00+00:00","status":1}""", PathwayJson.Options));

        Assert.Contains("a DeadlineStatus is a JSON string, not Number", e.Message, StringComparison.Ordinal);
    }
}
