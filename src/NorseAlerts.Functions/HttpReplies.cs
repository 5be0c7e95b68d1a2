using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Functions;

/// <summary>The HTTP plumbing the functions share: key check, bounded body, JSON and problem replies.</summary>
internal static class HttpReplies
{
    /// <summary>Largest accepted request body (1 MiB), as in the embedded host.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>A 401/403 reply when the <c>X-Api-Key</c> header does not grant <paramref name="role"/>, else null.</summary>
    public static async Task<HttpResponseData?> DenyAsync(HttpRequestData request, ApiKeyRing keys, string role)
    {
        return keys.Check(PresentedKey(request), role) switch
        {
            ApiAccess.Granted => null,
            ApiAccess.Forbidden => await ProblemAsync(request, Problem.Forbidden),
            _ => await ProblemAsync(request, Problem.Unauthenticated),
        };
    }

    /// <summary>The <c>X-Api-Key</c> header, or null.</summary>
    public static string? PresentedKey(HttpRequestData request) =>
        request.Headers.TryGetValues("X-Api-Key", out var values) ? values.FirstOrDefault() : null;

    /// <summary>The 413 reply.</summary>
    public static Task<HttpResponseData> TooLargeAsync(HttpRequestData request) => ProblemAsync(request, Problem.TooLarge(MaxBodyBytes));

    /// <summary>The request body, or null when it exceeds <see cref="MaxBodyBytes"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequestData request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The Content-Type header, or null.</summary>
    public static string? ContentType(HttpRequestData request) =>
        request.Headers.TryGetValues("Content-Type", out var values) ? values.FirstOrDefault() : null;

    /// <summary>A JSON reply in the pathway's one JSON shape.</summary>
    public static Task<HttpResponseData> JsonAsync<T>(HttpRequestData request, HttpStatusCode status, T value) =>
        WriteAsync(request, status, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(value, PathwayJson.Options));

    /// <summary>An <c>application/problem+json</c> reply.</summary>
    public static Task<HttpResponseData> ProblemAsync(HttpRequestData request, Problem problem) =>
        WriteAsync(request, (HttpStatusCode)problem.Status, Problem.MediaType, JsonSerializer.SerializeToUtf8Bytes(problem, PathwayJson.Options));

    private static async Task<HttpResponseData> WriteAsync(HttpRequestData request, HttpStatusCode status, string contentType, byte[] body)
    {
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", contentType);
        await response.WriteBytesAsync(body);
        return response;
    }
}
