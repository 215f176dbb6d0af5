namespace Canic.Fsm.Ic.Candid;

/// <summary>Why a Candid message could not be decoded (or a value not encoded).</summary>
public enum CandidError
{
    /// <summary>The bytes end before the message does.</summary>
    Truncated,

    /// <summary>The bytes are not a Candid message (bad magic, bad opcode, bad reference, bad LEB128, bad UTF-8, trailing bytes).</summary>
    Malformed,

    /// <summary>The message is well formed but its type does not coerce to the expected type (a missing required field, an unknown variant case outside <c>opt</c>, a different primitive).</summary>
    TypeMismatch,

    /// <summary>The message exceeds a decoding bound (size, depth, type table, number of values).</summary>
    LimitExceeded,
}

/// <summary>A Candid message that cannot be decoded at the expected type, or a value that does not fit its type.</summary>
public sealed class CandidException : IcProtocolException
{
    /// <summary>Creates the error.</summary>
    public CandidException(CandidError error, string message, long position = -1)
        : base(position >= 0 ? $"Candid {error} at byte {position}: {message}" : $"Candid {error}: {message}")
    {
        Error = error;
        Position = position;
    }

    /// <summary>What kind of failure.</summary>
    public CandidError Error { get; }

    /// <summary>The byte offset in the message where decoding failed, or -1.</summary>
    public long Position { get; }
}
