using System.Text;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using NorseAlerts.Ingest;
using NorseAlerts.Messaging;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Hosting;

namespace NorseAlerts.Functions;

/// <summary>
/// Service Bus triggers on <c>clinical-events</c> and <c>alert-acks</c> (identity-based connection
/// <c>ServiceBusConnection</c>). A message that cannot be used throws <see cref="RejectedMessageException"/>:
/// Service Bus redelivers it up to the queue's max delivery count, then dead-letters it, so bad input is kept
/// for a person to look at and changes nothing.
/// </summary>
public sealed class QueueFunctions
{
    private readonly TimeProvider time;
    private readonly ILogger<QueueFunctions> logger;

    /// <summary>The queue triggers.</summary>
    public QueueFunctions(TimeProvider time, ILogger<QueueFunctions> logger)
    {
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>One CloudEvent (or a batch) per message, validated like <c>POST /api/events</c>.</summary>
    [Function("ClinicalEventsQueue")]
    public async Task OnClinicalEventAsync(
        [ServiceBusTrigger("clinical-events", Connection = "ServiceBusConnection")] string body,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(context);
        var result = CloudEventsReader.Read(Encoding.UTF8.GetBytes(body), "application/cloudevents+json", time.GetUtcNow());
        if (!result.IsValid)
        {
            var fields = string.Join(", ", result.Errors.Select(e => e.Field));
            logger.LogWarning("Rejected a clinical-events message: invalid fields {Fields}", fields);
            throw new RejectedMessageException($"invalid fields: {fields}");
        }

        foreach (var clinicalEvent in result.Events)
        {
            await PatientSignals.DeliverAsync(client, clinicalEvent.Subject, RaisedSignal.Of(clinicalEvent), context.CancellationToken);
        }
    }

    /// <summary>An ack <c>{"alertId","by","note"}</c> from a paging gateway, raised to the alert's instance.</summary>
    [Function("AlertAcksQueue")]
    public async Task OnAlertAckAsync(
        [ServiceBusTrigger("alert-acks", Connection = "ServiceBusConnection")] string body,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(context);
        if (!AckMessage.TryParse(Encoding.UTF8.GetBytes(body), out var ack, out var error))
        {
            logger.LogWarning("Rejected an alert-acks message: {Error}", error);
            throw new RejectedMessageException(error);
        }

        var route = await AlertAcks.RouteOfAsync(client, ack.AlertId, context.CancellationToken);
        if (route?.InstanceId is null)
        {
            logger.LogWarning("Rejected an ack for unknown alert {AlertId}", ack.AlertId);
            throw new RejectedMessageException($"unknown alert {ack.AlertId}");
        }

        await client.RaiseEventAsync(
            route.InstanceId, RaisedSignal.EventName, RaisedSignal.Of(new Acknowledge(ack.AlertId, ack.By, ack.Note)), context.CancellationToken);
    }
}
