using System.Text.Json;
using Amqp.Framing;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Messaging.Tests;

public class AlertMessageTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(6);

    [Fact]
    public void Page_properties_carry_deterministic_id_case_group_kind_subject_and_cloudevents_content_type()
    {
        var page = SamplePages.Page(kind: AlertKind.FirstLineOverdue, level: 2, repeat: 0, role: "neurology-backup");

        var message = AlertMessage.Create(page, "/norsealerts", Ttl);

        Assert.Equal($"{page.Alert.AlertId}:2:0", message.Properties.MessageId);
        Assert.Equal(page.Alert.CaseId, message.Properties.GroupId);
        Assert.Equal("first-line-overdue", message.Properties.Subject);
        Assert.Equal("application/cloudevents+json", message.Properties.ContentType.ToString());
        Assert.Equal(page.Alert.LastPagedAt.UtcDateTime, message.Properties.CreationTime);
    }

    [Fact]
    public void Page_is_durable_with_the_configured_time_to_live()
    {
        var message = AlertMessage.Create(SamplePages.Page(), "/norsealerts", Ttl);

        Assert.True(message.Header.Durable);
        Assert.Equal((uint)Ttl.TotalMilliseconds, message.Header.Ttl);
    }

    [Fact]
    public void Application_properties_hold_what_subscription_filters_route_on()
    {
        var page = SamplePages.Page(kind: AlertKind.SuperRefractory, level: 3, repeat: 2, role: "neurocritical-care-attending");

        var properties = AlertMessage.Create(page, "/norsealerts", Ttl).ApplicationProperties;

        Assert.Equal("critical", properties["severity"]);
        Assert.Equal("super-refractory", properties["kind"]);
        Assert.Equal("neurocritical-care-attending", properties["recipientRole"]);
        Assert.Equal(3, properties["level"]);
        Assert.Equal(2, properties["repeat"]);
        Assert.Equal(page.Alert.CaseId, properties["caseId"]);
        Assert.Equal(page.Alert.AlertId, properties["alertId"]);
    }

    [Fact]
    public void Body_is_a_structured_cloudevent_whose_data_is_the_alert_as_the_api_shows_it()
    {
        var page = SamplePages.Page(kind: AlertKind.SecondLineRecommended, level: 1);

        var message = AlertMessage.Create(page, "/norsealerts/test", Ttl);

        var body = Assert.IsType<Data>(message.BodySection).Binary;
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal(page.MessageId, root.GetProperty("id").GetString());
        Assert.Equal("/norsealerts/test", root.GetProperty("source").GetString());
        Assert.Equal("norsealerts.alert.second-line-recommended", root.GetProperty("type").GetString());
        Assert.Equal(page.Alert.CaseId, root.GetProperty("subject").GetString());
        Assert.Equal(page.Alert.LastPagedAt, root.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("application/json", root.GetProperty("datacontenttype").GetString());

        var expected = JsonSerializer.SerializeToElement(AlertView.From(page.Alert), PathwayJson.Options);
        Assert.Equal(expected.GetRawText(), root.GetProperty("data").GetRawText());
        Assert.Equal(page.Alert.AlertId, root.GetProperty("data").GetProperty("alertId").GetString());
        Assert.Equal("high", root.GetProperty("data").GetProperty("severity").GetString());
    }

    [Fact]
    public void Every_attempt_of_the_same_page_produces_the_same_id_and_bytes()
    {
        var page = SamplePages.Page();

        var first = AlertMessage.Create(page, "/norsealerts", Ttl);
        var second = AlertMessage.Create(page, "/norsealerts", Ttl);

        Assert.NotSame(first, second);
        Assert.Equal(first.Properties.MessageId, second.Properties.MessageId);
        Assert.Equal(((Data)first.BodySection).Binary, ((Data)second.BodySection).Binary);
    }

    [Fact]
    public void Address_template_routes_by_role_for_brokers_that_cannot_filter_on_properties()
    {
        var page = SamplePages.Page(kind: AlertKind.SuperRefractory, role: "neurocritical-care-attending");

        Assert.Equal("/exchange/escalations/neurocritical-care-attending", AlertMessage.AddressFor("/exchange/escalations/{recipientRole}", page.Alert));
        Assert.Equal("x/super-refractory/critical", AlertMessage.AddressFor("x/{kind}/{severity}", page.Alert));
        Assert.Equal("escalations", AlertMessage.AddressFor("escalations", page.Alert));
    }

    [Theory]
    [InlineData("/exchange/escalations/{role}")]
    [InlineData("/exchange/escalations/{recipientRole")]
    [InlineData("escalations}")]
    [InlineData(" ")]
    public void Unknown_placeholders_in_the_alerts_address_are_refused_at_start(string template)
    {
        var error = Assert.Throws<FormatException>(() => AlertMessage.ValidateAddressTemplate(template));
        Assert.Contains("NorseAlerts:Amqp:Entities:Alerts", error.Message);
    }
}
