using System.Text.Json;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using Xunit;

namespace NorseAlerts.Hosting.Tests;

public class ProblemTests
{
    [Fact]
    public void An_invalid_body_names_each_field_with_all_its_messages_like_the_embedded_host()
    {
        var problem = Problem.Invalid([new FieldError("time", "is required"), new FieldError("data.agent", "unknown agent"), new FieldError("time", "must be RFC 3339")]);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(problem, PathwayJson.Options));
        var root = json.RootElement;
        Assert.Equal(400, root.GetProperty("status").GetInt32());
        Assert.Equal(["is required", "must be RFC 3339"], root.GetProperty("errors").GetProperty("time").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("unknown agent", root.GetProperty("errors").GetProperty("data.agent")[0].GetString());
        Assert.Contains("data.agent: unknown agent", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_without_fields_carry_no_errors_member()
    {
        var json = JsonSerializer.Serialize(Problem.Forbidden, PathwayJson.Options);

        Assert.DoesNotContain("errors", json, StringComparison.Ordinal);
        Assert.Contains("rfc9110#section-15.5.4", json, StringComparison.Ordinal);
    }
}
