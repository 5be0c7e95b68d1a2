using System.Reflection;
using Microsoft.Extensions.Logging;

namespace NorseAlerts.Messaging.Tests;

public class LogsTests
{
    private static readonly Assembly Messaging = typeof(BrokerConnection).Assembly;

    [Fact]
    public void Every_log_message_of_the_messaging_adapters_is_in_Logs_with_its_own_fixed_event_id_in_the_2000s()
    {
        var messages = Messaging.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToList();

        Assert.NotEmpty(messages);
        Assert.All(messages, x => Assert.Equal("Logs", x.Method.DeclaringType!.Name));
        Assert.All(messages, x => Assert.InRange(x.Attribute!.EventId, 2001, 2999));
        var ids = messages.Select(x => x.Attribute!.EventId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
