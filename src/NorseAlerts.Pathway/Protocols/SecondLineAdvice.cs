namespace NorseAlerts.Pathway.Protocols;

/// <summary>The advice that closes a <c>second-line-recommended</c> alert's message.</summary>
/// <param name="NotResponding">When the latest assessment says <c>not-responding</c>.</param>
/// <param name="WithoutResponse">
/// When <see cref="SecondLineRules.RecommendWithoutResponseAfter"/> has passed with no assessment saying
/// <c>responding</c>; present exactly when that time is.
/// </param>
public sealed record SecondLineAdvice(ClinicalText NotResponding, ClinicalText? WithoutResponse = null);
