using System.Text;
using RabbitMQ.Client;

namespace NorseAlerts.Messaging.Tests;

/// <summary>
/// Reads a dead-letter queue over AMQP 0-9-1, because RabbitMQ records why a message was dead-lettered in the
/// x-death header, which its AMQP 1.0 plugin does not hand to AMQP 1.0 receivers.
/// </summary>
internal static class DeadLetters
{
    /// <summary>The x-death reason and source queue of the dead letter whose body contains <paramref name="marker"/>, or null.</summary>
    public static async Task<(string Reason, string Queue)?> FindAsync(string queue, string marker, TimeSpan timeout)
    {
        var factory = new ConnectionFactory { Uri = new Uri(TestBroker.RequireUrl()) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var result = await channel.BasicGetAsync(queue, autoAck: true);
            if (result is null)
            {
                await Task.Delay(100);
                continue;
            }

            if (!Encoding.UTF8.GetString(result.Body.Span).Contains(marker, StringComparison.Ordinal))
            {
                continue;
            }

            var deaths = (IList<object>)result.BasicProperties.Headers!["x-death"]!;
            var death = (IDictionary<string, object>)deaths[0];
            return (Encoding.UTF8.GetString((byte[])death["reason"]), Encoding.UTF8.GetString((byte[])death["queue"]));
        }

        return null;
    }
}
