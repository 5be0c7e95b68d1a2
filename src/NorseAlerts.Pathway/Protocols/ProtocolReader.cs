using System.Globalization;
using System.Text.Json;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Pathway.Protocols;

/// <summary>
/// Reads a protocol file and validates it in one pass, collecting every error with its JSON path,
/// so that a pharmacist editing an institution's file sees all mistakes at once, not one per restart.
/// </summary>
public static class ProtocolReader
{
    /// <summary>Parses <paramref name="json"/>; throws <see cref="ProtocolException"/> naming each bad field.</summary>
    public static Protocol Parse(string json, string origin)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ProtocolException(origin, [new FieldError("$", $"is not valid JSON: {ex.Message}")]);
        }

        using (doc)
        {
            var r = new Walker();
            var protocol = r.Protocol(doc.RootElement);
            if (r.Errors.Count > 0 || protocol is null)
            {
                throw new ProtocolException(origin, r.Errors);
            }

            return protocol;
        }
    }

    private sealed class Walker
    {
        public List<FieldError> Errors { get; } = [];
        private Dictionary<string, string> sources = [];

        public Protocol? Protocol(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Fail("$", "must be a JSON object");
                return null;
            }

            Known(root, "", "name", "version", "title", "sources", "firstLine", "responseCheck", "secondLine", "superRefractory", "escalation", "measurements");
            sources = Sources(root, "sources");
            var name = Text(root, "name", "name");
            var version = Text(root, "version", "version");
            var title = Text(root, "title", "title");
            var firstLine = FirstLine(Obj(root, "firstLine", "firstLine"), "firstLine");
            var responseCheck = OptionalObj(root, "responseCheck", "responseCheck") is { } rc
                ? ResponseCheck(rc, "responseCheck")
                : null;
            var secondLine = SecondLine(Obj(root, "secondLine", "secondLine"), "secondLine");
            var sr = Obj(root, "superRefractory", "superRefractory");
            Known(sr, "superRefractory", "after");
            var escalation = Escalation(Obj(root, "escalation", "escalation"), "escalation");
            var m = Obj(root, "measurements", "measurements");
            Known(m, "measurements", "minWeightKg", "maxWeightKg", "minHeightCm", "maxHeightCm");
            var measurements = new MeasurementLimits
            {
                MinWeightKg = Number(m, "minWeightKg", "measurements.minWeightKg", "kg"),
                MaxWeightKg = Number(m, "maxWeightKg", "measurements.maxWeightKg", "kg"),
                MinHeightCm = Number(m, "minHeightCm", "measurements.minHeightCm", "cm"),
                MaxHeightCm = Number(m, "maxHeightCm", "measurements.maxHeightCm", "cm"),
            };
            if (measurements.MinWeightKg.Value >= measurements.MaxWeightKg.Value)
            {
                Fail("measurements.maxWeightKg", "must be greater than minWeightKg");
            }

            if (measurements.MinHeightCm.Value >= measurements.MaxHeightCm.Value)
            {
                Fail("measurements.maxHeightCm", "must be greater than minHeightCm");
            }

            return new Protocol
            {
                Name = name,
                Version = version,
                Title = title,
                Sources = sources,
                FirstLine = firstLine,
                ResponseCheck = responseCheck,
                SecondLine = secondLine,
                SuperRefractory = new SuperRefractoryRules { After = Duration(sr, "after", "superRefractory.after") },
                Escalation = escalation,
                Measurements = measurements,
            };
        }

        private ResponseCheckRules ResponseCheck(JsonElement e, string path)
        {
            Known(e, path, "grace");
            return new ResponseCheckRules { Grace = Duration(e, "grace", path + ".grace") };
        }

        private FirstLineRules FirstLine(JsonElement? e, string path)
        {
            Known(e, path, "window", "dueSoonLead", "agents");
            var agents = AgentMap(e, "agents", path + ".agents", firstLine: true);
            foreach (var required in Events.Agents.FirstLine.Where(a => !agents.ContainsKey(a)))
            {
                Fail($"{path}.agents.{required}", "is required: every first-line agent needs a course length");
            }

            return new FirstLineRules
            {
                Window = Duration(e, "window", path + ".window"),
                DueSoonLead = Duration(e, "dueSoonLead", path + ".dueSoonLead"),
                Agents = agents,
            };
        }

        private SecondLineRules SecondLine(JsonElement? e, string path)
        {
            Known(e, path, "recommendWithoutResponseAfter", "agents", "adjuncts", "choice", "choiceSource");
            var adjuncts = new List<AdjunctRule>();
            if (e is { } obj && obj.TryGetProperty("adjuncts", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    Fail(path + ".adjuncts", "must be an array");
                }
                else
                {
                    var i = 0;
                    foreach (var item in list.EnumerateArray())
                    {
                        var p = $"{path}.adjuncts[{i++}]";
                        if (item.ValueKind != JsonValueKind.Object)
                        {
                            Fail(p, "must be an object");
                            continue;
                        }

                        Known(item, p, "label", "source", "note");
                        adjuncts.Add(new AdjunctRule(Text(item, "label", p + ".label"), Source(item, p + ".source"), OptionalText(item, "note")));
                    }
                }
            }

            var choice = e is { } o ? OptionalText(o, "choice") : null;
            string? choiceSource = null;
            if (choice is not null && e is { } o2)
            {
                choiceSource = Source(o2, path + ".choiceSource", "choiceSource");
            }

            return new SecondLineRules
            {
                RecommendWithoutResponseAfter = e is { } s && OptionalObj(s, "recommendWithoutResponseAfter", path + ".recommendWithoutResponseAfter") is not null
                    ? Duration(e, "recommendWithoutResponseAfter", path + ".recommendWithoutResponseAfter")
                    : null,
                Agents = AgentMap(e, "agents", path + ".agents", firstLine: false),
                Adjuncts = adjuncts,
                Choice = choice,
                ChoiceSource = choiceSource,
            };
        }

        private Dictionary<string, AgentRules> AgentMap(JsonElement? parent, string name, string path, bool firstLine)
        {
            var result = new Dictionary<string, AgentRules>(StringComparer.Ordinal);
            if (Obj(parent, name, path) is not { } map)
            {
                return result;
            }

            foreach (var p in map.EnumerateObject())
            {
                var ap = $"{path}.{p.Name}";
                if (p.Value.ValueKind != JsonValueKind.Object)
                {
                    Fail(ap, "must be an object");
                    continue;
                }

                var a = p.Value;
                if (firstLine)
                {
                    Known(a, ap, "label", "regimen", "source", "note", "dose", "course");
                }
                else
                {
                    Known(a, ap, "label", "regimen", "source", "note", "dose", "doseInterval", "doses");
                }

                var rules = new AgentRules
                {
                    Label = Text(a, "label", ap + ".label"),
                    Regimen = Text(a, "regimen", ap + ".regimen"),
                    Source = Source(a, ap + ".source"),
                    Note = OptionalText(a, "note"),
                    Dose = OptionalObj(a, "dose", ap + ".dose") is { } d ? Dose(d, ap + ".dose") : null,
                    Course = firstLine ? Duration(a, "course", ap + ".course") : null,
                    DoseInterval = !firstLine && OptionalObj(a, "doseInterval", ap + ".doseInterval") is not null ? Duration(a, "doseInterval", ap + ".doseInterval") : null,
                    Doses = !firstLine && OptionalObj(a, "doses", ap + ".doses") is not null ? Count(a, "doses", ap + ".doses", min: 1) : null,
                };
                if (rules.DoseInterval is not null && rules.Doses is null)
                {
                    Fail(ap + ".doses", "is required with doseInterval: a dose schedule needs both");
                }
                else if (rules.Doses is not null && rules.DoseInterval is null)
                {
                    Fail(ap + ".doseInterval", "is required with doses: a dose schedule needs both");
                }

                result[p.Name] = rules;
            }

            return result;
        }

        private Dose Dose(JsonElement d, string path)
        {
            Known(d, path, "min", "max", "unit", "basis", "per", "source", "note");
            var min = PositiveNumber(d, "min", path + ".min");
            double? max = d.TryGetProperty("max", out var mx) && mx.ValueKind != JsonValueKind.Null ? PositiveNumber(d, "max", path + ".max") : null;
            if (max is { } m && m < min)
            {
                Fail(path + ".max", "must not be below min");
            }

            var basis = Text(d, "basis", path + ".basis");
            if (basis.Length > 0 && basis is not ("fixed" or "per-kg" or "per-m2"))
            {
                Fail(path + ".basis", "must be fixed, per-kg or per-m2");
            }

            return new Dose(min, max, Text(d, "unit", path + ".unit"), basis, Text(d, "per", path + ".per"), Source(d, path + ".source"), OptionalText(d, "note"));
        }

        private EscalationRules Escalation(JsonElement? e, string path)
        {
            Known(e, path, "roles", "repeatLast", "ackTimeout");
            var roles = new List<string>();
            if (e is { } obj && obj.TryGetProperty("roles", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var role in list.EnumerateArray())
                {
                    if (role.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(role.GetString()))
                    {
                        Fail($"{path}.roles[{i}]", "must be a non-empty string");
                    }
                    else
                    {
                        roles.Add(role.GetString()!);
                    }

                    i++;
                }
            }

            if (roles.Count == 0)
            {
                Fail(path + ".roles", "must list at least one recipient role");
            }

            return new EscalationRules
            {
                Roles = roles,
                RepeatLast = Count(e, "repeatLast", path + ".repeatLast", min: 0),
                AckTimeout = Duration(e, "ackTimeout", path + ".ackTimeout"),
            };
        }

        private Dictionary<string, string> Sources(JsonElement root, string path)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Obj(root, "sources", path) is { } map)
            {
                foreach (var p in map.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.Value.GetString()))
                    {
                        Fail($"{path}.{p.Name}", "must be a non-empty citation");
                    }
                    else
                    {
                        result[p.Name] = p.Value.GetString()!;
                    }
                }
            }

            return result;
        }

        private Sourced Duration(JsonElement? parent, string name, string path)
        {
            var s = Quantity(parent, name, path);
            if (s is null)
            {
                return new Sourced(0, "h", "", null);
            }

            if (!Sourced.DurationUnits.Contains(s.Unit))
            {
                Fail(path + ".unit", "must be min, h or d");
                return s with { Unit = "h" };
            }

            return s;
        }

        private Sourced Number(JsonElement? parent, string name, string path, string unit)
        {
            var s = Quantity(parent, name, path) ?? new Sourced(0, unit, "", null);
            if (s.Unit != unit)
            {
                Fail(path + ".unit", $"must be {unit}");
            }

            return s;
        }

        private Sourced Count(JsonElement? parent, string name, string path, int min)
        {
            var s = Quantity(parent, name, path, allowZero: min == 0) ?? new Sourced(min, "count", "", null);
            if (s.Value != Math.Floor(s.Value) || s.Value < min)
            {
                Fail(path + ".value", $"must be a whole number of at least {min}");
            }

            if (s.Unit.Length > 0 && s.Unit != "count")
            {
                Fail(path + ".unit", "must be count");
            }

            return s;
        }

        private Sourced? Quantity(JsonElement? parent, string name, string path, bool allowZero = false)
        {
            if (Obj(parent, name, path) is not { } q)
            {
                return null;
            }

            Known(q, path, "value", "unit", "source", "note");
            double value = 0;
            if (!q.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.Number)
            {
                Fail(path + ".value", "is required and must be a number");
            }
            else
            {
                value = v.GetDouble();
                if (!double.IsFinite(value) || value < 0 || (value == 0 && !allowZero))
                {
                    Fail(path + ".value", allowZero ? "must not be negative" : "must be greater than zero");
                }
            }

            return new Sourced(value, Text(q, "unit", path + ".unit"), Source(q, path + ".source"), OptionalText(q, "note"));
        }

        private double PositiveNumber(JsonElement e, string name, string path)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number)
            {
                Fail(path, "is required and must be a number");
                return 0;
            }

            var value = v.GetDouble();
            if (!double.IsFinite(value) || value <= 0)
            {
                Fail(path, "must be greater than zero");
            }

            return value;
        }

        private string Source(JsonElement e, string path, string name = "source")
        {
            var s = Text(e, name, path);
            if (s.Length > 0 && !sources.ContainsKey(s) && !s.Contains(' ', StringComparison.Ordinal))
            {
                Fail(path, $"'{s}' is neither a key of sources nor a citation");
            }

            return s;
        }

        private JsonElement? Obj(JsonElement? parent, string name, string path)
        {
            if (parent is not { } p)
            {
                return null;
            }

            if (!p.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                Fail(path, "is required");
                return null;
            }

            if (v.ValueKind != JsonValueKind.Object)
            {
                Fail(path, "must be an object");
                return null;
            }

            return v;
        }

        /// <summary>An optional object: absent or null means "not given", anything but an object is an error.</summary>
        private JsonElement? OptionalObj(JsonElement parent, string name, string path)
        {
            if (!parent.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.Object)
            {
                Fail(path, "must be an object or null");
                return null;
            }

            return v;
        }

        /// <summary>
        /// Rejects fields the reader does not know: a misspelt optional field (say <c>responseChek</c>)
        /// would otherwise silently drop a clinical rule.
        /// </summary>
        private void Known(JsonElement? e, string path, params string[] names)
        {
            if (e is not { ValueKind: JsonValueKind.Object } obj)
            {
                return;
            }

            foreach (var p in obj.EnumerateObject().Where(p => !names.Contains(p.Name, StringComparer.Ordinal)))
            {
                Fail(path.Length == 0 ? p.Name : $"{path}.{p.Name}", "is not a known field: " + string.Join(", ", names));
            }
        }

        private string Text(JsonElement e, string name, string path)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
            {
                Fail(path, "is required and must be a non-empty string");
                return "";
            }

            return v.GetString()!;
        }

        private static string? OptionalText(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private void Fail(string path, string message) => Errors.Add(new FieldError(path, message));
    }

    /// <summary>Formats a number for messages without culture surprises.</summary>
    internal static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
