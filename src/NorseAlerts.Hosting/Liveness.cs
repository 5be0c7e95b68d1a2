namespace NorseAlerts.Hosting;

/// <summary>The body of <c>GET /healthz</c> in both hosts: the process answers.</summary>
/// <param name="Status">Always <c>healthy</c>: a process that cannot answer sends nothing.</param>
public sealed record Liveness(string Status)
{
    /// <summary>The <c>200</c> answer.</summary>
    public static ApiReply Reply { get; } = ApiReply.Json(200, new Liveness("healthy"));
}
