using System.Net;
using Microsoft.Azure.Functions.Worker.Http;
using NorseAlerts.Hosting;

namespace NorseAlerts.Functions;

/// <summary>
/// The Functions app's side of the shared HTTP contract: the API key check, a worker request as an
/// <see cref="ApiRequest"/>, and an <see cref="ApiReply"/> written exactly as <see cref="CaseApi"/> made it.
/// </summary>
public static class FunctionsHttp
{
    /// <summary>
    /// Answers <paramref name="request"/> with <paramref name="useCase"/> when its <c>X-Api-Key</c> grants
    /// <paramref name="role"/>; else <c>401</c> (no or unknown key) or <c>403</c> (key without the role).
    /// </summary>
    public static async Task<HttpResponseData> AnswerAsync(
        HttpRequestData request, ApiKeyRing keys, string role, Func<ApiRequest, CancellationToken, Task<ApiReply>> useCase)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(useCase);
        var presented = request.Headers.TryGetValues("X-Api-Key", out var values) ? values.FirstOrDefault() : null;
        var reply = keys.Check(presented, role) switch
        {
            ApiAccess.Granted => await useCase(
                new ApiRequest(request.Body, ContentLength(request), Header(request, "Content-Type"), ApiRequest.ActorOf(keys.NameOf(presented))),
                request.FunctionContext.CancellationToken),
            ApiAccess.Forbidden => ApiReply.Of(Problem.Forbidden),
            _ => ApiReply.Of(Problem.Unauthenticated),
        };
        return await WriteAsync(request, reply);
    }

    /// <summary>The first value of query parameter <paramref name="name"/>, or null when absent or empty.</summary>
    public static string? Query(HttpRequestData request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return System.Web.HttpUtility.ParseQueryString(request.Url.Query)[name] is { Length: > 0 } value ? value : null;
    }

    /// <summary>Writes <paramref name="reply"/> as the response to <paramref name="request"/>.</summary>
    public static async Task<HttpResponseData> WriteAsync(HttpRequestData request, ApiReply reply)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reply);
        var response = request.CreateResponse((HttpStatusCode)reply.Status);
        response.Headers.Add("Content-Type", reply.ContentType);
        foreach (var (name, value) in reply.Headers)
        {
            response.Headers.Add(name, value);
        }

        await response.WriteBytesAsync(reply.Body);
        return response;
    }

    private static string? Header(HttpRequestData request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static long? ContentLength(HttpRequestData request) =>
        long.TryParse(Header(request, "Content-Length"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length) ? length : null;
}
