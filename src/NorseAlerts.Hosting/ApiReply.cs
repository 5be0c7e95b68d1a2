using System.Text;
using System.Text.Json;

namespace NorseAlerts.Hosting;

/// <summary>
/// An answer of the API, already serialised, that each host writes as it is: so both hosts answer byte for byte
/// alike whatever their HTTP stack.
/// </summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="ContentType">The Content-Type header.</param>
/// <param name="Body">The body bytes.</param>
public sealed record ApiReply(int Status, string ContentType, byte[] Body)
{
    /// <summary>The JSON media type of answers.</summary>
    public const string JsonMediaType = "application/json; charset=utf-8";

    /// <summary>Extra headers (e.g. <c>Cache-Control</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>A JSON answer written with <see cref="ApiJson.Options"/>.</summary>
    public static ApiReply Json<T>(int status, T value) => new(status, JsonMediaType, JsonSerializer.SerializeToUtf8Bytes(value, ApiJson.Options));

    /// <summary>An <c>application/problem+json</c> answer.</summary>
    public static ApiReply Of(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new(problem.Status, Problem.MediaType, JsonSerializer.SerializeToUtf8Bytes(problem, ApiJson.Options));
    }

    /// <summary>A text answer in UTF-8.</summary>
    public static ApiReply Text(int status, string text, string mediaType) =>
        new(status, mediaType + "; charset=utf-8", Encoding.UTF8.GetBytes(text));
}
