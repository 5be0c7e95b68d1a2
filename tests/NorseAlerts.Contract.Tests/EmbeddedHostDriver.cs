using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace NorseAlerts.Contract.Tests;

/// <summary>The embedded host (ASP.NET Core, SQLite store) in memory on a temporary data directory.</summary>
public class EmbeddedHostDriver : WebApplicationFactory<Program>, IApiDriver
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "norse-contract-" + Guid.NewGuid().ToString("N"));

    public string Name => "embedded host";

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string pathAndQuery, string? body = null, string contentType = "application/json", string? apiKey = ContractKeys.Full)
    {
        using var client = CreateClient();
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await client.SendAsync(request);
        return new ApiAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The configuration the host starts with.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => ContractKeys.Settings;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("NorseAlerts:DataDirectory", dataDirectory);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
