namespace NorseAlerts.Messaging.Tests;

public class AmqpConnectionStringTests
{
    [Fact]
    public void Service_bus_sas_string_becomes_sasl_plain_over_tls_with_key_name_and_key()
    {
        var cs = AmqpConnectionString.Parse(
            "Endpoint=sb://norse-prod.servicebus.windows.net/;SharedAccessKeyName=sender;SharedAccessKey=abc+/def==");

        Assert.Equal("norse-prod.servicebus.windows.net", cs.Host);
        Assert.Equal(5671, cs.Port);
        Assert.True(cs.UseTls);
        Assert.True(cs.IsServiceBus);
        Assert.Equal(AmqpAuthentication.SharedAccessKey, cs.Authentication);
        Assert.Equal("sender", cs.UserName);
        Assert.Equal("abc+/def==", cs.Password);
    }

    [Fact]
    public void Managed_identity_string_uses_entra_tokens_and_keeps_the_client_id()
    {
        var cs = AmqpConnectionString.Parse(
            "Endpoint=sb://norse-prod.servicebus.windows.net/;Authentication=ManagedIdentity;ManagedIdentityClientId=1234");

        Assert.Equal(AmqpAuthentication.EntraToken, cs.Authentication);
        Assert.True(cs.UseTls);
        Assert.Null(cs.UserName);
        Assert.Null(cs.Password);
        Assert.Equal("1234", cs.ManagedIdentityClientId);
        Assert.Equal("sb://norse-prod.servicebus.windows.net/escalations", cs.AudienceFor("escalations"));
    }

    [Fact]
    public void Development_emulator_flag_turns_tls_off_and_keeps_an_explicit_port()
    {
        var cs = AmqpConnectionString.Parse("Endpoint=sb://127.0.0.1:5700;Authentication=ManagedIdentity;UseDevelopmentEmulator=true");

        Assert.False(cs.UseTls);
        Assert.Equal(5700, cs.Port);
        Assert.Equal("sb://127.0.0.1:5700/clinical-events", cs.AudienceFor("clinical-events"));
    }

    [Fact]
    public void Amqp_url_gives_user_and_password_with_escapes_decoded()
    {
        var cs = AmqpConnectionString.Parse("amqp://norse:p%40ss%3Aword@127.0.0.1:5673");

        Assert.Equal(AmqpAuthentication.UserPassword, cs.Authentication);
        Assert.Equal("127.0.0.1", cs.Host);
        Assert.Equal(5673, cs.Port);
        Assert.False(cs.UseTls);
        Assert.False(cs.IsServiceBus);
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
    [InlineData("amqp://", "not a valid amqp URL")]
    [InlineData("amqp://norse@host:5672", "both user and password")]
    [InlineData("amqp://norse:pw@host:5672/vhost", "must not have a path")]
    [InlineData("amqp://norse:pw@host:5672?x=1", "must not have a path or query")]
    [InlineData("SharedAccessKeyName=a;SharedAccessKey=b", "has no Endpoint")]
    [InlineData("Endpoint=https://ns.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=b", "must be an sb:// URI")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/", "neither SharedAccessKeyName/SharedAccessKey nor Authentication")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=a", "needs both SharedAccessKeyName and SharedAccessKey")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKey=b", "needs both SharedAccessKeyName and SharedAccessKey")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;Authentication=Password", "only supported value is ManagedIdentity")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;Authentication=ManagedIdentity;SharedAccessKeyName=a;SharedAccessKey=b", "choose one")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=b;EntityPath=escalations", "must not contain EntityPath")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessSignature=SharedAccessSignature sr=x", "SharedAccessSignature is not supported")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccesKey=b;SharedAccessKeyName=a", "unknown key 'SharedAccesKey'")]
    [InlineData("Endpoint=sb://a/;Endpoint=sb://b/;SharedAccessKeyName=a;SharedAccessKey=b", "key 'Endpoint' twice")]
    [InlineData("Endpoint=sb://ns/;Authentication=ManagedIdentity;UseDevelopmentEmulator=yes", "UseDevelopmentEmulator must be true or false")]
    [InlineData("Endpoint=sb://ns/;SharedAccessKeyName=a;SharedAccessKey=b;ManagedIdentityClientId=c", "only applies with Authentication=ManagedIdentity")]
    [InlineData("Endpoint=sb://ns/;justtext", "without key=value")]
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
    [InlineData("Endpoint=sb://ns/;SharedAccessKeyName=sender;SharedAccessKey=TOPSECRET;Bogus=1")]
    [InlineData("Endpoint=sb://ns/;SharedAccessKey=TOPSECRET")]
    [InlineData("amqp://norse:TOPSECRET@host/path")]
    public void Secrets_never_appear_in_parse_errors(string value)
    {
        var error = Assert.Throws<FormatException>(() => AmqpConnectionString.Parse(value));
        Assert.DoesNotContain("TOPSECRET", error.Message);
    }

    [Theory]
    [InlineData("amqp://norse:TOPSECRET@127.0.0.1:5672", "amqp://norse:***@127.0.0.1:5672 (UserPassword)")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=sender;SharedAccessKey=TOPSECRET", "amqps://sender:***@ns.servicebus.windows.net:5671 (SharedAccessKey)")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;Authentication=ManagedIdentity", "amqps://ns.servicebus.windows.net:5671 (EntraToken)")]
    public void The_loggable_form_hides_the_secret(string value, string expected)
    {
        Assert.Equal(expected, AmqpConnectionString.Parse(value).ToString());
    }
}
