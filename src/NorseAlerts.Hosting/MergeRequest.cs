namespace NorseAlerts.Hosting;

/// <summary>
/// A surviving patient's request that another patient's record merge into it (a <c>patient.merged</c> event),
/// and, once merged, where the merged-away instance forwards what still reaches it.
/// </summary>
/// <param name="IntoPatient">The surviving patient's key: deliveries are addressed by patient key.</param>
/// <param name="IntoInstance">The surviving patient's instance id: what the custom status and receipts show (no PHI).</param>
public sealed record MergeRequest(string IntoPatient, string IntoInstance);
