using System.Buffers.Binary;

namespace Canic.Fsm.Ic;

/// <summary>
/// An Internet Computer principal: 0 to 29 bytes, written in the textual form
/// <c>base32(crc32(bytes) ++ bytes)</c> grouped by five characters with dashes.
/// </summary>
public readonly struct Principal : IEquatable<Principal>, IComparable<Principal>
{
    /// <summary>The longest principal, in bytes.</summary>
    public const int MaxLength = 29;

    private readonly byte[]? _bytes;

    private Principal(byte[] bytes) => _bytes = bytes;

    /// <summary>The management canister, <c>aaaaa-aa</c> (no bytes).</summary>
    public static Principal ManagementCanister => new([]);

    /// <summary>The anonymous principal, <c>2vxsx-fae</c> (the single byte 0x04).</summary>
    public static Principal Anonymous => new([0x04]);

    /// <summary>The raw bytes of the principal.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes ?? [];

    /// <summary>Creates a principal from its raw bytes (at most 29).</summary>
    /// <exception cref="ArgumentException">More than 29 bytes.</exception>
    public static Principal FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxLength)
            throw new ArgumentException($"A principal has at most {MaxLength} bytes, got {bytes.Length}.", nameof(bytes));
        return new Principal(bytes.ToArray());
    }

    /// <summary>Parses the textual form, case-insensitively, checking the grouping, the length and the checksum.</summary>
    /// <exception cref="FormatException">The text is not a valid principal; the message names it and says why.</exception>
    public static Principal Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var principal, out var error)
            ? principal
            : throw new FormatException($"Invalid principal '{text}': {error}.");
    }

    /// <summary>Parses the textual form; returns false on any invalid input.</summary>
    public static bool TryParse(string? text, out Principal principal) => TryParse(text, out principal, out _);

    private static bool TryParse(string? text, out Principal principal, out string error)
    {
        if (CanonicalPrincipalText.TryDecode(text, out var canonicalBody))
        {
            principal = new Principal(canonicalBody);
            error = "";
            return true;
        }
        principal = default;
        if (string.IsNullOrWhiteSpace(text)) { error = "it is empty"; return false; }
        var lower = text.Trim().ToLowerInvariant();
        var compact = lower.Replace("-", "", StringComparison.Ordinal);
        if (!Base32.TryDecode(compact, out var decoded)) { error = "it holds characters outside base32 (a-z, 2-7)"; return false; }
        if (decoded.Length < 4) { error = "it is too short to hold a checksum"; return false; }
        if (decoded.Length - 4 > MaxLength) { error = $"it decodes to {decoded.Length - 4} bytes, more than {MaxLength}"; return false; }
        var body = decoded.AsSpan(4);
        if (BinaryPrimitives.ReadUInt32BigEndian(decoded) != Crc32.HashToUInt32(body)) { error = "the checksum does not match"; return false; }
        var candidate = new Principal(body.ToArray());
        var canonical = candidate.ToString();
        if (canonical.Replace("-", "", StringComparison.Ordinal) != compact) { error = $"it is not in canonical form (expected '{canonical}')"; return false; }
        if (canonical != lower) { error = $"the dashes are not after every five characters (expected '{canonical}')"; return false; }
        principal = candidate;
        error = "";
        return true;
    }

    /// <summary>The textual form, e.g. <c>rwlgt-iiaaa-aaaaa-aaaaa-cai</c>.</summary>
    public override string ToString()
    {
        var body = Bytes;
        Span<byte> data = stackalloc byte[4 + MaxLength];
        data = data[..(4 + body.Length)];
        BinaryPrimitives.WriteUInt32BigEndian(data, Crc32.HashToUInt32(body));
        body.CopyTo(data[4..]);
        Span<char> encoded = stackalloc char[Base32.EncodedLength(data.Length)];
        Base32.Encode(data, encoded);
        var grouped = encoded.Length + (encoded.Length - 1) / 5;
        Span<char> text = stackalloc char[grouped];
        for (int i = 0, j = 0; i < encoded.Length; i++)
        {
            if (i > 0 && i % 5 == 0) text[j++] = '-';
            text[j++] = encoded[i];
        }
        return new string(text);
    }

    /// <summary>Lower-case hex of the bytes.</summary>
    public string ToHex() => Convert.ToHexStringLower(Bytes);

    /// <inheritdoc />
    public bool Equals(Principal other) => Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Principal other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Bytes);
        return hash.ToHashCode();
    }

    /// <summary>Orders by bytes, lexicographically (a shorter prefix first), as the IC does.</summary>
    public int CompareTo(Principal other) => Bytes.SequenceCompareTo(other.Bytes);

    /// <summary>Equality by bytes.</summary>
    public static bool operator ==(Principal left, Principal right) => left.Equals(right);

    /// <summary>Inequality by bytes.</summary>
    public static bool operator !=(Principal left, Principal right) => !left.Equals(right);
}
