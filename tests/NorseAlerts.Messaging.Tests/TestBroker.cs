using System.Diagnostics;
using Amqp;
using Microsoft.Extensions.Logging.Abstractions;

namespace NorseAlerts.Messaging.Tests;

/// <summary>The broker started by scripts/local-broker.sh, its RabbitMQ addresses, and raw AMQP helpers to inspect it.</summary>
internal static class TestBroker
{
    public const string Variable = "NORSEALERTS_TEST_AMQP";
    public const string Alerts = "/exchange/escalations/{recipientRole}";
    public const string Events = "/amq/queue/clinical-events";
    public const string Acks = "/amq/queue/alert-acks";

    public static string? Url => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } url ? url : null;

    public static bool IsCi => Environment.GetEnvironmentVariable("CI") is { } ci &&
        (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    public static string Queue(string name) => "/amq/queue/" + name;

    public static string RoleQueue(string role) => Queue("escalations." + role);

    public static string RequireUrl() => Url ?? throw new InvalidOperationException(
        $"CI=true but {Variable} is not set: .ci/run must start the broker (bash scripts/local-broker.sh start) and export {Variable}.");

    public static AmqpOptions Options() => new()
    {
        ConnectionString = RequireUrl(),
        Entities = new AmqpEntities { Alerts = Alerts, Events = Events, Acks = Acks },
        SendTimeout = TimeSpan.FromSeconds(5),
        ConnectWaitTimeout = TimeSpan.FromSeconds(1),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(200),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        ReleaseDelay = TimeSpan.FromMilliseconds(100),
        Prefetch = 2,
    };

    public static BrokerConnection Connect(AmqpOptions options) =>
        new(options, NullLogger<BrokerConnection>.Instance);

    /// <summary>Opens a plain AMQPNetLite connection, independent of the code under test.</summary>
    public static async Task<Connection> RawAsync()
    {
        var cs = AmqpConnectionString.Parse(RequireUrl());
        var address = new Address(cs.Host, cs.Port, cs.UserName, cs.Password, "/", cs.UseTls ? "AMQPS" : "AMQP");
        return await new ConnectionFactory().CreateAsync(address);
    }

    /// <summary>Sends one message to <paramref name="address"/> and waits for the broker to accept it.</summary>
    public static async Task SendAsync(string address, Message message)
    {
        var connection = await RawAsync();
        try
        {
            var session = new Session(connection);
            var sender = new SenderLink(session, "test-sender-" + Guid.NewGuid().ToString("N"), address);
            await sender.SendAsync(message, TimeSpan.FromSeconds(10));
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    /// <summary>
    /// Receives from <paramref name="address"/> until <paramref name="count"/> messages matching <paramref name="mine"/>
    /// arrived or <paramref name="timeout"/> passed, accepting everything (leftovers of other runs are cleared on the way).
    /// </summary>
    public static async Task<List<Message>> ReceiveAsync(string address, Func<Message, bool> mine, int count, TimeSpan timeout)
    {
        var found = new List<Message>();
        var connection = await RawAsync();
        try
        {
            var session = new Session(connection);
            var receiver = new ReceiverLink(session, "test-receiver-" + Guid.NewGuid().ToString("N"), address);
            var clock = Stopwatch.StartNew();
            while (found.Count < count && clock.Elapsed < timeout)
            {
                var message = await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(250));
                if (message is null)
                {
                    continue;
                }

                receiver.Accept(message);
                if (mine(message))
                {
                    found.Add(message);
                }
            }

            await receiver.CloseAsync();
        }
        finally
        {
            await connection.CloseAsync();
        }

        return found;
    }

    /// <summary>Whether nothing matching <paramref name="mine"/> sits on <paramref name="address"/> right now.</summary>
    public static async Task<bool> NothingFor(string address, Func<Message, bool> mine) =>
        (await ReceiveAsync(address, mine, 1, TimeSpan.FromSeconds(1))).Count == 0;

    /// <summary>Runs scripts/local-broker.sh with <paramref name="command"/> against the broker of <see cref="Url"/>.</summary>
    public static async Task ScriptAsync(string command)
    {
        var script = FindScript();
        var start = new ProcessStartInfo("bash", [script, command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["NORSEALERTS_BROKER_PORT"] = AmqpConnectionString.Parse(RequireUrl()).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(limit.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"local-broker.sh {command} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "local-broker.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("scripts/local-broker.sh not found above " + AppContext.BaseDirectory);
    }
}
