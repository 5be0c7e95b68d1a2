namespace NorseAlerts.Pathway.Events;

/// <summary>
/// Checks a canonical event against DESIGN section 5. Pure: the caller passes <c>now</c>, so the
/// same event is judged the same way in the embedded host, in Azure and in a test.
/// </summary>
public static class ClinicalEventValidator
{
    /// <summary>How far in the future a clinical time may lie (clock skew between systems).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Every bad field of <paramref name="e"/>; empty when the event is valid.</summary>
    public static IReadOnlyList<FieldError> Validate(ClinicalEvent e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(e);
        var errors = new List<FieldError>();
        Require(errors, "source", e.Source);
        Require(errors, "id", e.Id);
        Require(errors, "subject", e.Subject);
        if (string.IsNullOrWhiteSpace(e.Type))
        {
            errors.Add(new FieldError("type", "is required"));
        }
        else if (!EventTypes.All.Contains(e.Type))
        {
            errors.Add(new FieldError("type", $"'{Shorten(e.Type)}' is not a NorseAlerts event type; use one of {string.Join(", ", EventTypes.All.Order(StringComparer.Ordinal))}"));
        }

        if (e.Time == default)
        {
            errors.Add(new FieldError("time", "is required (RFC 3339 clinical time)"));
        }
        else if (e.Time > now + FutureTolerance)
        {
            errors.Add(new FieldError("time", $"lies more than {FutureTolerance.TotalMinutes:0} minutes in the future"));
        }

        switch (e.Type)
        {
            case EventTypes.FirstLineStarted:
                if (string.IsNullOrWhiteSpace(e.Agent) || !Agents.FirstLine.Contains(e.Agent))
                {
                    errors.Add(new FieldError("data.agent", "must be one of methylprednisolone, ivig, plasmapheresis"));
                }

                break;
            case EventTypes.SecondLineStarted:
                Require(errors, "data.agent", e.Agent);
                break;
            case EventTypes.ResponseAssessed:
                if (e.Outcome is not (ResponseOutcomes.Responding or ResponseOutcomes.NotResponding))
                {
                    errors.Add(new FieldError("data.outcome", "must be 'responding' or 'not-responding'"));
                }

                break;
            case EventTypes.PatientMerged:
                Require(errors, "data.from", e.From);
                if (!string.IsNullOrWhiteSpace(e.From) && string.Equals(e.From, e.Subject, StringComparison.Ordinal))
                {
                    errors.Add(new FieldError("data.from", "must name a different patient key than subject"));
                }

                break;
            case EventTypes.EnteredInError:
                Require(errors, "data.retracts", e.Retracts);
                if (!string.IsNullOrWhiteSpace(e.Retracts) && string.Equals(e.Retracts, e.Id, StringComparison.Ordinal))
                {
                    errors.Add(new FieldError("data.retracts", "must name another event of the same source than this one"));
                }

                break;
            case EventTypes.PatientMeasurements:
                if (e.WeightKg is null && e.HeightCm is null)
                {
                    errors.Add(new FieldError("data", "needs weightKg or heightCm"));
                }

                Plausible(errors, "data.weightKg", e.WeightKg, FieldLimits.WeightKg, "kg");
                Plausible(errors, "data.heightCm", e.HeightCm, FieldLimits.HeightCm, "cm");
                break;
            default:
                break;
        }

        Limit(errors, "id", e.Id, FieldLimits.Id);
        Limit(errors, "source", e.Source, FieldLimits.Source);
        Limit(errors, "subject", e.Subject, FieldLimits.PatientKey);
        Limit(errors, "data.from", e.From, FieldLimits.PatientKey);
        Limit(errors, "data.retracts", e.Retracts, FieldLimits.Id);
        Limit(errors, "data.agent", e.Agent, FieldLimits.Code);
        Limit(errors, "data.outcome", e.Outcome, FieldLimits.Code);
        Limit(errors, "data.reason", e.Reason, FieldLimits.Text, freeText: true);
        Limit(errors, "data.detail", e.Detail, FieldLimits.Text, freeText: true);
        return errors;
    }

    private static void Limit(List<FieldError> errors, string field, string? value, int maxLength, bool freeText = false)
    {
        if (FieldLimits.Check(value, maxLength, freeText) is { } problem && !errors.Any(x => x.Field == field))
        {
            errors.Add(new FieldError(field, problem));
        }
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";

    private static void Plausible(List<FieldError> errors, string field, double? value, (double Min, double Max) range, string unit)
    {
        if (value is not { } v)
        {
            return;
        }

        if (double.IsNaN(v) || double.IsInfinity(v) || v <= 0)
        {
            errors.Add(new FieldError(field, "must be a positive number"));
        }
        else if (v < range.Min || v > range.Max)
        {
            errors.Add(new FieldError(field, $"{v} {unit} is not a plausible value ({range.Min}-{range.Max} {unit}); check the unit"));
        }
    }

    private static void Require(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, "is required"));
        }
    }
}
