using NorseAlerts.Runtime;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace NorseAlerts.Host;

/// <summary>
/// OpenTelemetry: runtime and HTTP metrics scraped at <c>/metrics</c> (Prometheus text), traces exported over
/// OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Span and metric tags never carry patient keys.
/// </summary>
public static class Telemetry
{
    /// <summary>Registers metrics and tracing.</summary>
    public static IServiceCollection AddNorseAlertsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry()
            .WithMetrics(m =>
            {
                m.AddMeter(RuntimeTelemetry.Name, NorseAlerts.Ingest.UnmappedCodes.MeterName).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddPrometheusExporter();
                if (otlp)
                {
                    m.AddOtlpExporter();
                }
            })
            .WithTracing(t =>
            {
                t.AddSource(RuntimeTelemetry.Name).AddAspNetCoreInstrumentation(o => o.RecordException = true);
                if (otlp)
                {
                    t.AddOtlpExporter();
                }
            });
        return services;
    }
}
