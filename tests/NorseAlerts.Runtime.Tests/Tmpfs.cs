using System.Diagnostics;

namespace NorseAlerts.Tests.Support;

/// <summary>
/// A small tmpfs mounted for one test, to make the store full for real, and chattr to make it read-only. Both
/// need root (CI and the developer machines run as root); elsewhere the tests that need them are skipped.
/// </summary>
public sealed class Tmpfs : IDisposable
{
    private Tmpfs(string path) => Path = path;

    public string Path { get; }

    public static bool CanMount { get; } = Probe();

    public static Tmpfs Mount(string size)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "norse-tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path);
        return new Tmpfs(path);
    }

    /// <summary>
    /// Makes <paramref name="directory"/> and every file in it immutable (chattr +i), which refuses writes even
    /// to files already open and even to root: what a store on a file system gone read-only looks like.
    /// </summary>
    /// <remarks>SQLite's shared-memory index (-shm) is memory-mapped: an immutable mapping faults the process (SIGBUS), so it stays writable.</remarks>
    public static void MakeReadOnly(string directory) => Run("chattr", ["+i", directory, .. Files(directory)]);

    /// <summary>Makes one file immutable (chattr +i), as <see cref="MakeReadOnly"/> does a directory.</summary>
    public static void MakeFileReadOnly(string file) => Run("chattr", "+i", file);

    /// <summary>Undoes <see cref="MakeFileReadOnly"/>.</summary>
    public static void MakeFileWritable(string file) => Run("chattr", "-i", file);

    /// <summary>Undoes <see cref="MakeReadOnly"/>.</summary>
    public static void MakeWritable(string directory) => Run("chattr", ["-i", directory, .. Files(directory)]);

    private static IEnumerable<string> Files(string directory) => Directory.GetFiles(directory).Where(f => !f.EndsWith("-shm", StringComparison.Ordinal));

    /// <summary>Fills the file system with a filler file until nothing more fits.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write);
        var block = new byte[64 * 1024];
        try
        {
            while (true)
            {
                stream.Write(block);
                stream.Flush();
            }
        }
        catch (IOException)
        {
        }

        return filler;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Run("umount", "-l", Path);
            Directory.Delete(Path, recursive: true);
        }
        catch (InvalidOperationException)
        {
        }
        catch (IOException)
        {
        }
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return false;
        }

        try
        {
            using var probe = Mount("64k");
            var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "norse-chattr-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            MakeReadOnly(dir);
            MakeWritable(dir);
            Directory.Delete(dir);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Run(string file, params string[] args) => Run(file, (IEnumerable<string>)args);

    private static void Run(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {process.StandardError.ReadToEnd()}");
        }
    }
}

/// <summary>A fact that needs a tmpfs it can mount (root on Linux); skipped with the reason elsewhere.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Tmpfs.CanMount)
        {
            Skip = "needs root on Linux to mount a small tmpfs that can be filled and to make files immutable (chattr)";
        }
    }
}
