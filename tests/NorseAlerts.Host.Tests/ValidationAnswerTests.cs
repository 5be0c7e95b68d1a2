using System.Net;
using static NorseAlerts.Host.Tests.HostFactory;

namespace NorseAlerts.Host.Tests;

public sealed class ValidationAnswerTests : IAsyncLifetime
{
    private readonly HostFactory host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task One_event_with_several_bad_fields_gets_one_400_naming_each_of_them()
    {
        var json = Event("immunotherapy.first-line.started", Start.AddHours(-1), subject: "", data: new { agent = "aspirin" })
            .Replace("\"specversion\":\"1.0\"", "\"specversion\":\"0.3\"", StringComparison.Ordinal);

        var response = await host.Client().PostAsync("/api/events", CloudEvents(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json(response))["errors"]!.AsObject();
        Assert.Equal(["data.agent", "specversion", "subject"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unknown_type_is_refused_with_the_valid_types()
    {
        var response = await host.Client().PostAsync("/api/events", CloudEvents(Event("rse.offset", Start.AddHours(-1))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await Json(response))["errors"]!["type"]![0]!.GetValue<string>();
        Assert.Contains("rse.onset", message, StringComparison.Ordinal);
        Assert.Contains("patient.measurements", message, StringComparison.Ordinal);
    }
}
