using System.Text.Json.Nodes;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;
using static NorseAlerts.Pathway.Tests.Protocols.ProtocolFiles;

namespace NorseAlerts.Pathway.Tests.Protocols;

/// <summary>What the schema cannot say, checked after it, each error on its JSON path.</summary>
public class ProtocolSemanticsTests
{
    private static ProtocolException Broken(string protocol, Action<JsonObject> edit)
    {
        var root = Document(protocol);
        edit(root);
        return Assert.Throws<ProtocolException>(() => Read(root));
    }

    private static FieldError Only(ProtocolException ex) => Assert.Single(ex.Errors);

    [Fact]
    public void The_due_soon_reminder_must_fall_inside_the_first_line_window()
    {
        var error = Only(Broken("seed", r => At(r, "firstLine.dueSoonLead")["value"] = 7 * 24));

        Assert.Equal("firstLine.dueSoonLead", error.Field);
        Assert.Equal("must be shorter than firstLine.window (7 d): the reminder would precede RSE onset", error.Message);
    }

    [Fact]
    public void Second_line_by_time_must_come_after_the_first_line_window()
    {
        var error = Only(Broken("consensus-2022", r => At(r, "secondLine.recommendWithoutResponseAfter")["value"] = 2));

        Assert.Equal("secondLine.recommendWithoutResponseAfter", error.Field);
        Assert.Contains("must be later than firstLine.window (3 d)", error.Message);
    }

    [Fact]
    public void Second_line_by_time_needs_its_advice_and_advice_without_it_is_refused()
    {
        var missing = Only(Broken("consensus-2022", r => At(r, "secondLine.advice").Remove("withoutResponse")));
        var unused = Only(Broken("seed", r => At(r, "secondLine.advice")["withoutResponse"] = JsonNode.Parse("""{"text":"Consider the ketogenic diet.","source":"seed"}""")));

        Assert.Equal(("secondLine.advice.withoutResponse", "is required with recommendWithoutResponseAfter"), (missing.Field, missing.Message));
        Assert.Equal("secondLine.advice.withoutResponse", unused.Field);
        Assert.Contains("never shown", unused.Message);
    }

    [Fact]
    public void Every_alert_kind_is_rated_exactly_once()
    {
        var ex = Broken("seed", r => ((JsonArray)At(r, "alerts")["kinds"]!)[5]!["kind"] = "first-line-due-soon");

        Assert.Equal(
            [("alerts.kinds[5].kind", "'first-line-due-soon' is listed twice"), ("alerts.kinds", "must list every alert kind once; missing: super-refractory")],
            ex.Errors.Select(e => (e.Field, e.Message)));
    }

    [Fact]
    public void A_severity_outside_the_gateway_vocabulary_is_refused_with_the_allowed_ones()
    {
        var error = Only(Broken("seed", r => ((JsonArray)At(r, "alerts")["kinds"]!)[1]!["severity"] = "urgent"));

        Assert.Equal(("alerts.kinds[1].severity", "must be warning, high or critical"), (error.Field, error.Message));
    }

    [Fact]
    public void A_text_may_use_only_the_placeholder_the_pathway_fills_in()
    {
        var error = Only(Broken("seed", r => At(r, "superRefractory.recommendation")["text"] = "Anesthetics for {hours} h"));

        Assert.Equal(("superRefractory.recommendation.text", "{hours} is not filled in: only {after} is"), (error.Field, error.Message));
    }

    [Fact]
    public void Schema_errors_say_what_the_field_must_be()
    {
        var ex = Broken("seed", r =>
        {
            At(r, "escalation")["roles"] = new JsonArray();
            At(r, "secondLine.agents.rituximab.doses")["value"] = 2.5;
            At(r, "secondLine.agents.rituximab").Remove("doseInterval");
            At(r, "measurements.minHeightCm")["unit"] = "in";
            At(r, "firstLine.window")["value"] = "7";
        });

        Assert.Equal(
            [
                new FieldError("escalation.roles", "must not be empty"),
                new FieldError("firstLine.window.value", "must be a number"),
                new FieldError("measurements.minHeightCm.unit", "must be cm"),
                new FieldError("secondLine.agents.rituximab.doseInterval", "is required with doses"),
                new FieldError("secondLine.agents.rituximab.doses.value", "must be a whole number"),
            ],
            ex.Errors.OrderBy(e => e.Field, StringComparer.Ordinal));
    }

    [Fact]
    public void An_unknown_field_is_named_with_the_fields_that_are_known()
    {
        var ex = Broken("seed", r => At(r, "responseCheck")["grase"] = JsonNode.Parse("""{"value":24,"unit":"h","source":"product"}"""));

        Assert.Contains(new FieldError("responseCheck.grase", "is not a known field: grace, recommendation"), ex.Errors);
    }

    [Fact]
    public void Schema_errors_and_unknown_sources_are_reported_in_one_pass()
    {
        var ex = Broken("seed", r =>
        {
            At(r, "escalation.ackTimeout")["value"] = 0;
            At(r, "superRefractory.recommendation")["source"] = "hirsh-2018";
        });

        Assert.Equal(
            [
                new FieldError("escalation.ackTimeout.value", "must be greater than zero"),
                new FieldError("superRefractory.recommendation.source", "'hirsh-2018' is neither a key of sources nor a citation"),
            ],
            ex.Errors.OrderBy(e => e.Field, StringComparer.Ordinal));
    }

    [Fact]
    public void Built_in_protocols_name_the_published_schema_so_editors_check_them_as_they_type()
    {
        foreach (var name in new[] { "seed", "consensus-2022" })
        {
            Assert.Equal("./protocol.schema.json", (string?)Document(name)["$schema"]);
        }
    }
}
