using System.Text.Json;
using System.Text.Json.Nodes;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Hosting;

/// <summary>
/// The protocol versions a deployment has run, with their content hashes, kept in its data directory
/// (<c>protocol-versions.json</c>). A case pins name, version and hash; a protocol file edited without a new
/// version would move the deadlines of every live case pinned to it, so the process refuses to start with it,
/// naming the file, unless the content still matches. A version run before and no longer loaded would stop the
/// deadlines of the active cases pinned to it, so the process refuses to start while any active case pins it, and
/// marks it retired once none does.
/// </summary>
public static class ProtocolVersionLedger
{
    /// <summary>The ledger's file name in the data directory.</summary>
    public const string FileName = "protocol-versions.json";

    /// <summary>
    /// Checks every loaded protocol version against the ledger and records the new ones; then, for every version in
    /// the ledger that is no longer loaded and not yet retired (normally none), asks
    /// <paramref name="activeCasesPinnedTo"/> how many active cases pin it. Throws
    /// <see cref="InvalidOperationException"/> naming each file whose content changed under a version already run,
    /// and each missing version with the number of active cases pinned to it (never a patient), saying how to fix
    /// it. Missing versions no active case pins are marked retired in the ledger and returned.
    /// </summary>
    public static IReadOnlyList<ProtocolVersionId> Verify(ProtocolCatalog catalog, string dataDirectory, Func<ProtocolVersionId, long> activeCasesPinnedTo)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(activeCasesPinnedTo);
        var path = Path.Combine(dataDirectory, FileName);
        var known = Read(path);
        var problems = new List<string>();
        var dirty = false;
        foreach (var p in catalog.All.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Version, StringComparer.Ordinal))
        {
            var index = known.FindIndex(k => k.Name == p.Name && k.Version == p.Version);
            if (index < 0)
            {
                known.Add(new Entry(p.Name, p.Version, p.Hash, p.Origin, Retired: false));
                dirty = true;
            }
            else if (known[index].Hash != p.Hash)
            {
                var entry = known[index];
                problems.Add(
                    $"{p.Origin}: protocol '{p.Name}' version '{p.Version}' has content {p.Hash}, but this deployment ran that version "
                    + $"with content {entry.Hash} (from {entry.Origin}); cases pinned to it would have their deadlines moved. "
                    + "Restore the file's content, or give the edit a new version and keep the old file listed while its cases are open");
            }
            else if (known[index].Retired)
            {
                // Loaded again: new cases may pin it again, so a later removal is checked again.
                known[index] = known[index] with { Retired = false };
                dirty = true;
            }
        }

        var retired = new List<ProtocolVersionId>();
        for (var i = 0; i < known.Count; i++)
        {
            var entry = known[i];
            if (entry.Retired || catalog.Contains(entry.Name, entry.Version))
            {
                continue;
            }

            var id = new ProtocolVersionId(entry.Name, entry.Version);

            var active = activeCasesPinnedTo(id);
            if (active > 0)
            {
                problems.Add(Missing(entry, active));
            }
            else
            {
                known[i] = entry with { Retired = true };
                retired.Add(id);
                dirty = true;
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems) + $" (versions run are kept in {path}).");
        }

        if (dirty)
        {
            Write(path, known);
        }

        return retired;
    }

    private static string Missing(Entry entry, long active)
    {
        var cases = active == 1 ? "1 active case is" : $"{active} active cases are";
        var fix = entry.Origin.StartsWith("NorseAlerts.Pathway.Protocols.", StringComparison.Ordinal)
            ? "It was built into an earlier NorseAlerts build: run a build that still carries it (released built-in versions are kept in "
                + "src/NorseAlerts.Pathway/Protocols/released, see docs/protocols.md) until those cases close"
            : $"List its file ({entry.Origin}) again in NorseAlerts:ProtocolFiles, beside the newer version, until those cases close; "
                + "new cases still start on the newest version";
        return $"protocol '{entry.Name}' version '{entry.Version}' (last loaded from {entry.Origin}) is no longer loaded, but {cases} "
            + $"pinned to it: their deadlines would stop firing. {fix}";
    }

    private static List<Entry> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return [.. (JsonNode.Parse(File.ReadAllText(path)) as JsonArray ?? []).Select(n => new Entry(
                (string?)n?["name"] ?? "", (string?)n?["version"] ?? "", (string?)n?["hash"] ?? "", (string?)n?["origin"] ?? "", (bool?)n?["retired"] ?? false))];
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{path} is not valid JSON ({ex.Message}): restore it from a backup; it records which protocol content live cases pinned.", ex);
        }
    }

    private static void Write(string path, List<Entry> entries)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var array = new JsonArray([.. entries.Select(e =>
        {
            var o = new JsonObject
            {
                ["name"] = e.Name,
                ["version"] = e.Version,
                ["hash"] = e.Hash,
                ["origin"] = e.Origin,
            };
            if (e.Retired)
            {
                // No active case pinned it when it went missing: later starts need not count its cases again.
                o["retired"] = true;
            }

            return (JsonNode)o;
        })]);
        var temp = path + ".tmp";
        File.WriteAllText(temp, array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, path, overwrite: true);
    }

    private sealed record Entry(string Name, string Version, string Hash, string Origin, bool Retired);
}
