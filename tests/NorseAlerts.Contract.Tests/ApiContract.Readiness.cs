namespace NorseAlerts.Contract.Tests;

/// <summary><c>GET /readyz</c>: ready, with each check named, in the same shape on both hosts.</summary>
public abstract partial class ApiContract
{
    [Fact]
    public async Task Readiness_answers_ready_without_a_key_with_every_check_named_and_ready()
    {
        // Polled as a load balancer polls: a host just started may take a moment to become ready.
        var answer = await Api.SendAsync(HttpMethod.Get, "/readyz", apiKey: null);
        for (var waited = 0; answer.Status != 200 && waited < 50; waited++)
        {
            await Task.Delay(200);
            answer = await Api.SendAsync(HttpMethod.Get, "/readyz", apiKey: null);
        }

        Assert.Equal(200, answer.Status);
        Assert.Equal("application/json", answer.MediaType);
        Assert.Equal(["checks", "status"], Names(answer.Json));
        Assert.Equal("ready", answer.Json.GetProperty("status").GetString());
        var checks = answer.Json.GetProperty("checks").EnumerateObject().ToList();
        Assert.Contains(checks, c => c.Name == "broker");
        Assert.All(checks, c =>
        {
            Assert.Equal("ready", c.Value.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(c.Value.GetProperty("description").GetString()), $"{Api.Name}: check {c.Name} has no description");
        });
    }
}
