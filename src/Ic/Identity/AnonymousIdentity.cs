namespace Canic.Fsm.Ic.Identity;

/// <summary>The anonymous sender (<c>2vxsx-fae</c>): requests carry no key and no signature.</summary>
public sealed class AnonymousIdentity : IIdentity
{
    /// <summary>The one instance.</summary>
    public static AnonymousIdentity Instance { get; } = new();

    private AnonymousIdentity() { }

    /// <inheritdoc />
    public Principal Sender => Principal.Anonymous;

    /// <inheritdoc />
    public byte[]? PublicKeyDer => null;

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> message) =>
        throw new InvalidOperationException("The anonymous identity does not sign; its requests carry no sender_sig.");
}
