using System.Text;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Cases;
using Xunit;

namespace NorseAlerts.Hosting.Tests;

public class AckRequestTests
{
    private const string Caller = "api-key:pagingGateway";

    private static ReadOnlyMemory<byte> Body(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void A_body_with_who_and_a_note_acknowledges_the_alert_in_the_route()
    {
        var (ack, errors) = AckRequest.Read(Body("""{"by":"dr-oncall","note":"seen"}"""), "alert-1", Caller);

        Assert.Empty(errors);
        Assert.Equal(new Acknowledge("alert-1", "dr-oncall", "seen"), ack);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"by":"  "}""")]
    public void Without_a_name_the_caller_acknowledges(string body)
    {
        var (ack, _) = AckRequest.Read(Body(body), "alert-1", Caller);

        Assert.Equal(new Acknowledge("alert-1", Caller, null), ack);
    }

    [Fact]
    public void Every_bad_field_is_named()
    {
        var body = $$"""{"by":"{{new string('x', AckRequest.MaxByLength + 1)}}","note":5}""";

        var (ack, errors) = AckRequest.Read(Body(body), "alert-1", Caller);

        Assert.Null(ack);
        Assert.Equal(["by", "note"], errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    public void A_body_that_is_not_a_json_object_is_refused(string body)
    {
        var (ack, errors) = AckRequest.Read(Body(body), "alert-1", Caller);

        Assert.Null(ack);
        Assert.Equal("body", Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData("""{"by":"\ud800"}""", "by")]
    [InlineData("""{"by":"dr.oncall","note":"on my way \udfff"}""", "note")]
    [InlineData("""{"by":"\udc00\ud800"}""", "by")]
    public void A_lone_utf16_surrogate_is_refused_naming_its_field(string body, string field)
    {
        var (ack, errors) = AckRequest.Read(Body(body), "alert-1", Caller);

        Assert.Null(ack);
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Contains("Unicode", error.Message);
    }

    [Fact]
    public void A_surrogate_pair_escape_is_a_valid_character()
    {
        var (ack, errors) = AckRequest.Read(Body("""{"by":"dr.\ud83d\ude00"}"""), "alert-1", Caller);

        Assert.Empty(errors);
        Assert.Equal("dr.\U0001F600", ack!.By);
    }
}
