namespace Canic.Fsm.Ic;

/// <summary>
/// A reply from the IC (or from whatever answered in its name) that is malformed or failed verification:
/// truncated or hostile CBOR, an undecodable Candid value, a certificate or signature that does not verify.
/// Nothing in such a reply is trusted. The subclasses say which layer refused it.
/// </summary>
public class IcProtocolException : Exception
{
    /// <summary>Creates a protocol error with a message saying what was wrong.</summary>
    public IcProtocolException(string message, Exception? innerException = null) : base(message, innerException) { }
}
