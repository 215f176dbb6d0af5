using System.Formats.Cbor;

namespace Canic.Fsm.Ic.Certificates;

/// <summary>
/// A parsed, not yet verified certificate: <c>55799({tree, signature, ?delegation: {subnet_id, certificate}})</c>.
/// Parsing is bounded (size, tree depth); anything malformed is a <see cref="CertificateException"/>.
/// </summary>
public sealed class Certificate
{
    /// <summary>The largest certificate accepted, in bytes (real ones are a few KiB; the golden ones 25 KiB of hex).</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    private Certificate(HashTree tree, byte[] signature, Delegation? delegation)
    {
        Tree = tree;
        Signature = signature;
        Delegation = delegation;
    }

    /// <summary>The hash tree.</summary>
    public HashTree Tree { get; }

    /// <summary>The BLS signature (48 bytes) over <c>"\x0Dic-state-root" ‖ root hash</c>.</summary>
    public byte[] Signature { get; }

    /// <summary>The NNS delegation to the subnet that signed, or null when the root key signed.</summary>
    public Delegation? Delegation { get; }

    /// <summary>Parses a certificate.</summary>
    /// <exception cref="CertificateException">Malformed.</exception>
    public static Certificate Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes) throw new CertificateException(CertificateFailure.Malformed, $"{bytes.Length} bytes, more than {MaxBytes}");
        try
        {
            var reader = new CborReader(bytes.ToArray(), CborConformanceMode.Lax);
            SkipSelfDescribedTag(reader);
            HashTree? tree = null;
            byte[]? signature = null;
            Delegation? delegation = null;
            var count = reader.ReadStartMap();
            for (var i = 0; count is null ? reader.PeekState() != CborReaderState.EndMap : i < count; i++)
            {
                switch (reader.ReadTextString())
                {
                    case "tree": tree = HashTree.Read(reader); break;
                    case "signature": signature = reader.ReadByteString(); break;
                    case "delegation": delegation = ReadDelegation(reader); break;
                    default: reader.SkipValue(); break;
                }
            }
            reader.ReadEndMap();
            if (reader.BytesRemaining != 0) throw new CertificateException(CertificateFailure.Malformed, "bytes follow the certificate");
            return new Certificate(
                tree ?? throw new CertificateException(CertificateFailure.Malformed, "no tree"),
                signature ?? throw new CertificateException(CertificateFailure.Malformed, "no signature"),
                delegation);
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            throw new CertificateException(CertificateFailure.Malformed, $"not a CBOR certificate: {e.Message}", e);
        }
    }

    internal static void SkipSelfDescribedTag(CborReader reader)
    {
        if (reader.PeekState() == CborReaderState.Tag && reader.PeekTag() == (CborTag)55799) reader.ReadTag();
    }

    private static Delegation ReadDelegation(CborReader reader)
    {
        byte[]? subnet = null, certificate = null;
        var count = reader.ReadStartMap();
        for (var i = 0; count is null ? reader.PeekState() != CborReaderState.EndMap : i < count; i++)
        {
            switch (reader.ReadTextString())
            {
                case "subnet_id": subnet = reader.ReadByteString(); break;
                case "certificate": certificate = reader.ReadByteString(); break;
                default: reader.SkipValue(); break;
            }
        }
        reader.ReadEndMap();
        if (subnet is null || certificate is null) throw new CertificateException(CertificateFailure.Malformed, "a delegation without subnet_id or certificate");
        if (subnet.Length > Principal.MaxLength) throw new CertificateException(CertificateFailure.Malformed, "a subnet id longer than a principal");
        return new Delegation(Principal.FromBytes(subnet), certificate);
    }

    /// <summary>The certificate's <c>/time</c>, or null when it is not in the tree.</summary>
    /// <exception cref="CertificateException">The leaf is not a LEB128 number.</exception>
    public DateTimeOffset? Time()
    {
        var time = Tree.LookupPath("time"u8.ToArray());
        return time.Status == LookupStatus.Found ? IcTime.FromNanoseconds(ReadLeb128(time.Value!, "/time")) : null;
    }

    internal static ulong ReadLeb128(byte[] value, string what)
    {
        ulong result = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (i >= 10 || (i == 9 && value[i] > 1)) break;
            result |= (ulong)(value[i] & 0x7f) << (7 * i);
            if ((value[i] & 0x80) == 0)
                return i == value.Length - 1 ? result : throw new CertificateException(CertificateFailure.Malformed, $"{what} has bytes after its number");
        }
        throw new CertificateException(CertificateFailure.Malformed, $"{what} is not a 64-bit LEB128 number");
    }
}

/// <summary>An NNS delegation: the subnet that signed and a certificate (signed by the root key) holding its key and ranges.</summary>
/// <param name="SubnetId">The subnet.</param>
/// <param name="Certificate">The delegation certificate's bytes.</param>
public sealed record Delegation(Principal SubnetId, byte[] Certificate);
