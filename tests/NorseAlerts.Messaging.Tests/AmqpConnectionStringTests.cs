namespace NorseAlerts.Messaging.Tests;

public class AmqpConnectionStringTests
{
    [Fact]
    public void Amqp_url_gives_user_and_password_with_escapes_decoded()
    {
        var cs = AmqpConnectionString.Parse("amqp://norse:p%40ss%3Aword@127.0.0.1:5673");

        Assert.Equal(AmqpAuthentication.UserPassword, cs.Authentication);
        Assert.Equal("127.0.0.1", cs.Host);
        Assert.Equal(5673, cs.Port);
        Assert.False(cs.UseTls);
        Assert.Equal("norse", cs.UserName);
        Assert.Equal("p@ss:word", cs.Password);
    }

    [Theory]
    [InlineData("amqp://broker.local", 5672, false)]
    [InlineData("amqps://broker.local", 5671, true)]
    [InlineData("AMQPS://broker.local/", 5671, true)]
    public void Amqp_url_without_port_uses_the_scheme_default_and_anonymous_without_user(string url, int port, bool tls)
    {
        var cs = AmqpConnectionString.Parse(url);

        Assert.Equal(port, cs.Port);
        Assert.Equal(tls, cs.UseTls);
        Assert.Equal(AmqpAuthentication.Anonymous, cs.Authentication);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   ", "is empty")]
    [InlineData("http://broker:5672", "unsupported scheme")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=b", "unsupported scheme")]
    [InlineData("amqp://", "not a valid amqp URL")]
    [InlineData("amqp://norse@host:5672", "both user and password")]
    [InlineData("amqp://norse:pw@host:5672/vhost", "must not have a path")]
    [InlineData("amqp://norse:pw@host:5672?x=1", "must not have a path or query")]
    public void Bad_strings_are_refused_with_an_error_that_names_the_setting_and_the_problem(string value, string problem)
    {
        var error = Assert.Throws<FormatException>(() => AmqpConnectionString.Parse(value));

        Assert.StartsWith("NorseAlerts:Amqp:ConnectionString ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Null_is_refused_like_an_empty_string()
    {
        var error = Assert.Throws<FormatException>(() => AmqpConnectionString.Parse(null));
        Assert.Contains("is empty", error.Message);
    }

    [Theory]
    [InlineData("amqp://norse:TOPSECRET@host/path")]
    public void Secrets_never_appear_in_parse_errors(string value)
    {
        var error = Assert.Throws<FormatException>(() => AmqpConnectionString.Parse(value));
        Assert.DoesNotContain("TOPSECRET", error.Message);
    }

    [Theory]
    [InlineData("amqp://norse:TOPSECRET@127.0.0.1:5672", "amqp://norse:***@127.0.0.1:5672 (UserPassword)")]
    public void The_loggable_form_hides_the_secret(string value, string expected)
    {
        Assert.Equal(expected, AmqpConnectionString.Parse(value).ToString());
    }
}
