namespace Canic.Fsm.Worker.Configuration;

/// <summary>Configuration section <c>Admin</c>.</summary>
public sealed class AdminOptions
{
    /// <summary>Default address: loopback only, so that no token is needed out of the box.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The address the admin/query API listens on (key <c>Admin:Url</c>).</summary>
    public string Url { get; set; } = DefaultUrl;

    /// <summary>
    /// Bearer token required on every request (key <c>Admin:ApiToken</c>); mandatory when <see cref="Url"/>
    /// is not a loopback address.
    /// </summary>
    public string? ApiToken { get; set; }
}
