using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Functions.Tests;

/// <summary>
/// The Functions app's orchestrator and PublishAlert activity on the real Durable Task engine, in process
/// (Microsoft.DurableTask.InProcessTestHost): real timers, raised events, ContinueAsNew and activity retries on
/// the wall clock. Pages go to a Moq double of our <see cref="IAlertPublisher"/> port and are recorded.
/// </summary>
internal sealed class TaskHub : IAsyncDisposable
{
    private readonly DurableTaskTestHost host;

    private TaskHub(DurableTaskTestHost host, Mock<IAlertPublisher> publisher, ConcurrentQueue<Page> published, PatientLoop loop)
    {
        this.host = host;
        Loop = loop;
        Publisher = publisher;
        Published = published;
        Instances = new PatientInstances(host.Client, Ids);
        Cases = new TaskHubCases(Instances);
    }

    /// <summary>The publisher double; by default every publish succeeds and is recorded in <see cref="Published"/>.</summary>
    public Mock<IAlertPublisher> Publisher { get; }

    /// <summary>Pages published successfully, in order.</summary>
    public ConcurrentQueue<Page> Published { get; }

    /// <summary>The deployment secret of the test task hub.</summary>
    public static byte[] IdKey { get; } = "secret of the in-process task hub, for tests"u8.ToArray();

    public static PatientIds Ids { get; } = new(IdKey);

    public DurableTaskClient Client => host.Client;

    /// <summary>The loop the orchestrator drives (its options: the stalled-page margin).</summary>
    public PatientLoop Loop { get; }

    public PatientInstances Instances { get; }

    public TaskHubCases Cases { get; }

    /// <summary>
    /// A hub whose publisher refuses every page (one attempt per wake-up, retried after 0.5 s) until
    /// <paramref name="brokerUp"/> says the broker is back; a page owed beyond 1 s counts as stalled.
    /// </summary>
    public static Task<TaskHub> StartWithBrokerDownAsync(Func<bool> brokerUp) => StartAsync(
        loopOptions: new PatientLoopOptions
        {
            PublishAttempts = 1,
            PublishFirstRetry = TimeSpan.FromMilliseconds(100),
            PublishRetryDelay = TimeSpan.FromMilliseconds(500),
            StalledPageMargin = TimeSpan.FromSeconds(1),
        },
        publisherSetup: (publisher, published) => publisher
            .Setup(p => p.PublishAsync(It.IsAny<Page>(), It.IsAny<CancellationToken>()))
            .Returns<Page, CancellationToken>((page, _) =>
            {
                if (!brokerUp())
                {
                    return Task.FromException(new InvalidOperationException("broker down"));
                }

                published.Enqueue(page);
                return Task.CompletedTask;
            }));

    public static async Task<TaskHub> StartAsync(
        TimeSpan? ackTimeout = null,
        PatientLoopOptions? loopOptions = null,
        Action<Mock<IAlertPublisher>, ConcurrentQueue<Page>>? publisherSetup = null,
        HeldEventRule? held = null,
        ILoggerProvider? logs = null,
        CasePathway? pathway = null)
    {
        var published = new ConcurrentQueue<Page>();
        var publisher = new Mock<IAlertPublisher>();
        if (publisherSetup is null)
        {
            publisher.Setup(p => p.PublishAsync(It.IsAny<Page>(), It.IsAny<CancellationToken>()))
                .Callback<Page, CancellationToken>((page, _) => published.Enqueue(page))
                .Returns(Task.CompletedTask);
        }
        else
        {
            publisherSetup(publisher, published);
        }

        var loop = new PatientLoop(
            pathway ?? new CasePathway(new ProtocolCatalog(), new PathwayOptions { AckTimeout = ackTimeout ?? TimeSpan.FromHours(1), IdKey = IdKey }),
            loopOptions ?? new PatientLoopOptions { PublishFirstRetry = TimeSpan.FromMilliseconds(100), PublishRetryDelay = TimeSpan.FromSeconds(1) },
            held);
        var orchestrator = new PatientOrchestrator(loop);
        var activity = new PublishAlertActivity(publisher.Object, Ids, NullLogger<PublishAlertActivity>.Instance);
        var deliver = new DeliverSignalActivity(Ids);
        var converter = new JsonDataConverter(PathwayJson.Options);

        // The delivery activity needs the engine's client, which exists once the engine has started.
        DurableTaskTestHost? started = null;
        var host = await DurableTaskTestHost.StartAsync(
            registry =>
            {
                registry.AddOrchestratorFunc<PatientRun, PatientRun>(PatientOrchestrator.Name, (context, _) => orchestrator.RunAsync(context));
                registry.AddOrchestratorFunc<string, string?>(IndexEntry.Name, (context, _) => IndexEntry.RunAsync(context));
                registry.AddActivityFunc<Page>(PublishAlertActivity.Name, (context, page) =>
                    activity.PublishAsync(page, ((started ?? throw new InvalidOperationException("the engine has not started")).Client, context.InstanceId), CancellationToken.None));
                registry.AddActivityFunc<RoutedSignal, string>(DeliverSignalActivity.Name, (_, routed) =>
                    deliver.DeliverAsync((started ?? throw new InvalidOperationException("the engine has not started")).Client, routed, CancellationToken.None));
            },
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.ConfigureAll<DurableTaskWorkerOptions>(o => o.DataConverter = converter);
                    services.ConfigureAll<DurableTaskClientOptions>(o => o.DataConverter = converter);
                    if (logs is not null)
                    {
                        services.AddLogging(l => l.AddProvider(logs));
                    }
                },
            });
        started = host;
        return new TaskHub(host, publisher, published, loop);
    }

    /// <summary>Waits until <paramref name="condition"/> holds on the published pages, or fails after <paramref name="within"/>.</summary>
    public async Task<IReadOnlyList<Page>> PagesWhenAsync(Func<IReadOnlyList<Page>, bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var pages = Published.ToList();
            if (condition(pages))
            {
                return pages;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the expected pages did not arrive within {within}; got {string.Join(", ", pages.Select(p => p.MessageId))}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the case holds, or fails after <paramref name="within"/>.</summary>
    public async Task<CaseDetail> CaseWhenAsync(string caseId, Func<CaseDetail, bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await Cases.GetCaseAsync(caseId, CancellationToken.None) is { } detail && condition(detail))
            {
                return detail;
            }

            Assert.True(DateTime.UtcNow < deadline, $"case {caseId} did not reach the expected state within {within}");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Opens a case for <paramref name="patient"/> with an onset two hours ago (event id <paramref name="onsetId"/>);
    /// returns its case id and the patient's run as the orchestration holds it.
    /// </summary>
    public async Task<(string? CaseId, PatientRun Run)> OpenCaseAsync(string patient, string onsetId)
    {
        var onset = new ClinicalEvent
        {
            Source = "/adt/genh",
            Id = onsetId,
            Type = EventTypes.RseOnset,
            Time = DateTimeOffset.UtcNow.AddHours(-2),
            Subject = patient,
        };
        var receipt = await Cases.IngestAsync([onset], CancellationToken.None);
        var run = await Instances.RunAsync(Ids.Of(patient), CancellationToken.None) ?? throw new InvalidOperationException("no run");
        return (Assert.Single(receipt.Accepted).CaseId, run);
    }

    /// <summary>
    /// The case of <paramref name="run"/> as an app that no longer loads its pinned protocol version (an institution
    /// file dropped from the settings) would hold it, with its first timer due in a second.
    /// </summary>
    public static PatientRun OnAVersionNoLongerLoaded(PatientRun run) => run with
    {
        First = null,
        State = run.State with
        {
            ProtocolVersion = "0.1.0",
            Timers = [new ScheduledTimer(run.State.Timers[0].Key, DateTimeOffset.UtcNow.AddSeconds(1))],
        },
    };

    /// <summary>Waits until instance <paramref name="instanceId"/> has ended, or fails after <paramref name="within"/>.</summary>
    public async Task<OrchestrationMetadata> EndOfAsync(string instanceId, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
