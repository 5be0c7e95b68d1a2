using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NorseAlerts.Host.Mllp;
using static NorseAlerts.Host.Tests.HostFactory;

namespace NorseAlerts.Host.Tests;

/// <summary>The MLLP listener over real sockets, with the same reader and store as HTTP.</summary>
public sealed class MllpListenerTests : IAsyncLifetime
{
    // HAPI HL7v2 test resources, ca/uhn/hl7v2/parser/tests/adt_a03.txt, changed to an ADT^A01 with a WHO ICD-10 G41.9
    // DG1 and an offset on every time (the listener test is about framing, not zones).
    private static string Admit(string controlId, string patient = "5520255") =>
        $"MSH|^~\\&|IRIS|SANTER|AMB_R|SANTER|200803051508+0100||ADT^A01|{controlId}|P|2.5\r"
        + "EVN||200803051509+0100||||200803031508+0100\r"
        + $"PID|||{patient}^^^PK^PK~ZZZZZZ83M64Z148R^^^CF^CF||ZZZ^ZZZ||19830824|F||||||||||||||||||||||N\r"
        + "PV1||I|6402DH^^^^^^^^MED. 1 - ONCOLOGIA^^OSPEDALE MAGGIORE DI LODI&LODI\r"
        + "DG1|1||G41.9^Stato di male epilettico, non specificato^I10||200803031508+0100|A\r";

    private readonly HostFactory host = new(new Dictionary<string, string?>
    {
        ["NorseAlerts:Mllp:Port"] = "0",
        ["NorseAlerts:Mllp:IdleTimeout"] = "00:00:02",
    });

    private IPEndPoint endpoint = null!;

    public async Task InitializeAsync()
    {
        _ = host.Client(); // starts the host and its hosted services
        endpoint = await host.Services.GetRequiredService<MllpListener>().Bound.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static byte[] Frame(string message) => [MllpFrameReader.StartBlock, .. Encoding.UTF8.GetBytes(message), MllpFrameReader.EndBlock, MllpFrameReader.CarriageReturn];

    private async Task<NetworkStream> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(endpoint);
        return client.GetStream(); // owns the socket: disposing the stream closes it
    }

    private static async Task<string?> ReadAckAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await stream.ReadAsync(one, timeout.Token) == 1)
        {
            bytes.Add(one[0]);
            if (bytes.Count >= 2 && bytes[^2] == MllpFrameReader.EndBlock && bytes[^1] == MllpFrameReader.CarriageReturn)
            {
                Assert.Equal(MllpFrameReader.StartBlock, bytes[0]);
                return Encoding.UTF8.GetString(bytes.ToArray(), 1, bytes.Count - 3);
            }
        }

        return null; // closed
    }

    private async Task<int> CaseCountAsync() => (await Json(await host.Client().GetAsync("/api/cases"))).AsArray().Count;

    [Fact]
    public async Task Several_frames_on_one_connection_are_each_acknowledged_after_their_commit()
    {
        await using var stream = await ConnectAsync();

        await stream.WriteAsync(Frame(Admit("263206")));
        var first = await ReadAckAsync(stream);
        var casesAfterFirstAck = await CaseCountAsync();
        await stream.WriteAsync(Frame(Admit("263207", patient: "5520256")));
        var second = await ReadAckAsync(stream);

        Assert.Contains("MSA|AA|263206", first);
        Assert.Equal(1, casesAfterFirstAck); // the ACK came after the commit
        Assert.Contains("MSA|AA|263207", second);
        Assert.Equal(2, await CaseCountAsync());
    }

    [Fact]
    public async Task Garbage_between_frames_is_skipped()
    {
        await using var stream = await ConnectAsync();

        byte[] bytes = [.. Encoding.ASCII.GetBytes("\r\nnoise"), .. Frame(Admit("263206")), .. Encoding.ASCII.GetBytes("\n\0junk"), .. Frame(Admit("263207", "5520256"))];
        await stream.WriteAsync(bytes);

        Assert.Contains("MSA|AA|263206", await ReadAckAsync(stream));
        Assert.Contains("MSA|AA|263207", await ReadAckAsync(stream));
    }

    [Fact]
    public async Task An_invalid_message_gets_an_error_ack_on_the_connection_and_stores_nothing()
    {
        await using var stream = await ConnectAsync();

        await stream.WriteAsync(Frame(Admit("263206").Replace("PID|||5520255^^^PK^PK~ZZZZZZ83M64Z148R^^^CF^CF|", "PID||||", StringComparison.Ordinal)));

        Assert.Contains("MSA|AE|263206", await ReadAckAsync(stream));
        Assert.Equal(0, await CaseCountAsync());
    }

    [Fact]
    public async Task An_oversized_frame_is_rejected_with_its_control_id_and_the_connection_goes_on()
    {
        await using var stream = await ConnectAsync();
        var huge = Admit("263206") + "NTE|1||" + new string('x', NorseAlerts.Hosting.CaseApi.BodyLimit) + "\r";

        await stream.WriteAsync(Frame(huge));
        var refused = await ReadAckAsync(stream);
        await stream.WriteAsync(Frame(Admit("263207")));

        Assert.Contains("MSA|AR|263206", refused);
        Assert.Contains("MSA|AA|263207", await ReadAckAsync(stream));
        Assert.Equal(1, await CaseCountAsync());
    }

    [Fact]
    public async Task A_frame_cut_off_by_the_sender_closing_applies_nothing()
    {
        var stream = await ConnectAsync();
        var bytes = Frame(Admit("263206"));
        await stream.WriteAsync(bytes.AsMemory(0, bytes.Length - 2)); // no FS CR
        await stream.DisposeAsync();

        await Task.Delay(300);

        Assert.Equal(0, await CaseCountAsync());
    }

    [Fact]
    public async Task An_idle_connection_is_closed_after_the_idle_timeout()
    {
        await using var stream = await ConnectAsync();
        var watch = Stopwatch.StartNew();

        var ack = await ReadAckAsync(stream);

        Assert.Null(ack);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(9));
    }

    [Fact]
    public async Task Many_connections_at_once_are_each_answered()
    {
        var senders = Enumerable.Range(0, 20).Select(async i =>
        {
            await using var stream = await ConnectAsync();
            await stream.WriteAsync(Frame(Admit($"MSG{i:000}", patient: $"P{i:000}")));
            return await ReadAckAsync(stream);
        });

        var acks = await Task.WhenAll(senders);

        Assert.All(acks, ack => Assert.Contains("MSA|AA|", ack));
        Assert.Equal(20, await CaseCountAsync());
    }

    [Fact]
    public async Task Hostile_hl7_frames_each_get_an_ack_and_a_refused_one_changes_nothing()
    {
        // The failure suite's HL7 corpus (truncated, flipped bytes, broken UTF-8, bad separators and escapes, 20,000
        // repetitions, control characters...) framed for MLLP, one connection each, as a misbehaving engine would send it.
        var corpus = new NorseAlerts.Reliability.HostileInputs(seed: 13, Start, "alert-none", "case-none");
        var database = Path.Combine(host.DataDirectory, "norsealerts.db");
        var failures = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var input = corpus.Next("hl7v2");
            var before = NorseAlerts.Reliability.StoreFingerprint.Read(database);
            await using var stream = await ConnectAsync();
            await stream.WriteAsync((byte[])[MllpFrameReader.StartBlock, .. input.Body!, MllpFrameReader.EndBlock, MllpFrameReader.CarriageReturn]);
            var ack = await ReadAckAsync(stream);
            if (ack is null || !ack.Contains("MSA|", StringComparison.Ordinal))
            {
                failures.Add($"{input.Kind} #{i}: no ACK ({ack ?? "connection closed"})");
            }
            else if (!ack.Contains("MSA|AA|", StringComparison.Ordinal) && NorseAlerts.Reliability.StoreFingerprint.Read(database) != before)
            {
                failures.Add($"{input.Kind} #{i}: refused but the store changed");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task Python_hl7_mllp_send_gets_an_ack_for_each_message_of_a_file()
    {
        const string client = "/usr/bin/mllp_send"; // Debian python3-hl7, installed by .ci/run
        Assert.True(File.Exists(client), "mllp_send is missing: apt-get install python3-hl7");
        var file = Path.Combine(host.DataDirectory, "messages.hl7");
        Directory.CreateDirectory(host.DataDirectory);
        await File.WriteAllTextAsync(file, Admit("263206").Replace("\r", "\n", StringComparison.Ordinal) + Admit("263207", "5520256").Replace("\r", "\n", StringComparison.Ordinal));

        var start = new ProcessStartInfo(client, ["--loose", "-f", file, "-p", endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "127.0.0.1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(process.ExitCode == 0, errors);
        Assert.Contains("MSA|AA|263206", output);
        Assert.Contains("MSA|AA|263207", output);
        Assert.Equal(2, await CaseCountAsync());
    }
}
