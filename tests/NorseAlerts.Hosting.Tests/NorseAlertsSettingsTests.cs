using Microsoft.Extensions.Configuration;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Hosting.Tests;

public class NorseAlertsSettingsTests
{
    private static NorseAlertsSettings Read(params (string Key, string Value)[] values) =>
        NorseAlertsSettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void Without_configuration_the_defaults_of_the_design_apply()
    {
        var settings = Read();

        Assert.Equal("./data", settings.DataDirectory);
        Assert.Equal(ProtocolCatalog.Seed, settings.Pathway.Protocol);
        Assert.Null(settings.Pathway.AckTimeout);
        Assert.Empty(settings.ApiKeys);
        Assert.Equal(new PatientLoopOptions(), settings.PatientLoop);
        Assert.Equal(TimeSpan.FromDays(30), settings.Held.ExpireAfter);
    }

    [Fact]
    public void Keys_roles_ack_timeout_and_protocol_are_read_from_the_norsealerts_section()
    {
        var settings = Read(
            ("NorseAlerts:ApiKeys:engine", "k1"),
            ("NorseAlerts:Roles:engine", "ingest"),
            ("NorseAlerts:Escalation:AckTimeout", "00:00:30"),
            ("NorseAlerts:Protocol", "consensus-2022"),
            ("NorseAlerts:PatientLoop:PublishAttempts", "3"),
            ("NorseAlerts:Held:ExpireAfter", "14.00:00:00"),
            ("NorseAlerts:PatientLoop:StalledPageMargin", "00:05:00"));

        Assert.Equal("k1", settings.ApiKeys["engine"]);
        Assert.Equal("ingest", settings.Roles["engine"]);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Pathway.AckTimeout);
        Assert.Equal("consensus-2022", settings.Pathway.Protocol);
        Assert.Equal(3, settings.PatientLoop.PublishAttempts);
        Assert.Equal(TimeSpan.FromDays(14), settings.Held.ExpireAfter);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.PatientLoop.StalledPageMargin);
    }

    [Theory]
    [InlineData("NorseAlerts:Escalation:AckTimeout", "soon")]
    [InlineData("NorseAlerts:Escalation:AckTimeout", "-00:01:00")]
    [InlineData("NorseAlerts:Protocol", "unknown-protocol")]
    [InlineData("NorseAlerts:PatientLoop:PublishAttempts", "0")]
    [InlineData("NorseAlerts:PatientLoop:PublishRetryDelay", "never")]
    [InlineData("NorseAlerts:Held:ExpireAfter", "a month")]
    [InlineData("NorseAlerts:Held:ExpireAfter", "00:00:00")]
    [InlineData("NorseAlerts:PatientLoop:StalledPageMargin", "00:00:00")]
    public void A_bad_value_refuses_to_start_with_a_message_naming_the_key(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read((key, value)));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_institution_protocol_file_refuses_to_start()
    {
        Assert.ThrowsAny<Exception>(() => Read(("NorseAlerts:ProtocolFiles:0", "/nonexistent/protocol.json")));
    }
}
