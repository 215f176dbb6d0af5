using System.Globalization;
using System.Text;

namespace Canic.Fsm.Worker.Hosting;

/// <summary>
/// One worker per state file: an exclusive lock on <c>&lt;file&gt;.lock</c>, beside the file, held for the life of the
/// process. It is a POSIX record lock (fcntl, through <see cref="FileStream.Lock"/>) on the lock file's first byte, so
/// the kernel drops it when the process exits or is killed: a crash never leaves a stale lock to clean up.
/// </summary>
/// <remarks>
/// Why a lock file and not SQLite's own locking: <c>PRAGMA locking_mode=EXCLUSIVE</c> would also keep the worker's
/// own read connections out of its WAL database, and a lock taken on the database file itself would be dropped as
/// soon as SQLite closed any of its descriptors on that file (POSIX locks belong to the process, not the descriptor).
/// The lock file is opened shared (only the byte is exclusive) so that a refused process can still read who holds
/// it: the holder writes one line there (pid, host, start time, API address).
/// </remarks>
internal sealed class StateFileLock : IDisposable
{
    private readonly FileStream _file;

    private StateFileLock(FileStream file) => _file = file;

    /// <summary>The lock file of <paramref name="stateFile"/>: the same path with <c>.lock</c> appended.</summary>
    public static string LockPathOf(string stateFile) => Path.GetFullPath(stateFile) + ".lock";

    /// <summary>
    /// Takes the lock of <paramref name="stateFile"/> (named by its configuration <paramref name="key"/> in messages)
    /// and records <paramref name="holder"/> in it; throws <see cref="StateFileLockedException"/> when another process holds it.
    /// </summary>
    public static StateFileLock Acquire(string key, string stateFile, string holder)
    {
        var lockPath = LockPathOf(stateFile);
        var file = OpenLocked(key, lockPath, out var holderText)
            ?? throw new StateFileLockedException(
                $"{key}: {Path.GetFullPath(stateFile)} is in use by another canic-fsm ({(holderText.Length > 0 ? holderText : "holder not recorded")}; " +
                $"lock file {lockPath}). One worker per database and simulated IC: stop that worker, or give this one other files.");
        var text = Encoding.UTF8.GetBytes(holder + Environment.NewLine);
        file.SetLength(0);
        file.Write(text);
        file.Flush(flushToDisk: true);
        return new StateFileLock(file);
    }

    /// <summary>The lock file, locked; null (with what it says about its holder) when another process holds it.</summary>
    private static FileStream? OpenLocked(string key, string lockPath, out string holderText)
    {
        holderText = "";
        try
        {
            // macOS has no FileStream.Lock: there the whole file is opened exclusively (flock), and the holder cannot be read.
            if (OperatingSystem.IsMacOS()) return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            throw CannotOpen(key, lockPath, e);
        }
        FileStream file;
        try
        {
            file = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotOpen(key, lockPath, e);
        }
        try
        {
            file.Lock(0, 1);
            return file;
        }
        catch (IOException)
        {
            holderText = ReadHolder(file);
            file.Dispose();
            return null;
        }
    }

    private static StateFileLockedException CannotOpen(string key, string lockPath, Exception e) =>
        new($"{key}: cannot open the lock file {lockPath}: {e.Message}");

    /// <summary>What this process writes into its lock files: enough for an operator to find it.</summary>
    public static string DescribeThisProcess(string apiUrl) => string.Create(CultureInfo.InvariantCulture,
        $"pid {Environment.ProcessId} on {Environment.MachineName}, started {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}, API {apiUrl}");

    private static string ReadHolder(FileStream file)
    {
        try
        {
            var buffer = new byte[512];
            file.Position = 0;
            var read = file.Read(buffer);
            return Encoding.UTF8.GetString(buffer, 0, read).Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Releases the lock (closing the file drops it); the lock file stays, empty of meaning once unlocked.</summary>
    public void Dispose() => _file.Dispose();
}

/// <summary>A state file is held by another process (or its lock file cannot be opened): the worker must not start.</summary>
/// <param name="message">Which file, who holds it, and what to do.</param>
internal sealed class StateFileLockedException(string message) : Exception(message);

/// <summary>The locks of every state file of one worker (the database, and the simulated IC's file when it has one).</summary>
internal sealed class StateFileLocks : IDisposable
{
    private readonly List<StateFileLock> _held = [];

    /// <summary>Takes every lock, or none: on a refusal the ones already taken are released before the exception leaves.</summary>
    public static StateFileLocks Acquire(IEnumerable<(string Key, string Path)> stateFiles, string holder)
    {
        var locks = new StateFileLocks();
        try
        {
            foreach (var (key, path) in stateFiles) locks._held.Add(StateFileLock.Acquire(key, path, holder));
            return locks;
        }
        catch
        {
            locks.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var held in _held) held.Dispose();
        _held.Clear();
    }
}
