using System.Text.Json;
using System.Text.Json.Nodes;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Hosting;

/// <summary>
/// The protocol versions a deployment has run, with their content hashes, kept in its data directory
/// (<c>protocol-versions.json</c>). A case pins name, version and hash; a protocol file edited without a new
/// version would move the deadlines of every live case pinned to it, so the process refuses to start with it,
/// naming the file, unless the content still matches.
/// </summary>
public static class ProtocolVersionLedger
{
    /// <summary>The ledger's file name in the data directory.</summary>
    public const string FileName = "protocol-versions.json";

    /// <summary>
    /// Checks every loaded protocol version against the ledger and records the new ones. Throws
    /// <see cref="InvalidOperationException"/> naming each file whose content changed under a version already run.
    /// </summary>
    public static void Verify(ProtocolCatalog catalog, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        var known = Read(path);
        var changed = new List<string>();
        var added = false;
        foreach (var p in catalog.All.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Version, StringComparer.Ordinal))
        {
            var entry = known.FirstOrDefault(k => k.Name == p.Name && k.Version == p.Version);
            if (entry is null)
            {
                known.Add(new Entry(p.Name, p.Version, p.Hash, p.Origin));
                added = true;
            }
            else if (entry.Hash != p.Hash)
            {
                changed.Add(
                    $"{p.Origin}: protocol '{p.Name}' version '{p.Version}' has content {p.Hash}, but this deployment ran that version "
                    + $"with content {entry.Hash} (from {entry.Origin}); cases pinned to it would have their deadlines moved. "
                    + "Restore the file's content, or give the edit a new version and keep the old file listed while its cases are open");
            }
        }

        if (changed.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, changed) + $" (versions run are kept in {path}).");
        }

        if (added)
        {
            Write(path, known);
        }
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
                (string?)n?["name"] ?? "", (string?)n?["version"] ?? "", (string?)n?["hash"] ?? "", (string?)n?["origin"] ?? ""))];
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{path} is not valid JSON ({ex.Message}): restore it from a backup; it records which protocol content live cases pinned.", ex);
        }
    }

    private static void Write(string path, List<Entry> entries)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var array = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject
        {
            ["name"] = e.Name,
            ["version"] = e.Version,
            ["hash"] = e.Hash,
            ["origin"] = e.Origin,
        })]);
        var temp = path + ".tmp";
        File.WriteAllText(temp, array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, path, overwrite: true);
    }

    private sealed record Entry(string Name, string Version, string Hash, string Origin);
}
