using System.Text;

namespace NorseAlerts.Messaging.Tests;

public class AckMessageTests
{
    private static bool Parse(string json, out AckMessage? ack, out string? error) =>
        AckMessage.TryParse(Encoding.UTF8.GetBytes(json), out ack, out error);

    [Fact]
    public void Ack_body_with_alert_id_by_and_note_is_read()
    {
        Assert.True(Parse("""{"alertId":"alert-1","by":"dr.hansen","note":"on my way"}""", out var ack, out var error));
        Assert.Null(error);
        Assert.Equal(new AckMessage("alert-1", "dr.hansen", "on my way"), ack);
    }

    [Fact]
    public void Note_is_optional()
    {
        Assert.True(Parse("""{"alertId":"alert-1","by":"dr.hansen"}""", out var ack, out _));
        Assert.Null(ack!.Note);
    }

    [Theory]
    [InlineData("not json", "body is not JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("""{"by":"x"}""", "alertId: required")]
    [InlineData("""{"alertId":"  ","by":"x"}""", "alertId: required")]
    [InlineData("""{"alertId":"a"}""", "by: required")]
    [InlineData("""{"alertId":"a","by":7}""", "by: required")]
    [InlineData("""{"alertId":"a","by":"x","note":5}""", "note: must be a string")]
    public void Bad_ack_bodies_are_refused_naming_the_field(string json, string problem)
    {
        Assert.False(Parse(json, out var ack, out var error));
        Assert.Null(ack);
        Assert.Contains(problem, error);
    }

    [Fact]
    public void Every_bad_field_is_named_at_once()
    {
        Assert.False(Parse("{}", out _, out var error));
        Assert.Contains("alertId", error);
        Assert.Contains("by", error);
    }

    [Theory]
    [InlineData("""{"alertId":"a","by":"\ud800"}""")]
    [InlineData("""{"alertId":"\udfff","by":"x"}""")]
    [InlineData("""{"alertId":"a","by":"x","note":"\ud800"}""")]
    public void A_lone_utf16_surrogate_is_refused_as_broken_unicode(string json)
    {
        Assert.False(Parse(json, out var ack, out var error));
        Assert.Null(ack);
        Assert.Contains("Unicode", error);
    }
}
