namespace Canic.Fsm.Ic.Certificates;

/// <summary>A certificate whose signature chain, canister ranges and freshness were verified: its tree may be read.</summary>
public sealed class VerifiedCertificate
{
    internal VerifiedCertificate(Certificate certificate, DateTimeOffset time, Principal? subnetId)
    {
        Certificate = certificate;
        Time = time;
        SubnetId = subnetId;
    }

    /// <summary>The certificate.</summary>
    public Certificate Certificate { get; }

    /// <summary>The tree.</summary>
    public HashTree Tree => Certificate.Tree;

    /// <summary>The certificate's <c>/time</c>.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The delegated subnet that signed, or null for the root subnet.</summary>
    public Principal? SubnetId { get; }

    /// <summary>Looks up a path whose labels are texts or raw bytes (<see cref="byte"/>[]).</summary>
    public LookupResult Lookup(params object[] path) => Tree.LookupPath(path.Select(Label).ToArray());

    internal static byte[] Label(object label) => label switch
    {
        byte[] bytes => bytes,
        string text => System.Text.Encoding.UTF8.GetBytes(text),
        Principal principal => principal.Bytes.ToArray(),
        _ => throw new ArgumentException($"A path label is text, bytes or a principal, not {label.GetType().Name}."),
    };
}
