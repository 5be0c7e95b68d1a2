namespace NorseAlerts.Messaging.Tests.ServiceBus;

public class ServiceBusConnectionStringTests
{
    [Fact]
    public void Shared_access_key_string_is_kept_whole_for_the_sdk_and_uses_tls()
    {
        const string value = "Endpoint=sb://norse-prod.servicebus.windows.net/;SharedAccessKeyName=sender;SharedAccessKey=abc+/def==";
        var cs = ServiceBusConnectionString.Parse(value);

        Assert.Equal("norse-prod.servicebus.windows.net", cs.FullyQualifiedNamespace);
        Assert.Null(cs.Port);
        Assert.False(cs.UseDevelopmentEmulator);
        Assert.Equal(ServiceBusAuthentication.SharedAccessKey, cs.Authentication);
        Assert.Equal(value, cs.Value);
    }

    [Fact]
    public void Managed_identity_string_keeps_the_client_id_of_a_user_assigned_identity()
    {
        var cs = ServiceBusConnectionString.Parse("Endpoint=sb://norse-prod.servicebus.windows.net/;Authentication=ManagedIdentity;ManagedIdentityClientId=1234");

        Assert.Equal(ServiceBusAuthentication.ManagedIdentity, cs.Authentication);
        Assert.Equal("1234", cs.ManagedIdentityClientId);
    }

    [Fact]
    public void Development_emulator_string_keeps_its_host_and_port()
    {
        var cs = ServiceBusConnectionString.Parse("Endpoint=sb://127.0.0.1:5700;SharedAccessKeyName=a;SharedAccessKey=b;UseDevelopmentEmulator=true");

        Assert.True(cs.UseDevelopmentEmulator);
        Assert.Equal("127.0.0.1", cs.FullyQualifiedNamespace);
        Assert.Equal(5700, cs.Port);
    }

    [Theory]
    [InlineData("Endpoint=sb://ns/;SharedAccessKeyName=a;SharedAccessKey=b", true)]
    [InlineData(" endpoint=sb://ns/;Authentication=ManagedIdentity", true)]
    [InlineData("amqp://norse:norse@127.0.0.1:5672", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Service_bus_strings_are_told_apart_from_amqp_urls(string? value, bool serviceBus)
    {
        Assert.Equal(serviceBus, ServiceBusConnectionString.IsServiceBus(value));
        Assert.Equal(serviceBus, new AmqpOptions { ConnectionString = value }.IsServiceBus);
    }

    [Theory]
    [InlineData("", "is empty")]
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
    [InlineData("Endpoint=sb://ns/;SharedAccessKeyName=a;SharedAccessKey=b;UseDevelopmentEmulator=yes", "UseDevelopmentEmulator must be true or false")]
    [InlineData("Endpoint=sb://ns/;Authentication=ManagedIdentity;UseDevelopmentEmulator=true", "takes a shared access key")]
    [InlineData("Endpoint=sb://ns/;SharedAccessKeyName=a;SharedAccessKey=b;ManagedIdentityClientId=c", "only applies with Authentication=ManagedIdentity")]
    [InlineData("Endpoint=sb://ns/;justtext", "without key=value")]
    public void Bad_strings_are_refused_with_an_error_that_names_the_setting_and_the_problem(string value, string problem)
    {
        var error = Assert.Throws<FormatException>(() => ServiceBusConnectionString.Parse(value));

        Assert.StartsWith("NorseAlerts:Amqp:ConnectionString ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData("Endpoint=sb://ns/;SharedAccessKeyName=sender;SharedAccessKey=TOPSECRET;Bogus=1")]
    [InlineData("Endpoint=sb://ns/;SharedAccessKey=TOPSECRET")]
    public void Secrets_never_appear_in_parse_errors(string value)
    {
        var error = Assert.Throws<FormatException>(() => ServiceBusConnectionString.Parse(value));
        Assert.DoesNotContain("TOPSECRET", error.Message);
    }

    [Theory]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=sender;SharedAccessKey=TOPSECRET", "sb://ns.servicebus.windows.net (SharedAccessKey)")]
    [InlineData("Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=a;SharedAccessKey=TOPSECRET;UseDevelopmentEmulator=true", "sb://127.0.0.1:5672 (SharedAccessKey, emulator)")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;Authentication=ManagedIdentity", "sb://ns.servicebus.windows.net (ManagedIdentity)")]
    public void The_loggable_form_hides_the_secret(string value, string expected)
    {
        Assert.Equal(expected, ServiceBusConnectionString.Parse(value).ToString());
    }

    [Fact]
    public void Service_bus_alerts_address_must_be_the_topic_name_not_a_template()
    {
        var options = new AmqpOptions
        {
            ConnectionString = "Endpoint=sb://ns/;SharedAccessKeyName=a;SharedAccessKey=b",
            Entities = new AmqpEntities { Alerts = "/exchange/escalations/{recipientRole}" },
        };

        var error = Assert.Throws<FormatException>(options.Validate);
        Assert.Contains("must be the topic name with Service Bus", error.Message);
    }
}
