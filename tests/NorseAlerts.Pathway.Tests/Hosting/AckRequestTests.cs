using System.Text;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Hosting;
using Xunit;

namespace NorseAlerts.Pathway.Tests.Hosting;

public class AckRequestTests
{
    private static ReadOnlyMemory<byte> Body(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void A_body_with_who_and_a_note_acknowledges_the_alert_in_the_route()
    {
        var (ack, errors) = AckRequest.Read(Body("""{"by":"dr-oncall","note":"seen"}"""), "alert-1");

        Assert.Empty(errors);
        Assert.Equal(new Acknowledge("alert-1", "dr-oncall", "seen"), ack);
    }

    [Fact]
    public void The_note_is_optional()
    {
        var (ack, _) = AckRequest.Read(Body("""{"by":"dr-oncall"}"""), "alert-1");

        Assert.Equal(new Acknowledge("alert-1", "dr-oncall", null), ack);
    }

    [Fact]
    public void Every_bad_field_is_named()
    {
        var (ack, errors) = AckRequest.Read(Body("""{"by":"  ","note":5}"""), "alert-1");

        Assert.Null(ack);
        Assert.Equal(["by", "note"], errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    public void A_body_that_is_not_a_json_object_is_refused(string body)
    {
        var (ack, errors) = AckRequest.Read(Body(body), "alert-1");

        Assert.Null(ack);
        Assert.Equal("body", Assert.Single(errors).Field);
    }
}
