using System.Text;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NorseAlerts.Functions;
using NorseAlerts.Functions.Tests;
using NorseAlerts.Hosting;
using NorseAlerts.Ingest;
using NorseAlerts.Messaging;
using NorseAlerts.Pathway;

namespace NorseAlerts.Contract.Tests;

/// <summary>
/// The Functions app: its HTTP functions invoked in process, as the Functions host would call them after routing,
/// with the real durable client of the in-process Durable Task engine that runs its orchestrator. No Service Bus
/// runs here: the broker link reports connected through a double of our <see cref="IBrokerStatus"/> port.
/// </summary>
public class FunctionsAppDriver : IApiDriver, IAsyncLifetime
{
    private TaskHub? hub;
    private IngestFunctions? ingest;
    private CaseFunctions? cases;
    private AlertFunctions? alerts;
    private HeldFunctions? held;
    private HealthFunctions? health;

    public string Name => "Functions app";

    /// <summary>The configuration the app starts with.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => ContractKeys.Settings;

    private TaskHub Hub => hub ?? throw new InvalidOperationException("the driver is not started");

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var settings = NorseAlertsSettings.Read(configuration);
        // The pathway as the app composes it (FunctionsRegistration): the configured protocol, catalog and ack timeout.
        hub = await TaskHub.StartAsync(held: settings.Held, pathway: new CasePathway(settings.Protocols, settings.Pathway with { IdKey = TaskHub.IdKey }));
        var ring = new ApiKeyRing(settings.ApiKeys, settings.Roles);
        var api = new TaskHubApi(TaskHub.Ids, SiteProfile.Read(configuration), TimeProvider.System, NullLogger<Hl7v2Intake>.Instance);
        var broker = new Mock<IBrokerStatus>();
        broker.Setup(b => b.Health).Returns(new BrokerHealth(BrokerState.Connected, "sb://contract.servicebus.windows.net", DateTimeOffset.UtcNow, null, null));
        ingest = new IngestFunctions(ring, api);
        cases = new CaseFunctions(ring, api);
        alerts = new AlertFunctions(ring, api);
        health = new HealthFunctions(new TaskHubReadiness([broker.Object], TimeProvider.System, hub.Loop));
        held = new HeldFunctions(ring, TaskHub.Ids, settings, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        if (hub is not null)
        {
            await hub.DisposeAsync();
        }
    }

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string pathAndQuery, string? body = null, string contentType = "application/json", string? apiKey = ContractKeys.Full)
    {
        var request = new FakeHttpRequest(method.Method, new Uri("http://localhost" + pathAndQuery), body is null ? [] : Encoding.UTF8.GetBytes(body));
        if (body is not null)
        {
            request.Headers.Add("Content-Type", contentType);
        }

        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        var response = await RouteAsync(request, method, request.Url.AbsolutePath.Trim('/').Split('/'));
        response.Body.Position = 0;
        var text = await new StreamReader(response.Body).ReadToEndAsync();
        var mediaType = response.Headers.TryGetValues("Content-Type", out var types) ? types.First().Split(';')[0].Trim() : null;
        return new ApiAnswer((int)response.StatusCode, mediaType, text);
    }

    private Task<HttpResponseData> RouteAsync(FakeHttpRequest request, HttpMethod method, string[] segments) => (method.Method, segments) switch
    {
        ("POST", ["api", "events"]) => ingest!.PostEventsAsync(request, Hub.Client),
        ("POST", ["api", "hl7v2"]) => ingest!.PostHl7v2Async(request, Hub.Client),
        ("POST", ["api", "fhir"]) => ingest!.PostFhirAsync(request, Hub.Client),
        ("GET", ["api", "cases"]) => cases!.ListCasesAsync(request, Hub.Client),
        ("GET", ["api", "cases", var caseId]) => cases!.GetCaseAsync(request, caseId, Hub.Client),
        ("GET", ["api", "alerts"]) => cases!.ListAlertsAsync(request, Hub.Client),
        ("POST", ["api", "alerts", var alertId, "ack"]) => alerts!.AckAsync(request, alertId, Hub.Client),
        ("GET", ["api", "held"]) => held!.ListHeldAsync(request, Hub.Client),
        ("GET", ["healthz"]) => HealthFunctions.HealthzAsync(request),
        ("GET", ["readyz"]) => health!.ReadyzAsync(request, Hub.Client),
        _ => throw new InvalidOperationException($"the Functions app has no function for {method} {request.Url.AbsolutePath}"),
    };
}
