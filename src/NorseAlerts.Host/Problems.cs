using Microsoft.AspNetCore.Mvc;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Host;

/// <summary>problem+json answers (RFC 9457) with the bad fields named.</summary>
public static class Problems
{
    /// <summary>400 naming each bad field under <c>errors</c> (field -> messages), as ASP.NET validation problems do.</summary>
    public static IResult Invalid(IEnumerable<FieldError> errors, string title = "The request is invalid; nothing was stored")
    {
        var grouped = errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        return Results.ValidationProblem(grouped, detail: string.Join("; ", grouped.Select(g => $"{g.Key}: {string.Join(", ", g.Value)}")), title: title);
    }

    /// <summary>A problem with a status, title and detail.</summary>
    public static IResult Status(int status, string title, string? detail = null) =>
        Results.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>Writes a problem directly (for authentication handlers, outside endpoint results).</summary>
    public static Task Write(HttpContext context, int status, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            new ProblemDetails { Status = status, Title = title, Detail = detail },
            options: null,
            contentType: "application/problem+json");
    }
}
