using NorseAlerts.Ingest;

namespace NorseAlerts.Hosting;

/// <summary>What <see cref="Hl7v2Intake"/> answers: the reader's result and the ER7 ACK to send.</summary>
/// <param name="Result">The reader's result.</param>
/// <param name="Ack">The ACK, segments ending in CR.</param>
public sealed record Hl7v2Answer(Hl7v2Result Result, string Ack);
