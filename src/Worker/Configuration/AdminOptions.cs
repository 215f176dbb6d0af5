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

    /// <summary>
    /// Host names the API answers to besides the loopback names, IP addresses and the host of <see cref="Url"/> (key
    /// <c>Admin:AllowedHosts</c>, a list; <c>*</c> accepts any name): a request for any other name is refused, which
    /// keeps a web page whose domain is rebound to this machine away from the API.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>The shortest token accepted when the API is reachable from other machines.</summary>
    public const int MinimumRemoteTokenLength = 16;
}
